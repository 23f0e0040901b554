"""Syncing the stored countries from a source, without ever losing good data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from countries.application.errors import (
    SourceError,
    SourceUnavailable,
    SyncInProgress,
    SyncRejected,
)
from countries.application.ports import (
    Clock,
    CountryReader,
    CountrySource,
    SyncLock,
    UnitOfWork,
    VersionPublisher,
)
from countries.domain.errors import DomainError
from countries.domain.model import Country
from countries.domain.query import CountryQuery
from countries.domain.record import CountryDetails
from countries.domain.sync import diff

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncReport:
    """What one sync changed, by alpha-3 code."""

    source: str
    inserted: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    version: int
    synced_at: datetime


class SyncFromSource:
    """Fetch every country from the source and apply the differences in one transaction.

    - Unchanged countries are not written; countries the source drops are retired, not deleted.
    - An invalid payload, or one that would retire too many countries, changes nothing.
    - With an empty database and an unreachable source, the bundled snapshot seeds it.
    - A new dataset version is published once committed, so readers drop what they cached.
    - The source hears which payload was committed (`accepted`), so a cache keeps only those.
    """

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        source: CountrySource,
        fallback: CountrySource,
        lock: SyncLock,
        clock: Clock,
        publisher: VersionPublisher,
    ) -> None:
        self._uow_factory = uow_factory
        self._source = source
        self._fallback = fallback
        self._lock = lock
        self._clock = clock
        self._publisher = publisher

    async def __call__(self) -> SyncReport:
        async with self._lock.hold():
            try:
                return await self._sync()
            except SourceError as error:
                await self._record_failure(str(error))
                raise

    async def _sync(self) -> SyncReport:
        source = self._source
        try:
            fetched = await source.fetch()
        except SourceUnavailable as error:
            if await self._has_countries():
                raise
            log.warning("%s; seeding the empty database from %s", error, self._fallback.name)
            source = self._fallback
            fetched = await source.fetch()
        report = await self._apply(source.name, fetched)
        # Only now may a caching source keep this payload: one the diff refused must not
        # be served again to the next sync (docs/architecture.md, "The life of a sync").
        await source.accepted(fetched)
        return report

    async def _apply(self, source_name: str, fetched: list[Country]) -> SyncReport:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            try:
                changes = diff(await uow.countries.active(), fetched)
            except DomainError as error:
                raise SyncRejected(str(error)) from error
            if changes.inserted or changes.updated:
                await uow.countries.upsert((*changes.inserted, *changes.updated), now)
            if changes.removed:
                await uow.countries.retire(changes.removed, now)
            state = await uow.sync_state.get()
            version = state.version + 1 if changes.changes_anything else state.version
            await uow.sync_state.save(
                replace(
                    state,
                    version=version,
                    source=source_name,
                    synced_at=now,
                    last_attempt_at=now,
                    last_error=None,
                )
            )
            await uow.commit()
        if version != state.version:
            await self._publisher.publish(version)
        report = SyncReport(
            source=source_name,
            inserted=tuple(c.code for c in changes.inserted),
            updated=tuple(c.code for c in changes.updated),
            unchanged=len(changes.unchanged),
            removed=changes.removed,
            version=version,
            synced_at=now,
        )
        log.info(
            "sync from %s: %d inserted, %d updated, %d unchanged, %d removed",
            source_name,
            len(report.inserted),
            len(report.updated),
            report.unchanged,
            len(report.removed),
        )
        return report

    async def _has_countries(self) -> bool:
        async with self._uow_factory() as uow:
            return bool(await uow.countries.active())

    async def _record_failure(self, message: str) -> None:
        # Only recorded here: each caller says it once (an HTTP problem, a WARNING, a CLI line).
        log.debug("sync failed, the stored data is unchanged: %s", message)
        async with self._uow_factory() as uow:
            state = await uow.sync_state.get()
            await uow.sync_state.save(
                replace(state, last_attempt_at=self._clock.now(), last_error=message)
            )
            await uow.commit()


class SeedIfEmpty:
    """Fill an empty database from the bundled snapshot, so a first start serves at once.

    - Also re-applies the snapshot when the stored data came from it (the sync state
      names it) and it has the details the stored countries lack: a database upgraded from
      a release that did not keep them serves the full record without waiting for a
      live sync that may never come. The diff writes only what changed, so the dataset
      version rises once, and a later start finds nothing to do.
    - Data from a live source is left to the next sync, which fills the details.
    - Does nothing when another sync holds the lock (another replica is filling the
      same database).
    """

    def __init__(
        self,
        *,
        sync_from_snapshot: SyncFromSource,
        snapshot: CountrySource,
        reader: CountryReader,
    ) -> None:
        self._sync = sync_from_snapshot
        self._snapshot = snapshot
        self._reader = reader

    async def __call__(self) -> SyncReport | None:
        # Reads, not a unit of work: this runs at every start-up, and on SQLite a unit of
        # work takes the write lock. Countries are loaded only for snapshot data.
        if await self._reader.count() and not await self._snapshot_would_fill_details():
            return None
        try:
            return await self._sync()
        except SyncInProgress:
            return None

    async def _snapshot_would_fill_details(self) -> bool:
        if (await self._reader.sync_state()).source != self._snapshot.name:
            return False
        # One country tells for all: an upgrade leaves every row without details and
        # every write since stores them. Reading all would cost every start ~100 ms.
        first = (await self._reader.query(CountryQuery(limit=1))).items
        if not first or first[0].details != CountryDetails():
            return False
        # Asked of the snapshot itself, so a snapshot without those details is not
        # re-applied, to no effect, at every start.
        code = first[0].code
        snapshot = {country.code: country for country in await self._snapshot.fetch()}
        if code not in snapshot or snapshot[code].details == CountryDetails():
            return False
        log.info("re-applying %s: the stored countries lack details", self._snapshot.name)
        return True


class SyncIfDue:
    """Sync unless the live source was synced within the last half of `interval_seconds`.

    - The scheduler calls this every interval, so replicas starting one after another
      sync once between them; seeding from the snapshot never counts as a live sync.
    - Half, not a whole interval: the scheduler spreads its runs a little around the
      interval, and a run coming back early must still find this replica's own last
      sync old enough (a whole interval skipped about one day in three).
    - Another sync holding the lock is not an error here: that sync does the work.
    """

    def __init__(
        self,
        *,
        sync: SyncFromSource,
        source: CountrySource,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        interval_seconds: float,
    ) -> None:
        self._sync = sync
        self._source = source
        self._uow_factory = uow_factory
        self._clock = clock
        self._min_age = timedelta(seconds=interval_seconds / 2)

    async def __call__(self) -> SyncReport | None:
        async with self._uow_factory() as uow:
            state = await uow.sync_state.get()
        fresh = (
            state.source == self._source.name
            and state.synced_at is not None
            and self._clock.now() - state.synced_at < self._min_age
        )
        if fresh:
            log.info(
                "skipping the scheduled sync: %s was synced at %s", state.source, state.synced_at
            )
            return None
        try:
            return await self._sync()
        except SyncInProgress:
            log.info("skipping the scheduled sync: another sync is running")
            return None
