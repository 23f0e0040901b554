"""The reference query semantics (domain.query), as properties over generated countries."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.application.countries import ListCountries
from countries.domain.index import CountryIndex, matches, run_query
from countries.domain.model import Country
from countries.domain.query import (
    CountryFilter,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
    sort_keys,
)
from countries.domain.text import fold
from tests.fakes import make_country
from tests.strategies import country_filters, country_lists

sort_specs = st.builds(SortSpec, field=st.sampled_from(SortField), order=st.sampled_from(SortOrder))


@given(country_lists(max_size=15), sort_specs)
def test_a_sort_is_an_ordered_permutation(countries: list[Country], spec: SortSpec) -> None:
    items = run_query(countries, CountryQuery(sort=spec)).items
    assert sorted(c.code for c in items) == sorted(c.code for c in countries)
    keys = [sort_keys(c)[spec.field] for c in items]
    present = [k for k in keys if k is not None]
    assert keys == present + [None] * (len(keys) - len(present)), "missing values sort last"
    assert present == sorted(present, reverse=spec.order is SortOrder.DESC)


@given(country_lists(max_size=15), sort_specs)
def test_ties_break_by_name_then_code(countries: list[Country], spec: SortSpec) -> None:
    items = run_query(countries, CountryQuery(sort=spec)).items
    for before, after in itertools.pairwise(items):
        if sort_keys(before)[spec.field] == sort_keys(after)[spec.field]:
            assert (fold(before.name), before.code) < (fold(after.name), after.code)


@given(country_lists(max_size=15), country_filters())
def test_a_filter_finds_every_match_and_nothing_else(
    countries: list[Country], flt: CountryFilter
) -> None:
    found = {c.code for c in run_query(countries, CountryQuery(filter=flt)).items}
    assert found == {c.code for c in countries if matches(c, flt, countries)}


@given(country_lists(max_size=15), sort_specs, st.integers(1, 6))
def test_pages_concatenate_to_the_whole_list(
    countries: list[Country], spec: SortSpec, size: int
) -> None:
    whole = run_query(countries, CountryQuery(sort=spec)).items
    pages: list[Country] = []
    for offset in range(0, len(countries) + size, size):
        page = run_query(countries, CountryQuery(sort=spec, limit=size, offset=offset))
        assert page.total == len(countries)
        pages += page.items
    assert pages == list(whole)


@given(
    country_lists(max_size=15),
    st.lists(st.tuples(country_filters(), sort_specs, st.integers(0, 20)), max_size=6),
)
def test_an_index_kept_for_many_queries_answers_each_as_one_made_for_it(
    countries: list[Country], asked: list[tuple[CountryFilter, SortSpec, int]]
) -> None:
    kept = CountryIndex(countries)  # its sort orders are made once and reused
    for flt, spec, offset in asked:
        query = CountryQuery(filter=flt, sort=spec, limit=5, offset=offset)
        wanted = [
            c
            for c in run_query(countries, CountryQuery(sort=spec)).items
            if matches(c, flt, countries)
        ]
        page = kept.run(query)
        assert page.total == len(wanted)
        assert list(page.items) == wanted[offset : offset + 5]


def test_names_match_translations_and_alternative_spellings() -> None:
    germany = make_country("DEU", name="Germany", alt_names=("Alemania", "Deutschland"))
    assert matches(germany, CountryFilter(name="alemania"))
    assert matches(germany, CountryFilter(q="DEUTSCHLAND"))
    assert not matches(germany, CountryFilter(name="france"))


def test_continent_matches_the_region_too() -> None:
    argentina = make_country("ARG", continents=("South America",), region="Americas")
    assert matches(argentina, CountryFilter(continent="americas"))
    assert matches(argentina, CountryFilter(continent="SOUTH amer"))


def test_a_blank_term_filters_nothing() -> None:
    assert matches(make_country("ARG"), CountryFilter(name="   "))


@settings(max_examples=25)
@given(country_lists(max_size=10), st.builds(CountryQuery, sort=sort_specs))
async def test_list_countries_answers_what_the_reference_does(
    countries: list[Country], query: CountryQuery
) -> None:
    store = InMemoryStore(countries={c.code: c for c in countries})
    page = await ListCountries(InMemoryCountryReader(store))(query)
    assert page == run_query(countries, query)
