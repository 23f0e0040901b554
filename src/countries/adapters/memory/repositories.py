"""In-memory repositories over an `InMemoryStore`, used inside an `InMemoryUnitOfWork`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from countries.adapters.memory.store import InMemoryStore
from countries.application.ports import (
    ActivityRepository,
    CountryRepository,
    DeliveryLog,
    SubscriptionRepository,
    SyncStateRepository,
)
from countries.domain.model import Activity, ActivityCategory, ActivityPage, Country, SyncState
from countries.domain.reports import Delivery, DeliveryStatus, ReportSubscription


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

    async def add(self, subscription: ReportSubscription) -> ReportSubscription | None:
        key = subscription.report_key()
        if any(held.report_key() == key for held in self._store.subscriptions.values()):
            return None
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

    async def for_day(self, day: date) -> list[Delivery]:
        return sorted(
            (d for d in self._store.deliveries.values() if d.day == day),
            key=lambda d: d.subscription_id,
        )
