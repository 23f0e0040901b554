"""The in-memory unit of work: an uncommitted block changes nothing."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from countries.adapters.memory.repositories import (
    InMemoryActivityRepository,
    InMemoryCountryRepository,
    InMemoryDeliveryLog,
    InMemorySubscriptionRepository,
    InMemorySyncStateRepository,
)
from countries.adapters.memory.store import InMemoryStore
from countries.application.ports import UnitOfWork


class InMemoryUnitOfWork(UnitOfWork):
    """A copy of the store on enter, written back only on commit."""

    def __init__(self, store: InMemoryStore) -> None:
        self._committed = store

    async def __aenter__(self) -> Self:
        self._working = self._committed.copy()
        self.countries = InMemoryCountryRepository(self._working)
        self.sync_state = InMemorySyncStateRepository(self._working)
        self.activities = InMemoryActivityRepository(self._working)
        self.subscriptions = InMemorySubscriptionRepository(self._working)
        self.deliveries = InMemoryDeliveryLog(self._working)
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
