"""SeedIfEmpty on the in-memory adapters: a store seeded by an older release gets its details."""

from __future__ import annotations

from dataclasses import replace

from countries.adapters.memory import (
    InMemoryCountryReader,
    InMemoryStore,
    InMemorySyncLock,
    InMemoryUnitOfWork,
)
from countries.application.sync import SyncFromSource
from countries.application.sync_triggers import SeedIfEmpty
from countries.domain.model import Country, SyncState
from countries.domain.record import CountryDetails, Idd
from tests.fakes import FixedClock, RecordingPublisher, ScriptedSource, make_country

SNAPSHOT_NAME = "bundled snapshot of REST Countries v3.1 data (2026-02-25)"
FULL = [
    make_country(f"C{i:02d}", details=CountryDetails(tld=(f".c{i}",), idd=Idd(root="+9")))
    for i in range(20)
]
# The same countries as a release before details stored them.
WITHOUT_DETAILS = [replace(c, details=CountryDetails()) for c in FULL]


def held_by_an_older_release(source: str, countries: list[Country]) -> InMemoryStore:
    store = InMemoryStore()
    store.countries.update({c.code: c for c in countries})
    store.sync_state = SyncState(version=4, source=source)
    return store


def seed_of(
    store: InMemoryStore, snapshot: ScriptedSource, publisher: RecordingPublisher
) -> SeedIfEmpty:
    sync = SyncFromSource(
        uow_factory=lambda: InMemoryUnitOfWork(store),
        source=snapshot,
        fallback=snapshot,
        lock=InMemorySyncLock(),
        clock=FixedClock(),
        publisher=publisher,
    )
    return SeedIfEmpty(
        sync_from_snapshot=sync, snapshot=snapshot, reader=InMemoryCountryReader(store)
    )


async def test_snapshot_data_without_details_gets_them_once_with_one_new_version() -> None:
    store = held_by_an_older_release(SNAPSHOT_NAME, WITHOUT_DETAILS)
    snapshot = ScriptedSource(FULL, name=SNAPSHOT_NAME)
    publisher = RecordingPublisher()
    seed = seed_of(store, snapshot, publisher)

    report = await seed()

    assert report is not None
    assert len(report.updated) == len(FULL)
    reader = InMemoryCountryReader(store)
    assert [await reader.get(c.code) for c in FULL] == FULL
    assert publisher.published == [5]
    fetched = snapshot.calls
    assert await seed() is None  # a later start: nothing lacks details any more
    assert snapshot.calls == fetched
    assert (await reader.sync_state()).version == 5


async def test_only_the_countries_that_lack_details_are_rewritten() -> None:
    store = held_by_an_older_release(SNAPSHOT_NAME, [*WITHOUT_DETAILS[:5], *FULL[5:]])
    snapshot = ScriptedSource(FULL, name=SNAPSHOT_NAME)

    report = await seed_of(store, snapshot, RecordingPublisher())()

    assert report is not None
    assert (report.updated, report.unchanged) == (tuple(c.code for c in FULL[:5]), 15)


async def test_live_data_without_details_is_left_to_the_next_sync() -> None:
    store = held_by_an_older_release("REST Countries v5 (https://example.test)", WITHOUT_DETAILS)
    snapshot = ScriptedSource(FULL, name=SNAPSHOT_NAME)

    assert await seed_of(store, snapshot, RecordingPublisher())() is None
    assert snapshot.calls == 0
    assert list(store.countries.values()) == WITHOUT_DETAILS


async def test_snapshot_data_with_its_details_is_not_fetched_again() -> None:
    store = held_by_an_older_release(SNAPSHOT_NAME, FULL)
    snapshot = ScriptedSource(FULL, name=SNAPSHOT_NAME)

    assert await seed_of(store, snapshot, RecordingPublisher())() is None
    assert snapshot.calls == 0


async def test_a_snapshot_without_those_details_is_not_applied_at_every_start() -> None:
    store = held_by_an_older_release(SNAPSHOT_NAME, WITHOUT_DETAILS)
    snapshot = ScriptedSource(WITHOUT_DETAILS, name=SNAPSHOT_NAME)
    publisher = RecordingPublisher()

    assert await seed_of(store, snapshot, publisher)() is None
    assert store.sync_state == SyncState(version=4, source=SNAPSHOT_NAME)
    assert publisher.published == []
