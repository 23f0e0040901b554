"""The full record on the native API: its filters, `fields=`, sort by area, unknown parameters.

Each filter's answer is compared with a reference written here from the README's words,
applied to every bundled country (what the test app serves), on SQLite and in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from countries.adapters.snapshot import load_snapshot
from countries.config import Settings
from countries.domain.model import Country
from countries.domain.text import fold
from countries.entrypoints import cli
from countries.entrypoints.http.schemas.countries import COUNTRY_FIELDS

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EVERY = load_snapshot()


def _contains(term: str, values: list[str]) -> bool:
    return any(fold(term) in fold(value) for value in values)


def _codes_of(country: Country) -> set[str]:
    given = (country.code, country.cca2, country.ccn3, country.details.cioc)
    return {code.upper() for code in given if code}


def _neighbours(code: str) -> set[str]:
    named = [c for c in EVERY if code.upper() in _codes_of(c)]
    named.sort(key=lambda c: c.code != code.upper())
    return set(named[0].details.borders) if named else set()


# What each text filter means, in the README's words: one predicate per parameter.
REFERENCE: dict[str, Callable[[Country, str], bool]] = {
    "currency": lambda c, t: any(
        fold(t) == fold(x.code) or fold(t) in fold(x.name) for x in c.currencies
    ),
    "language": lambda c, t: any(
        fold(t) == fold(x.code) or fold(t) in fold(x.name) for x in c.languages
    ),
    "region": lambda c, t: _contains(t, [c.region]),
    "subregion": lambda c, t: _contains(t, [c.subregion or ""]),
    "demonym": lambda c, t: _contains(t, [n for _, d in c.details.demonyms for n in (d.f, d.m)]),
    "full_name": lambda c, t: fold(t) in {fold(c.name), fold(c.official_name)},
    "borders": lambda c, t: c.code in _neighbours(t),
    "codes": lambda c, t: bool(_codes_of(c) & {x.upper() for x in t.split(",")}),
}
FLAGS = ("independent", "un_member", "landlocked")


def _words(country: Country) -> list[str]:
    """Texts the filters match: currency, language, region, demonym and name spellings."""
    details = country.details
    return [
        *(x.code for x in country.currencies),
        *(x.name for x in country.currencies),
        *(x.code for x in country.languages),
        *(x.name for x in country.languages),
        country.region,
        country.subregion or "",
        *(n for _, d in details.demonyms for n in (d.f, d.m)),
        country.name,
        country.official_name.upper(),
    ]


WORDS = sorted({w for c in EVERY for w in _words(c) if fold(w)})
CODES = sorted(code for c in EVERY for code in _codes_of(c))
# A whole word, a piece of one, or any of its spellings in another case.
text_terms = (
    st.sampled_from(WORDS)
    .flatmap(lambda w: st.sampled_from([w, w.upper(), w[: max(2, len(w) // 2)], w[1:]]))
    .filter(lambda t: bool(fold(t)))
)


def _term(parameter: str) -> st.SearchStrategy[str]:
    if parameter == "borders":
        return st.sampled_from(CODES).map(str.lower)
    if parameter == "codes":
        return st.lists(st.sampled_from(CODES), min_size=1, max_size=4).map(",".join)
    return text_terms


async def _codes(client: httpx2.AsyncClient, route: str = "/countries", **params: str) -> list[str]:
    response = await client.get(route, params=params)
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["items"]]


@pytest.mark.parametrize("parameter", sorted(REFERENCE))
@FUZZ
@given(data=st.data())
async def test_each_filter_answers_what_its_reference_finds(
    client: httpx2.AsyncClient, parameter: str, data: st.DataObject
) -> None:
    term = data.draw(_term(parameter), label=parameter)
    expected = {c.code for c in EVERY if REFERENCE[parameter](c, term)}
    assert set(await _codes(client, **{parameter: term})) == expected


@pytest.mark.parametrize("parameter", FLAGS)
@pytest.mark.parametrize("value", [True, False])
async def test_each_flag_answers_the_countries_holding_that_value(
    client: httpx2.AsyncClient, parameter: str, value: bool
) -> None:
    expected = {c.code for c in EVERY if getattr(c.details, parameter) is value}
    assert expected
    assert set(await _codes(client, **{parameter: str(value).lower()})) == expected


@pytest.mark.parametrize("parameter", FLAGS)
@pytest.mark.parametrize("spelling", ["True", "1", "yes", "on", ""])
async def test_a_flag_takes_only_true_or_false(
    client: httpx2.AsyncClient, parameter: str, spelling: str
) -> None:
    answer = await client.get("/countries", params={parameter: spelling})
    assert answer.status_code == 422, answer.text
    assert parameter in [e["name"] for e in answer.json()["errors"]]


async def test_the_euro_countries_and_their_neighbours_combine_with_and(
    client: httpx2.AsyncClient,
) -> None:
    euro = set(await _codes(client, currency="EUR"))
    assert {"DEU", "FRA", "ESP"} <= euro
    assert "GBR" not in euro
    assert set(await _codes(client, currency="euro")) == euro
    assert set(await _codes(client, currency="eur", borders="de")) == {
        c for c in euro if c in _neighbours("DE")
    }
    assert await _codes(client, full_name="federal republic of GERMANY") == ["DEU"]
    assert await _codes(client, codes="ar,076,CHN,GER") == ["ARG", "BRA", "CHN", "DEU"]


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_sort_by_area_puts_countries_without_area_last(
    client: httpx2.AsyncClient, order: str
) -> None:
    areas = {c.code: c.details.area for c in EVERY}
    codes = await _codes(client, sort="area", order=order)
    known = [areas[code] for code in codes if areas[code] is not None]
    assert known == sorted(known, reverse=order == "desc")
    assert codes[: len(known)] == [code for code in codes if areas[code] is not None]
    assert (await _codes(client, sort="area", order="desc"))[0] == "RUS"


async def test_sort_by_subregion_goes_by_subregion(client: httpx2.AsyncClient) -> None:
    items = (await client.get("/countries", params={"sort": "subregion"})).json()["items"]
    named = [fold(c["subregion"]) for c in items if c["subregion"]]
    assert named == sorted(named)
    assert all(not c["subregion"] for c in items[len(named) :])


@FUZZ
@given(fields=st.lists(st.sampled_from(COUNTRY_FIELDS), min_size=1, max_size=6))
async def test_fields_keeps_exactly_the_named_fields_and_the_code(
    client: httpx2.AsyncClient, fields: list[str]
) -> None:
    wanted = {*fields, "code"}
    listed = await client.get("/countries", params={"fields": ",".join(fields), "limit": 3})
    assert listed.status_code == 200, listed.text
    assert all(set(item) == wanted for item in listed.json()["items"])
    one = await client.get("/countries/ar", params={"fields": ",".join(fields)})
    assert one.status_code == 200, one.text
    whole = (await client.get("/countries/ARG")).json()
    assert one.json() == {name: value for name, value in whole.items() if name in wanted}


async def test_every_country_carries_the_full_record(client: httpx2.AsyncClient) -> None:
    argentina = (await client.get("/countries/ARG")).json()
    assert list(argentina) == list(COUNTRY_FIELDS)
    assert argentina["cioc"] == "ARG"
    assert argentina["independent"] is True
    assert argentina["borders"] == ["BOL", "BRA", "CHL", "PRY", "URY"]
    assert argentina["calling_codes"] == ["+54"]
    assert argentina["demonyms"]["eng"] == {"f": "Argentine", "m": "Argentine"}
    assert argentina["area"] == 2780400


unknown_names = st.from_regex(r"[a-z][a-z_]{1,11}", fullmatch=True).filter(
    lambda n: (
        n not in {*COUNTRY_FIELDS, "q", "sort", "order", "limit", "offset", "fields"}
        and n not in REFERENCE
        and n not in FLAGS
        and n not in {"name", "capital", "continent"}
    )
)


@pytest.mark.parametrize(
    "route", ["/countries", "/countries/export", "/countries/ARG", "/countries/ARG/activities"]
)
@FUZZ
@given(name=unknown_names)
async def test_an_unknown_parameter_is_a_422_naming_it(
    client: httpx2.AsyncClient, route: str, name: str
) -> None:
    answer = await client.get(route, params={name: "EUR"})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    (error,) = [e for e in answer.json()["errors"] if e["name"] == name]
    assert error["message"] == f"{name} is not a parameter of this route"


@pytest.mark.parametrize("route", ["/countries", "/countries/export", "/countries/ARG"])
async def test_an_unknown_field_is_a_422_naming_it(client: httpx2.AsyncClient, route: str) -> None:
    answer = await client.get(route, params={"fields": "name,gdp,area"})
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert error["name"] == "fields"
    assert "'gdp'" in error["message"]


def _sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content))["Countries"]
    return list(sheet.iter_rows(values_only=True))


async def test_an_export_with_fields_has_exactly_those_columns(
    client: httpx2.AsyncClient,
) -> None:
    params = {"fields": "name,area,borders,independent", "continent": "south america"}
    answer = await client.get("/countries/export", params=params)
    assert answer.status_code == 200, answer.text
    header, *rows = _sheet_rows(answer.content)
    assert header == ("Name", "Area (km²)", "Borders", "Independent")
    assert ("Argentina", 2780400, "BOL, BRA, CHL, PRY, URY", "yes") in rows
    default = _sheet_rows((await client.get("/countries/export")).content)[0]
    assert default[:4] == ("Code", "CCA2", "CCN3", "Name")
    assert len(default) == 14


def test_the_cli_exports_the_new_filters_and_columns(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "out.xlsx"
    argv = ["export", "--currency", "EUR", "--un-member", "false", "--fields", "code,name"]
    code = cli.main([*argv, "-o", str(target)], settings=settings_for())
    assert code == 0, capsys.readouterr().err
    header, *rows = _sheet_rows(target.read_bytes())
    assert header == ("Code", "Name")
    expected = {
        c.code for c in EVERY if REFERENCE["currency"](c, "EUR") and c.details.un_member is False
    }
    assert {row[0] for row in rows} == expected


def test_the_cli_refuses_a_flag_other_than_true_or_false(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "out.xlsx"
    code = cli.main(["export", "--landlocked", "yes", "-o", str(target)], settings=settings_for())
    assert code == 2
    assert "invalid --landlocked: landlocked must be true or false" in capsys.readouterr().err
