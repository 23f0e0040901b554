"""The /v3.1 routes answer what restcountries.com/v3.1 answered for the same data file.

The oracle here is written from the open-source server's Java code over the raw records
of tests/data (REST Countries' own v3.1 file), independently of the service's
`domain.lookups`: an application written for the hosted service gets the same countries
and the same fields.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.upstream import fixture_records

Record = dict[str, Any]
# Scheme-less links in the data file, which the service serves with https:// in front.
SCHEMELESS_MAPS = {"FIN", "LBY", "VIR"}


def records() -> list[Record]:
    return fixture_records()[0]


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not "̀" <= c <= "ͯ")


def _values(mapping: dict[str, dict[str, str]]) -> Iterator[str]:
    for entry in mapping.values():
        yield from entry.values()


# One rule per route, as `CountryServiceBaseV3` wrote it.
ORACLE: dict[str, Callable[[Record, str], bool]] = {
    "name": lambda r, t: any(
        t.lower() in s.lower()
        for s in (r["name"]["common"], r["name"]["official"], *r["altSpellings"])
    ),
    "alpha": lambda r, t: (
        t.lower() in {r[k].lower() for k in ("cca2", "ccn3", "cca3", "cioc") if r[k]}
    ),
    "currency": lambda r, t: any(
        code.lower() == t.lower() or t in c["name"].lower() for code, c in r["currencies"].items()
    ),
    "capital": lambda r, t: any(_strip(t.lower()) in _strip(c.lower()) for c in r["capital"]),
    "region": lambda r, t: t.lower() in r["region"].lower() or r["subregion"].lower() == t.lower(),
    "subregion": lambda r, t: t.lower() in r["subregion"].lower(),
    "lang": lambda r, t: any(
        t.lower() in (k.lower(), v.lower()) for k, v in r["languages"].items()
    ),
    "demonym": lambda r, t: any(t.lower() in v.lower() for v in _values(r["demonyms"])),
    "translation": lambda r, t: any(t.lower() in v.lower() for v in _values(r["translations"])),
}


def _texts_for(route: str, record: Record) -> list[str]:
    """Where a user would take a term for this route from, in one record."""
    by_route: dict[str, list[str]] = {
        "name": [record["name"]["common"], *record["altSpellings"]],
        "alpha": [record["cca2"], record["cca3"], record["ccn3"], record["cioc"]],
        "currency": [*record["currencies"], *(c["name"] for c in record["currencies"].values())],
        "capital": record["capital"],
        "region": [record["region"], record["subregion"]],
        "subregion": [record["subregion"]],
        "lang": [*record["languages"], *record["languages"].values()],
        "demonym": list(_values(record["demonyms"])),
        "translation": list(_values(record["translations"])),
    }
    return [text for text in by_route[route] if text]


@st.composite
def lookups(draw: st.DrawFn) -> tuple[str, str]:
    """A route and a term a user might send it: a whole value or a piece of one."""
    route = draw(st.sampled_from(sorted(ORACLE)))
    texts = [t for r in records() for t in _texts_for(route, r)]
    text = draw(st.sampled_from(texts))
    if route not in ("alpha", "lang", "region") and len(text) > 3:
        start = draw(st.integers(0, len(text) - 3))
        text = text[start : start + draw(st.integers(3, len(text) - start))]
    term = draw(st.sampled_from((text, text.lower(), text.upper())))
    return route, term


def _served(record: Record) -> Record:
    if record["cca3"] in SCHEMELESS_MAPS:
        link = record["maps"]["openStreetMaps"]
        return {**record, "maps": {**record["maps"], "openStreetMaps": f"https://{link}"}}
    return record


async def test_all_is_the_data_file_record_for_record(client: httpx2.AsyncClient) -> None:
    served = {r["cca3"]: r for r in (await client.get("/v3.1/all")).json()}
    expected = {r["cca3"]: _served(r) for r in records()}
    assert served.keys() == expected.keys()
    different = [code for code in expected if served[code] != expected[code]]
    assert different == [], served[different[0]] if different else None


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(lookup=lookups())
async def test_each_lookup_finds_what_the_hosted_service_found(
    client: httpx2.AsyncClient, lookup: tuple[str, str]
) -> None:
    route, term = lookup
    if route == "alpha" and not 2 <= len(term) <= 3:
        return
    if "/" in term or term.strip() != term:
        return
    expected = {r["cca3"] for r in records() if ORACLE[route](r, term)}
    response = await client.get(f"/v3.1/{route}/{quote(term, safe='')}")
    if not expected:
        assert (response.status_code, response.json()) == (
            404,
            {"status": 404, "message": "Not Found"},
        )
        return
    assert response.status_code == 200, (route, term, response.text)
    body = response.json()
    found = {r["cca3"] for r in (body if isinstance(body, list) else [body])}
    assert found == expected, (route, term)


async def test_a_full_name_finds_one_country_and_a_piece_of_it_none(
    client: httpx2.AsyncClient,
) -> None:
    full = await client.get("/v3.1/name/argentine%20republic", params={"fullText": "true"})
    assert [r["cca3"] for r in full.json()] == ["ARG"]
    piece = await client.get("/v3.1/name/argentine", params={"fullText": "true"})
    assert piece.status_code == 404
