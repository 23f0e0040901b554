"""The v3.1 lookups: the server's 400 rules for codes, and the use case on the memory adapters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.application.errors import NotFound
from countries.application.lookups import (
    ByCodes,
    ByIndependence,
    ByTerm,
    Everything,
    LookUpCountries,
)
from countries.domain.lookups import Lookup, alpha_code, code_list, flag
from countries.domain.record import CountryDetails
from tests.fakes import make_country


@given(st.text(max_size=6))
def test_an_alpha_code_is_two_or_three_characters_once_a_stray_codes_is_dropped(
    raw: str,
) -> None:
    code = raw.replace("codes=", "") if "codes" in raw else raw
    assert alpha_code(raw) == (code if 2 <= len(code) <= 3 else None)


def test_alpha_code_examples() -> None:
    assert alpha_code("col") == "col"
    assert alpha_code("codes=co") == "co"
    assert alpha_code("c") is None
    assert alpha_code("colo") is None


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        (None, None),
        ("", None),
        ("c", None),
        ("colo", None),
        ("co", ["co"]),
        ("col", ["col"]),
        ("col,ar", ["col", "ar"]),
        ("colo,", ["colo", ""]),
        ("co, ar", ["co", " ar"]),  # not trimmed: ` ar` names nothing, as on the server
    ],
)
def test_a_code_list_is_refused_as_the_server_refused_it(
    raw: str | None, codes: list[str] | None
) -> None:
    assert code_list(raw) == codes


def world() -> LookUpCountries:
    store = InMemoryStore()
    for code, name, independent in (("ZAF", "South Africa", True), ("ABW", "Aruba", False)):
        details = CountryDetails(independent=independent)
        store.countries[code] = make_country(code, name=name, details=details)
    return LookUpCountries(InMemoryCountryReader(store))


async def test_answers_come_by_name() -> None:
    found = await world()(Everything())
    assert [c.code for c in found] == ["ABW", "ZAF"]


@given(st.text(max_size=5), st.booleans())
def test_a_flag_is_micronauts_true_words_or_1_and_anything_else_is_false(
    raw: str, default: bool
) -> None:
    assert flag(raw, default=default) is (raw.lower() in {"true", "yes", "y", "on", "1"})
    assert flag(None, default=default) is default
    assert flag("YeS", default=False)
    assert flag("1", default=False)
    assert not flag("", default=True)
    assert not flag("t", default=True)


async def test_every_lookup_that_finds_nothing_is_not_found() -> None:
    look_up = world()
    for request in (
        ByTerm(Lookup.NAME, "atlantis"),
        ByCodes(("zz",)),
        ByTerm(Lookup.FULL_NAME, "south"),
    ):
        with pytest.raises(NotFound):
            await look_up(request)


async def test_every_country_of_an_empty_dataset_is_an_empty_list() -> None:
    assert await LookUpCountries(InMemoryCountryReader(InMemoryStore()))(Everything()) == []


async def test_independence_and_codes() -> None:
    look_up = world()
    assert [c.code for c in await look_up(ByIndependence(True))] == ["ZAF"]
    assert [c.code for c in await look_up(ByIndependence(False))] == ["ABW"]
    assert [c.code for c in await look_up(ByCodes(("ZA", "abw", "ZA")))] == ["ABW", "ZAF"]
