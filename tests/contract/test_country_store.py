"""The country store's contract, written once against the ports and run on every adapter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from countries.domain.index import run_query
from countries.domain.model import Country, Currency, Flag, Language, SyncState
from countries.domain.query import (
    CountryFilter,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from tests.contract.conftest import Store
from tests.strategies import country_lists, country_queries

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
T1 = T0 + timedelta(days=1)

ARGENTINA = Country(
    code="ARG",
    cca2="AR",
    ccn3="032",
    name="Argentina",
    official_name="Argentine Republic",
    capitals=("Buenos Aires",),
    currencies=(Currency(code="ARS", name="Argentine peso", symbol="$"),),
    continents=("South America",),
    region="Americas",
    subregion="South America",
    languages=(Language(code="grn", name="Guaraní"), Language(code="spa", name="Spanish")),
    population=45_376_763,
    flag=Flag(
        emoji="🇦🇷",
        png="https://flagcdn.com/w320/ar.png",
        svg="https://flagcdn.com/ar.svg",
        alt="The flag of Argentina",
    ),
    alt_names=("Argentine Republic", "República Argentina", "Alemania? no: Argentinien"),
)
# Nothing optional is set: no numeric code, capital, currency, language, subregion, flag alt.
ANTARCTICA = Country(
    code="ATA",
    cca2="AQ",
    ccn3=None,
    name="Antarctica",
    official_name="Antarctica",
    continents=("Antarctica",),
    flag=Flag(emoji="🇦🇶", png="https://flagcdn.com/w320/aq.png", svg="https://flagcdn.com/aq.svg"),
)
ALAND = Country(
    code="ALA",
    cca2="AX",
    ccn3="248",
    name="Åland Islands",
    official_name="Landskapet Åland — 100%_ special\\chars 'quoted' \U0001d400",
    capitals=("Mariehamn", "Maarianhamina"),
    currencies=(
        Currency(code="EUR", name="Euro", symbol="€"),
        Currency(code="XXX", name="No symbol"),
    ),
    continents=("Europe",),
    region="Europe",
    subregion="Northern Europe",
    languages=(Language(code="swe", name="Swedish"),),
    population=2**63 - 1,  # the largest BIGINT
    flag=Flag(
        emoji="🇦🇽", png="https://flagcdn.com/w320/ax.png", svg="https://flagcdn.com/ax.svg", alt=""
    ),
    alt_names=("Ahvenanmaa", "オーランド諸島"),
)
ALL = (ARGENTINA, ANTARCTICA, ALAND)


async def put(store: Store, *found: Country, at: datetime = T0) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert(found, at)
        await uow.commit()


async def retire(store: Store, *codes: str, at: datetime = T1) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.retire(codes, at)
        await uow.commit()


async def everything(store: Store) -> tuple[Country, ...]:
    return (await store.reader.query(CountryQuery())).items


async def test_upserted_countries_read_back_equal_in_every_field(store: Store) -> None:
    await put(store, *ALL)

    assert await everything(store) == (ALAND, ANTARCTICA, ARGENTINA)  # by folded name
    for country in ALL:
        assert await store.reader.get(country.code) == country
    async with store.unit_of_work() as uow:
        assert await uow.countries.active() == {c.code: c for c in ALL}
    assert await store.reader.count() == 3


async def test_an_update_changes_that_country_and_nothing_else(store: Store) -> None:
    await put(store, *ALL)
    moved = replace(ARGENTINA, population=1, capitals=(), languages=(), subregion=None)

    await put(store, moved, at=T1)

    assert await store.reader.get("ARG") == moved
    assert await store.reader.get("ATA") == ANTARCTICA
    assert await store.reader.get("ALA") == ALAND
    assert await store.reader.count() == 3


async def test_upserting_nothing_changes_nothing(store: Store) -> None:
    await put(store, *ALL)
    await put(store)
    assert await store.reader.count() == 3


async def test_a_code_given_twice_in_one_upsert_keeps_the_last(store: Store) -> None:
    await put(store, ARGENTINA, replace(ARGENTINA, name="Argentina 2"))
    assert await everything(store) == (replace(ARGENTINA, name="Argentina 2"),)


async def test_retired_countries_are_hidden_from_reads_but_stay_known(store: Store) -> None:
    await put(store, *ALL)

    await retire(store, "ARG", "NOPE")

    assert await everything(store) == (ALAND, ANTARCTICA)
    assert (
        await store.reader.query(CountryQuery(filter=CountryFilter(name="argentin")))
    ).total == 0
    for code in ("ARG", "AR", "032"):
        assert await store.reader.get(code) is None
    assert await store.reader.count() == 2
    async with store.unit_of_work() as uow:
        assert await uow.countries.known_code("ARG") == "ARG"
        assert await uow.countries.known_code("AR") == "ARG"
        assert await uow.countries.known_code("032") == "ARG"
        assert await uow.countries.known_code("NOPE") is None
        assert set(await uow.countries.active()) == {"ALA", "ATA"}


async def test_upserting_a_retired_country_brings_it_back(store: Store) -> None:
    await put(store, *ALL)
    await retire(store, "ARG")
    back = replace(ARGENTINA, population=46_000_000)

    await put(store, back, at=T1 + timedelta(days=1))

    assert await store.reader.get("ARG") == back
    assert await store.reader.count() == 3


async def test_get_finds_a_country_by_alpha3_alpha2_or_numeric_code(store: Store) -> None:
    await put(store, *ALL)
    for code in ("ALA", "AX", "248"):
        assert await store.reader.get(code) == ALAND, code


async def test_get_answers_none_for_anything_else(store: Store) -> None:
    # One database per test is the expensive part, so the cases share one.
    await put(store, *ALL)
    # NUL and lone surrogates included: no database can even be asked about them.
    for code in ("", "XXX", "ala", "ax", "ALAND", "24", "%", "A_A", "AR%", "03_", "\x00", "\ud800"):
        assert await store.reader.get(code) is None, code


async def test_rolls_back_uncommitted_work_by_default(store: Store) -> None:
    await put(store, ANTARCTICA)

    async with store.unit_of_work() as uow:
        await uow.countries.upsert([ARGENTINA], T1)
        await uow.countries.retire(["ATA"], T1)
        await uow.sync_state.save(SyncState(version=9))

    assert await everything(store) == (ANTARCTICA,)
    assert await store.reader.sync_state() == SyncState()
    async with store.unit_of_work() as uow:
        assert await uow.countries.known_code("ARG") is None


async def test_rolls_back_on_error(store: Store) -> None:
    class Boom(Exception):
        pass

    async def fail_midway() -> None:
        async with store.unit_of_work() as uow:
            await uow.countries.upsert([ARGENTINA], T0)
            raise Boom

    with pytest.raises(Boom):
        await fail_midway()

    assert await store.reader.count() == 0


async def test_writes_after_a_commit_need_their_own_commit(store: Store) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert([ARGENTINA], T0)
        await uow.commit()
        await uow.countries.upsert([ALAND], T0)

    assert await everything(store) == (ARGENTINA,)


async def test_sync_state_starts_at_zero_and_round_trips(store: Store) -> None:
    assert await store.reader.sync_state() == SyncState()
    assert await store.reader.dataset_version() == 0
    tokyo = timezone(timedelta(hours=9))
    state = SyncState(
        version=2**40,
        source="REST Countries v3.1 (https://example.test/v3.1) ✓",
        synced_at=T0,
        last_attempt_at=T1.astimezone(tokyo),
        last_error="HTTP 503: upstream said «no»",
    )

    async with store.unit_of_work() as uow:
        assert await uow.sync_state.get() == SyncState()
        await uow.sync_state.save(state)
        await uow.commit()
    assert await store.reader.dataset_version() == 2**40
    async with store.unit_of_work() as uow:
        await uow.sync_state.save(replace(state, version=2**40 + 1, last_error=None))
        await uow.commit()

    read = await store.reader.sync_state()
    assert read == replace(state, version=2**40 + 1, last_error=None)
    assert read.synced_at is not None
    assert read.synced_at.utcoffset() == timedelta(0)


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
