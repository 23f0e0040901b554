"""The country store's contract on queries: pages, sorts, and the reference's every answer."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from countries.domain.index import run_query
from countries.domain.model import Country
from countries.domain.query import CountryQuery, SortField, SortOrder, SortSpec
from tests.contract.conftest import Store
from tests.contract.stored_countries import ALL, ANTARCTICA, put, retire
from tests.strategies import country_lists, country_queries


async def test_paging_past_the_end_still_counts_every_match(store: Store) -> None:
    await put(store, *ALL)
    page = await store.reader.query(CountryQuery(limit=2, offset=5))
    assert (page.total, page.items) == (3, ())


async def test_sort_puts_countries_without_a_value_last_in_both_orders(store: Store) -> None:
    await put(store, *ALL)
    for order in SortOrder:
        spec = SortSpec(field=SortField.CAPITAL, order=order)
        items = (await store.reader.query(CountryQuery(sort=spec))).items
        assert items[-1] == ANTARCTICA


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # No shrinking: against a database it runs into Hypothesis's 5-minute cap. The failing
    # query is in the assertion message; add Phase.shrink locally to minimise an example.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    found=country_lists(min_size=3),
    queries=st.lists(country_queries(), min_size=2, max_size=5),
    data=st.data(),
)
async def test_the_reader_answers_every_query_as_the_reference_does(
    store: Store, found: list[Country], queries: list[CountryQuery], data: st.DataObject
) -> None:
    await store.clear()  # one database per adapter, emptied for every example
    retired = data.draw(st.sets(st.sampled_from([c.code for c in found])))
    await put(store, *found)
    if retired:
        await retire(store, *retired)
    active = [c for c in found if c.code not in retired]

    for query in queries:
        assert await store.reader.query(query) == run_query(active, query), query
    assert await store.reader.count() == len(active)
    for country in found:
        expected = None if country.code in retired else country
        assert await store.reader.get(country.cca2) == expected
