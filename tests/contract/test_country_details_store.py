"""The country store keeps each country's full record: its details read back exactly.

Exactly, because the sync's diff compares stored and fetched countries for equality:
a record that read back different would be rewritten, and the dataset version raised,
by every sync (docs/architecture.md, "The life of a sync"). Runs on every adapter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.domain.model import Country
from countries.domain.query import CountryQuery
from countries.domain.record import CountryDetails, Idd
from countries.domain.sync import diff
from tests.argentina import argentina
from tests.contract.conftest import Store
from tests.fakes import make_country
from tests.strategies import any_country_details

T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
T1 = T0 + timedelta(days=1)

ARGENTINA = argentina()  # every detail of REST Countries' own record
# What a careless store would confuse: empty text and None, zero and None, 1e16 and the
# integer PostgreSQL's JSONB gives back for it.
EDGE = make_country(
    "EDG",
    details=CountryDetails(
        cioc="", tld=(), idd=Idd(root="", suffixes=()), area=1e16, latlng=(-0.0, 0.0)
    ),
)


async def put(store: Store, *found: Country, at: datetime = T0) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert(found, at)
        await uow.commit()


async def stored(store: Store) -> dict[str, Country]:
    async with store.unit_of_work() as uow:
        return await uow.countries.active()


async def test_a_full_record_reads_back_equal_from_every_read(store: Store) -> None:
    await put(store, ARGENTINA, EDGE)

    assert await store.reader.get("AR") == ARGENTINA
    assert await store.reader.get("EDG") == EDGE
    assert (await store.reader.query(CountryQuery())).items == (ARGENTINA, EDGE)
    assert await stored(store) == {"ARG": ARGENTINA, "EDG": EDGE}
    edge = await store.reader.get("EDG")
    assert edge is not None
    assert isinstance(edge.details.area, float)  # served as 1e16, not 10000000000000000


async def test_a_change_in_the_details_alone_is_stored(store: Store) -> None:
    await put(store, ARGENTINA)
    redrawn = replace(ARGENTINA, details=replace(ARGENTINA.details, borders=("BOL",)))

    await put(store, redrawn, at=T1)
    assert await store.reader.get("ARG") == redrawn

    emptied = replace(ARGENTINA, details=CountryDetails())
    await put(store, emptied, at=T1)
    assert await store.reader.get("ARG") == emptied


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(any_country_details(), min_size=1, max_size=4))
async def test_any_details_read_back_equal_so_a_sync_finds_nothing_to_change(
    store: Store, records: list[CountryDetails]
) -> None:
    await store.clear()  # one database per adapter, emptied for every example
    written = [make_country(f"C{i:02d}", details=details) for i, details in enumerate(records)]

    await put(store, *written)

    assert await stored(store) == {c.code: c for c in written}
    for country in written:
        assert await store.reader.get(country.code) == country
    changes = diff(await stored(store), written)
    assert not changes.changes_anything
