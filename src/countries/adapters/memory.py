"""In-memory adapters: real implementations of the ports, held to the same contract tests.

They back the unit tests and can run the whole service without a database. One
`InMemoryStore` is the "database"; a unit of work copies it on enter and writes
the copy back only on commit, so an uncommitted block changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import TracebackType
from typing import Self

from countries.application.errors import SyncInProgress
from countries.application.ports import (
    ActivityRepository,
    CountryReader,
    CountryRepository,
    DeliveryLog,
    SubscriptionRepository,
    SyncLock,
    SyncStateRepository,
    UnitOfWork,
)
from countries.application.versions import KnownVersion
from countries.domain.model import Activity, ActivityCategory, ActivityPage, Country, SyncState
from countries.domain.query import CountryPage, CountryQuery, run_query
from countries.domain.reports import Delivery, DeliveryStatus, ReportSubscription


@dataclass
class InMemoryStore:
    """The tables of the in-memory "database"."""

    countries: dict[str, Country] = field(default_factory=dict)
    retired: dict[str, datetime] = field(default_factory=dict)
    sync_state: SyncState = field(default_factory=SyncState)
    activities: dict[int, Activity] = field(default_factory=dict)
    next_activity_id: int = 1
    subscriptions: dict[int, ReportSubscription] = field(default_factory=dict)
    next_subscription_id: int = 1
    deliveries: dict[tuple[int, date], Delivery] = field(default_factory=dict)

    def active(self) -> dict[str, Country]:
        return {code: c for code, c in self.countries.items() if code not in self.retired}

    def copy(self) -> InMemoryStore:
        # Entities are frozen, so copying the containers is a full copy.
        return InMemoryStore(
            countries=dict(self.countries),
            retired=dict(self.retired),
            sync_state=self.sync_state,
            activities=dict(self.activities),
            next_activity_id=self.next_activity_id,
            subscriptions=dict(self.subscriptions),
            next_subscription_id=self.next_subscription_id,
            deliveries=dict(self.deliveries),
        )

    def overwrite_with(self, other: InMemoryStore) -> None:
        self.countries, self.retired, self.sync_state = (
            dict(other.countries),
            dict(other.retired),
            other.sync_state,
        )
        self.activities, self.next_activity_id = dict(other.activities), other.next_activity_id
        self.subscriptions = dict(other.subscriptions)
        self.next_subscription_id = other.next_subscription_id
        self.deliveries = dict(other.deliveries)


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

    async def known_code(self, code: str) -> str | None:
        return next(
            (c.code for c in self._store.countries.values() if code in (c.code, c.cca2, c.ccn3)),
            None,
        )


class InMemorySyncStateRepository(SyncStateRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def get(self) -> SyncState:
        return self._store.sync_state

    async def save(self, state: SyncState) -> None:
        self._store.sync_state = state


class InMemoryActivityRepository(ActivityRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def add(self, activity: Activity) -> Activity:
        stored = replace(activity, id=self._store.next_activity_id)
        self._store.next_activity_id += 1
        self._store.activities[stored.id] = stored
        return stored

    async def get(self, country_code: str, activity_id: int) -> Activity | None:
        found = self._store.activities.get(activity_id)
        return found if found is not None and found.country_code == country_code else None

    async def list(
        self, country_code: str, category: ActivityCategory | None, limit: int, offset: int
    ) -> ActivityPage:
        matching = sorted(
            (
                a
                for a in self._store.activities.values()
                if a.country_code == country_code and category in (None, a.category)
            ),
            key=lambda a: a.id,
        )
        return ActivityPage(
            total=len(matching),
            limit=limit,
            offset=offset,
            items=tuple(matching[offset : offset + limit]),
        )

    async def update(self, activity: Activity) -> None:
        if await self.get(activity.country_code, activity.id) is not None:
            self._store.activities[activity.id] = activity

    async def delete(self, country_code: str, activity_id: int) -> bool:
        if await self.get(country_code, activity_id) is None:
            return False
        del self._store.activities[activity_id]
        return True


class InMemorySubscriptionRepository(SubscriptionRepository):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def add(self, subscription: ReportSubscription) -> ReportSubscription:
        stored = replace(subscription, id=self._store.next_subscription_id)
        self._store.next_subscription_id += 1
        self._store.subscriptions[stored.id] = stored
        return stored

    async def list(self) -> list[ReportSubscription]:
        return [self._store.subscriptions[key] for key in sorted(self._store.subscriptions)]

    async def get(self, subscription_id: int) -> ReportSubscription | None:
        return self._store.subscriptions.get(subscription_id)

    async def delete(self, subscription_id: int) -> bool:
        if self._store.subscriptions.pop(subscription_id, None) is None:
            return False
        for key in [k for k in self._store.deliveries if k[0] == subscription_id]:
            del self._store.deliveries[key]
        return True


class InMemoryDeliveryLog(DeliveryLog):
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def claim(
        self, subscription_id: int, day: date, at: datetime, stale_before: datetime
    ) -> Delivery | None:
        current = self._store.deliveries.get((subscription_id, day))
        claimable = (
            current is None
            or current.status is DeliveryStatus.FAILED
            or (current.status is DeliveryStatus.SENDING and current.attempted_at < stale_before)
        )
        if not claimable:
            return None
        claimed = Delivery(
            subscription_id=subscription_id,
            day=day,
            status=DeliveryStatus.SENDING,
            attempts=1 if current is None else current.attempts + 1,
            attempted_at=at,
            error=None if current is None else current.error,
        )
        self._store.deliveries[(subscription_id, day)] = claimed
        return claimed

    async def finish(
        self,
        subscription_id: int,
        day: date,
        status: DeliveryStatus,
        at: datetime,
        error: str | None = None,
    ) -> None:
        current = self._store.deliveries.get((subscription_id, day))
        if current is not None:
            self._store.deliveries[(subscription_id, day)] = replace(
                current, status=status, attempted_at=at, error=error
            )

    async def get(self, subscription_id: int, day: date) -> Delivery | None:
        return self._store.deliveries.get((subscription_id, day))

    async def has_sent(self, subscription_id: int, day: date) -> bool:
        found = self._store.deliveries.get((subscription_id, day))
        return found is not None and found.status is DeliveryStatus.SENT

    async def for_day(self, day: date) -> list[Delivery]:
        return sorted(
            (d for d in self._store.deliveries.values() if d.day == day),
            key=lambda d: d.subscription_id,
        )


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self, store: InMemoryStore, known_version: KnownVersion | None = None) -> None:
        self._committed = store
        self._known_version = known_version  # told of every dataset version committed

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
        if self._known_version is not None:
            self._known_version.saw(self._committed.sync_state.version)


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
    """One sync at a time within this process; a second attempt is refused at once."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        if self._lock.locked():
            raise SyncInProgress
        async with self._lock:
            yield
