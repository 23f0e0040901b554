"""The dataset held in memory per version: loaded once, reloaded when a newer version is known."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.caching.dataset import CachedDatasetReader, Dataset
from countries.caching.versions import DatasetVersion
from countries.domain.index import run_query
from countries.domain.model import Country
from countries.domain.query import (
    CountryFilter,
    CountryPage,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from tests.fakes import make_country, store_of
from tests.strategies import country_lists, country_queries


class CountingReader(InMemoryCountryReader):
    """The in-memory reader, counting the queries that reach it."""

    def __init__(self, store: InMemoryStore) -> None:
        super().__init__(store)
        self.queries = 0

    async def query(self, query: CountryQuery) -> CountryPage:
        self.queries += 1
        await asyncio.sleep(0.01)  # concurrent callers arrive meanwhile
        return await super().query(query)


def reader_of(store: InMemoryStore) -> tuple[CachedDatasetReader, CountingReader, DatasetVersion]:
    counting = CountingReader(store)
    version = DatasetVersion(counting)
    return CachedDatasetReader(counting, version), counting, version


async def test_queries_are_answered_from_one_load_per_version() -> None:
    store = store_of(ARG="South America", FRA="Europe", ESP="Europe")
    cached, counting, _ = reader_of(store)
    europe = CountryQuery(filter=CountryFilter(continent="europe"))
    pages = await asyncio.gather(*(cached.query(europe) for _ in range(10)))
    assert {tuple(c.code for c in p.items) for p in pages} == {("ESP", "FRA")}
    assert (await cached.get("AR")) is not None  # by any code
    assert counting.queries == 1


async def test_a_newer_version_reloads_and_an_older_one_does_not() -> None:
    store = store_of(ARG="South America", FRA="Europe")
    cached, counting, version = reader_of(store)
    assert (await cached.query(CountryQuery())).total == 2
    store.countries = {"ARG": store.countries["ARG"]}
    store.sync_state = replace(store.sync_state, version=store.sync_state.version + 1)
    assert (await cached.query(CountryQuery())).total == 2  # not told yet: still held
    version.saw(store.sync_state.version)
    assert (await cached.query(CountryQuery())).total == 1
    version.saw(0)  # a late report of an older version changes nothing
    assert (await cached.query(CountryQuery())).total == 1
    assert counting.queries == 2


@settings(max_examples=40, deadline=None)
@given(
    country_lists(max_size=15),
    st.lists(country_queries(), max_size=8),
)
def test_pages_of_kept_matches_are_the_pages_of_a_query_run_afresh(
    countries: list[Country], queries: list[CountryQuery]
) -> None:
    dataset = Dataset.of(1, tuple(countries))
    for query in [*queries, *queries]:  # each filter and order asked twice: the second kept
        assert dataset.page(query) == run_query(countries, query)
        # The same filter in every other order: what it passes is kept, ordered anew.
        for field in SortField:
            for order in SortOrder:
                again = replace(query, sort=SortSpec(field=field, order=order))
                assert dataset.page(again) == run_query(countries, again)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Europe", "Asia", "Africa"]),
            st.text(alphabet="abcxyz", min_size=1, max_size=4),
            st.integers(min_value=0, max_value=1000),
        ),
        min_size=2,
        max_size=12,
    )
)
def test_what_a_filter_passes_is_kept_and_ordered_anew_for_every_sort(
    drawn: list[tuple[str, str, int]],
) -> None:
    countries = [
        make_country(
            f"{chr(65 + i)}AA",
            name=name,
            population=population,
            continents=(continent,),
            region=continent,
        )
        for i, (continent, name, population) in enumerate(drawn)
    ]
    dataset = Dataset.of(1, tuple(countries))
    europe = CountryFilter(continent="europe")  # some of them, in no order of their own
    for field in SortField:
        for order in SortOrder:
            query = CountryQuery(filter=europe, sort=SortSpec(field=field, order=order))
            assert dataset.page(query) == run_query(countries, query)
