"""SyncFromSource on the in-memory adapters: what changes, what is refused, what is kept."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from countries.adapters.memory import (
    InMemoryCountryReader,
    InMemoryStore,
    InMemorySyncLock,
    InMemoryUnitOfWork,
)
from countries.application.errors import (
    SourceInvalid,
    SourceUnavailable,
    SyncInProgress,
    SyncRejected,
)
from countries.application.sync import SyncFromSource
from countries.application.sync_triggers import SeedIfEmpty, SyncIfDue
from countries.domain.model import Country
from countries.domain.query import CountryQuery
from countries.domain.record import CountryDetails
from tests.fakes import FixedClock, RecordingPublisher, ScriptedSource, make_country

WORLD = [make_country(f"C{i:02d}") for i in range(30)]


def build(
    store: InMemoryStore, source: ScriptedSource, fallback: ScriptedSource | None = None
) -> SyncFromSource:
    return SyncFromSource(
        uow_factory=lambda: InMemoryUnitOfWork(store),
        source=source,
        fallback=fallback or ScriptedSource(WORLD, name="snapshot"),
        lock=InMemorySyncLock(),
        clock=FixedClock(),
        publisher=RecordingPublisher(),
    )


async def stored(store: InMemoryStore) -> list[Country]:
    return list((await InMemoryCountryReader(store).query(CountryQuery())).items)


async def test_first_sync_inserts_everything_and_bumps_the_version() -> None:
    store = InMemoryStore()
    report = await build(store, ScriptedSource(WORLD))()
    assert len(report.inserted) == 30
    assert report.version == 1
    assert len(await stored(store)) == 30


async def test_a_sync_that_changes_nothing_writes_nothing_and_keeps_the_version() -> None:
    store = InMemoryStore()
    sync = build(store, ScriptedSource(WORLD))
    await sync()
    report = await sync()
    assert (report.inserted, report.updated, report.removed) == ((), (), ())
    assert report.unchanged == 30
    assert report.version == 1


async def test_a_changed_country_is_updated_and_a_dropped_one_retired() -> None:
    store = InMemoryStore()
    await build(store, ScriptedSource(WORLD))()
    changed = [replace(WORLD[0], population=5), *WORLD[1:-1]]
    report = await build(store, ScriptedSource(changed))()
    assert report.updated == ("C00",)
    assert report.removed == ("C29",)
    assert report.version == 2
    assert "C29" not in {c.code for c in await stored(store)}
    assert "C29" in store.countries, "a retired country is kept, only hidden"


async def test_a_short_list_is_refused_and_changes_nothing() -> None:
    store = InMemoryStore()
    await build(store, ScriptedSource(WORLD))()
    with pytest.raises(SyncRejected, match="no longer lists 25 of 30"):
        await build(store, ScriptedSource(WORLD[:5]))()
    assert len(await stored(store)) == 30
    assert store.sync_state.last_error is not None
    assert store.sync_state.version == 1


async def test_an_empty_answer_is_refused() -> None:
    store = InMemoryStore()
    with pytest.raises(SyncRejected, match="no countries"):
        await build(store, ScriptedSource([]))()


async def test_an_invalid_payload_changes_nothing_and_is_recorded() -> None:
    store = InMemoryStore()
    await build(store, ScriptedSource(WORLD))()
    with pytest.raises(SourceInvalid):
        await build(store, ScriptedSource(SourceInvalid("population: not a number")))()
    assert len(await stored(store)) == 30
    assert store.sync_state.last_error == "population: not a number"


async def test_an_unreachable_source_seeds_an_empty_database_from_the_fallback() -> None:
    store = InMemoryStore()
    report = await build(store, ScriptedSource(SourceUnavailable("down")))()
    assert report.source == "snapshot"
    assert len(await stored(store)) == 30


async def test_an_unreachable_source_leaves_existing_data_alone() -> None:
    store = InMemoryStore()
    await build(store, ScriptedSource(WORLD))()
    fallback = ScriptedSource(WORLD[:1], name="snapshot")
    with pytest.raises(SourceUnavailable):
        await build(store, ScriptedSource(SourceUnavailable("down")), fallback)()
    assert fallback.calls == 0
    assert store.sync_state.source == "scripted source"


async def test_a_second_concurrent_sync_is_refused_not_queued() -> None:
    store = InMemoryStore()
    gate = asyncio.Event()

    class SlowSource(ScriptedSource):
        async def fetch(self) -> list[Country]:
            await gate.wait()
            return await super().fetch()

    sync = build(store, SlowSource(WORLD))
    first = asyncio.create_task(sync())
    await asyncio.sleep(0)
    with pytest.raises(SyncInProgress):
        await sync()
    gate.set()
    assert len((await first).inserted) == 30


async def test_seed_if_empty_only_fills_an_empty_database() -> None:
    store = InMemoryStore()
    # With details, as the bundled snapshot has them (else a restart re-checks them).
    detailed = [replace(c, details=CountryDetails(tld=(".xx",))) for c in WORLD]
    snapshot = ScriptedSource(detailed, name="snapshot")
    seed = SeedIfEmpty(
        sync_from_snapshot=build(store, snapshot, snapshot),
        snapshot=snapshot,
        reader=InMemoryCountryReader(store),
    )
    assert (await seed()) is not None
    assert await seed() is None
    assert snapshot.calls == 1


def hourly(source: ScriptedSource, clock: FixedClock) -> SyncIfDue:
    """A scheduled sync from `source` every hour, on an empty store."""
    store = InMemoryStore()
    return SyncIfDue(
        sync=build(store, source),
        source=source,
        uow_factory=lambda: InMemoryUnitOfWork(store),
        clock=clock,
        interval_seconds=3600,
    )


async def test_a_scheduled_sync_is_skipped_while_the_live_data_is_fresh() -> None:
    source, clock = ScriptedSource(WORLD), FixedClock()
    due = hourly(source, clock)
    assert await due() is not None
    clock.advance(minutes=29)  # another replica's scheduled run, soon after this one's
    assert await due() is None
    clock.advance(minutes=2)
    assert await due() is not None
    assert source.calls == 2


async def test_a_scheduled_run_coming_back_early_by_its_jitter_still_syncs() -> None:
    source, clock = ScriptedSource(WORLD), FixedClock()
    due = hourly(source, clock)
    for _ in range(3):  # the scheduler may come back up to 5 % early
        assert await due() is not None
        clock.advance(minutes=57)
    assert source.calls == 3


async def test_seeding_from_the_snapshot_does_not_make_the_live_sync_fresh() -> None:
    store = InMemoryStore()
    snapshot = ScriptedSource(WORLD, name="snapshot")
    await build(store, snapshot, snapshot)()
    live = ScriptedSource(WORLD)
    due = SyncIfDue(
        sync=build(store, live),
        source=live,
        uow_factory=lambda: InMemoryUnitOfWork(store),
        clock=FixedClock(),
        interval_seconds=3600,
    )
    assert await due() is not None
    assert live.calls == 1


async def test_a_sync_publishes_each_new_version_once_committed_and_nothing_else() -> None:
    store = InMemoryStore()
    publisher = RecordingPublisher()
    source = ScriptedSource(WORLD)
    sync = SyncFromSource(
        uow_factory=lambda: InMemoryUnitOfWork(store),
        source=source,
        fallback=ScriptedSource(WORLD, name="snapshot"),
        lock=InMemorySyncLock(),
        clock=FixedClock(),
        publisher=publisher,
    )
    await sync()  # the first fill: version 1
    await sync()  # nothing changed: no new version
    source.answer = [replace(c, population=c.population + 1) for c in WORLD[:3]] + WORLD[3:]
    await sync()  # three updated: version 2
    source.answer = WORLD[:5]  # would retire 25 of 30: rejected, nothing committed
    with pytest.raises(SyncRejected):
        await sync()
    assert publisher.published == [1, 2]
    assert store.sync_state.version == 2


async def test_the_source_hears_of_each_committed_payload_and_never_of_a_refused_one() -> None:
    store = InMemoryStore()
    source = ScriptedSource(WORLD)
    sync = build(store, source)
    await sync()
    source.answer = WORLD[:5]  # would retire 25 of 30: refused
    with pytest.raises(SyncRejected):
        await sync()
    assert source.accepted_payloads == [WORLD]


async def test_a_seed_from_the_fallback_is_accepted_by_the_fallback_alone() -> None:
    live = ScriptedSource(SourceUnavailable("down"))
    fallback = ScriptedSource(WORLD, name="snapshot")
    await build(InMemoryStore(), live, fallback)()
    assert (live.accepted_payloads, fallback.accepted_payloads) == ([], [WORLD])
