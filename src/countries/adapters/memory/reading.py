"""The in-memory read side, sync lock and version feed: one process, no database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from countries.adapters.lock_holder import LockHolder
from countries.adapters.memory.store import InMemoryStore
from countries.application.errors import SyncInProgress
from countries.application.ports import CountryReader, SyncLock
from countries.caching.versions import VersionFeed
from countries.domain.index import run_query
from countries.domain.model import Country, SyncState
from countries.domain.query import CountryPage, CountryQuery


class InMemoryCountryReader(CountryReader):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def query(self, query: CountryQuery) -> CountryPage:
        return run_query(list(self._store.active().values()), query)

    async def get(self, code: str) -> Country | None:
        return next(
            (c for c in self._store.active().values() if code in (c.code, c.cca2, c.ccn3)),
            None,
        )

    async def sync_state(self) -> SyncState:
        return self._store.sync_state

    async def count(self) -> int:
        return len(self._store.active())

    async def dataset_version(self) -> int:
        return self._store.sync_state.version


class InMemorySyncLock(SyncLock):
    """One sync at a time within this process; a second attempt is refused at once, naming it."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: LockHolder | None = None

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        if self._lock.locked():
            holder = self._holder
            if holder is None:
                raise SyncInProgress("this process")
            raise SyncInProgress(f"{holder.describe()} (this process)", since=holder.since)
        async with self._lock:
            self._holder = LockHolder.now()
            try:
                yield
            finally:
                self._holder = None


class InMemoryVersionFeed(VersionFeed):
    """No other process shares an in-memory store: only this process's syncs change it."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def follow(self, saw: Callable[[int], None]) -> None:
        saw(self._store.sync_state.version)
        await asyncio.Event().wait()  # until cancelled
