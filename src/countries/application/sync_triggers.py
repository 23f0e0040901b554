"""When a sync runs besides on demand: at start-up on an empty database, and on the schedule."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from countries.application.errors import SyncInProgress
from countries.application.ports import Clock, CountryReader, CountrySource, UnitOfWork
from countries.application.sync import SyncFromSource, SyncReport
from countries.domain.query import CountryQuery
from countries.domain.record import CountryDetails

log = logging.getLogger(__name__)


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
