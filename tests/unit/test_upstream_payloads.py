"""Upstream payload parsing: any JSON gives countries or SourceInvalid, and valid records round-trip."""

from __future__ import annotations

import copy
import json
import string
from dataclasses import replace
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.adapters.restcountries.decode import parse_json
from countries.adapters.restcountries.payloads_v5 import decode_page
from countries.adapters.restcountries.payloads_v31 import (
    decode_records,
    index_partial,
    parse_records,
)
from countries.application.errors import SourceInvalid
from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.record import CountryDetails
from tests.upstream import fixture_records

V31, V5 = fixture_records()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def outcome(parse: Any, body: bytes) -> list[Country] | SourceInvalid:
    """What parsing `body` gives: countries or SourceInvalid; any other exception fails the test."""
    try:
        result = parse(body)
    except SourceInvalid as exc:
        return exc
    countries: list[Country] = result if isinstance(result, list) else result.countries
    assert all(isinstance(c, Country) for c in countries)
    return countries


def readable(outcome: list[Country] | SourceInvalid) -> bool:
    """Countries, or a SourceInvalid that says something."""
    return not isinstance(outcome, SourceInvalid) or bool(str(outcome))


@FAST
@given(st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)))
def test_any_body_gives_countries_or_source_invalid(body: bytes) -> None:
    assert readable(outcome(decode_records, body))
    assert readable(outcome(decode_page, body))
    assert readable(outcome(lambda b: list(index_partial(parse_json(b, what="x"), what="x")), body))


def replace_somewhere(record: dict[str, Any], path: list[int], value: object) -> dict[str, Any]:
    """A copy of `record` with one value (chosen by `path` indices) replaced by `value`."""
    changed = copy.deepcopy(record)
    node: Any = changed
    for step in path:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = keys[step % len(keys)]
        if not isinstance(node[key], dict | list) or step == path[-1]:
            node[key] = value
            break
        node = node[key]
    return changed


@FAST
@given(
    st.integers(0, 249),
    st.lists(st.integers(0, 50), min_size=1, max_size=3),
    json_values,
)
def test_a_record_with_any_value_swapped_gives_countries_or_source_invalid(
    index: int, path: list[int], value: object
) -> None:
    v31 = replace_somewhere(V31[index], path, value)
    v5 = replace_somewhere(V5[index], path, value)
    envelope = {"data": {"objects": [v5], "meta": {"total": 1, "more": False}}}

    assert readable(outcome(decode_records, json.dumps([v31]).encode()))
    assert readable(outcome(decode_page, json.dumps(envelope).encode()))


# Countries as REST Countries could describe them: non-empty names, well-formed codes.
name = st.text(alphabet=string.ascii_letters + "éÅ ’-", min_size=1, max_size=12)
upper = string.ascii_uppercase


Coded = TypeVar("Coded", Currency, Language)


def _by_code(items: st.SearchStrategy[Coded]) -> st.SearchStrategy[tuple[Coded, ...]]:
    """Up to three of `items` with distinct codes, in code order, as a country holds them."""
    return st.lists(items, max_size=3, unique_by=lambda item: item.code).map(
        lambda drawn: tuple(sorted(drawn, key=lambda item: item.code))
    )


currencies = _by_code(
    st.builds(
        Currency, code=st.text(upper, min_size=3, max_size=3), name=name, symbol=st.none() | name
    )
)
languages = _by_code(
    st.builds(Language, code=st.text(string.ascii_lowercase, min_size=3, max_size=3), name=name)
)
flag_urls = st.sampled_from(("https", "http")).flatmap(
    lambda scheme: st.text(string.ascii_lowercase, min_size=1).map(
        lambda path: f"{scheme}://flagcdn.com/{path}"
    )
)


@st.composite
def upstream_countries(draw: st.DrawFn) -> Country:
    common, official = draw(name), draw(name)
    alt_names = draw(st.lists(name, unique=True, max_size=3))
    return Country(
        code=draw(st.text(upper, min_size=3, max_size=3)),
        cca2=draw(st.text(upper, min_size=2, max_size=2)),
        ccn3=draw(st.none() | st.text(string.digits, min_size=3, max_size=3)),
        name=common,
        official_name=official,
        capitals=tuple(draw(st.lists(name, max_size=3))),
        currencies=draw(currencies),
        continents=tuple(draw(st.lists(name, min_size=1, max_size=2))),
        region=draw(name),
        subregion=draw(st.none() | name),
        languages=draw(languages),
        population=draw(st.integers(0, 2**53)),
        flag=Flag(emoji="🏳", png=draw(flag_urls), svg=draw(flag_urls), alt=draw(st.none() | name)),
        alt_names=tuple(n for n in alt_names if n not in (common, official)),
    )


def as_v31(c: Country) -> dict[str, object]:
    return {
        "cca3": c.code, "cca2": c.cca2, "ccn3": c.ccn3 or "",
        "name": {"common": c.name, "official": c.official_name, "nativeName": {}},
        "capital": list(c.capitals),
        "currencies": {x.code: {"name": x.name, "symbol": x.symbol} for x in c.currencies},
        "continents": list(c.continents), "region": c.region, "subregion": c.subregion or "",
        "languages": {x.code: x.name for x in c.languages}, "population": c.population,
        "flag": c.flag.emoji, "flags": {"png": c.flag.png, "svg": c.flag.svg, "alt": c.flag.alt},
        "altSpellings": list(c.alt_names), "translations": {}, "unknownField": [1, 2],
    }  # fmt: skip


def as_v5(c: Country) -> dict[str, object]:
    return {
        "names": {"common": c.name, "official": c.official_name, "alternates": list(c.alt_names)},
        "codes": {"alpha_2": c.cca2, "alpha_3": c.code, "ccn3": c.ccn3 or "", "fips": ""},
        "capitals": [{"name": x, "attributes": {"primary": True}} for x in c.capitals],
        "currencies": [{"code": x.code, "name": x.name, "symbol": x.symbol} for x in c.currencies],
        "continents": list(c.continents), "region": c.region, "subregion": c.subregion or "",
        "languages": [{"iso639_3": x.code, "name": x.name, "iso639_1": ""} for x in c.languages],
        "population": c.population, "uuid": "x",
        "flag": {"emoji": c.flag.emoji, "url_png": c.flag.png, "url_svg": c.flag.svg,
                 "description": c.flag.alt},
    }  # fmt: skip


@FAST
@given(upstream_countries())
def test_a_valid_record_round_trips_through_both_versions(country: Country) -> None:
    envelope = {"data": {"objects": [as_v5(country)], "meta": {"total": 1, "more": False}}}
    # The spellings are the alternative names here; the rest of the record is empty.
    expected = replace(country, details=CountryDetails(alt_spellings=country.alt_names))

    assert parse_records([as_v31(country)]) == [expected]
    assert decode_page(json.dumps(envelope).encode()).countries == [expected]


def test_a_duplicate_code_is_invalid() -> None:
    with pytest.raises(SourceInvalid, match="twice: ABW"):
        parse_records([V31[0], V31[0]])
