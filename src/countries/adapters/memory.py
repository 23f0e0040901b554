"""In-memory adapters: real implementations of the ports, held to the same contract tests.

They back the unit tests and can run the whole service without a database. One
`InMemoryStore` is the "database"; a unit of work copies it on enter and writes
the copy back only on commit, so an uncommitted block changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self

from countries.application.errors import SyncInProgress
from countries.application.ports import (
    CountryReader,
    CountryRepository,
    SyncLock,
    SyncStateRepository,
    UnitOfWork,
)
from countries.domain.model import Country, SyncState
from countries.domain.query import CountryPage, CountryQuery, run_query


@dataclass
class InMemoryStore:
    """The tables of the in-memory "database"."""

    countries: dict[str, Country] = field(default_factory=dict)
    retired: dict[str, datetime] = field(default_factory=dict)
    sync_state: SyncState = field(default_factory=SyncState)

    def active(self) -> dict[str, Country]:
        return {code: c for code, c in self.countries.items() if code not in self.retired}

    def copy(self) -> InMemoryStore:
        # Entities are frozen, so copying the containers is a full copy.
        return InMemoryStore(
            countries=dict(self.countries), retired=dict(self.retired), sync_state=self.sync_state
        )

    def overwrite_with(self, other: InMemoryStore) -> None:
        self.countries, self.retired, self.sync_state = (
            dict(other.countries),
            dict(other.retired),
            other.sync_state,
        )


class InMemoryCountryRepository(CountryRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def active(self) -> dict[str, Country]:
        return self._store.active()

    async def upsert(self, countries: Sequence[Country], at: datetime) -> None:
        for country in countries:
            self._store.countries[country.code] = country
            self._store.retired.pop(country.code, None)

    async def retire(self, codes: Sequence[str], at: datetime) -> None:
        for code in codes:
            if code in self._store.countries:
                self._store.retired.setdefault(code, at)

    async def is_known(self, code: str) -> bool:
        return code in self._store.countries


class InMemorySyncStateRepository(SyncStateRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self) -> SyncState:
        return self._store.sync_state

    async def save(self, state: SyncState) -> None:
        self._store.sync_state = state


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: InMemoryStore) -> None:
        self._committed = store

    async def __aenter__(self) -> Self:
        self._working = self._committed.copy()
        self.countries = InMemoryCountryRepository(self._working)
        self.sync_state = InMemorySyncStateRepository(self._working)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        del self._working

    async def commit(self) -> None:
        # Write back into the same object, so readers holding the store see the commit.
        self._committed.overwrite_with(self._working)


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


class InMemorySyncLock(SyncLock):
    """One sync at a time within this process; a second attempt is refused at once."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        if self._lock.locked():
            raise SyncInProgress
        async with self._lock:
            yield
