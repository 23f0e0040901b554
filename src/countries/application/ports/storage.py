"""The ports of the data the service keeps: the read side, the repositories, the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from countries.domain.model import Activity, ActivityCategory, ActivityPage, Country, SyncState
from countries.domain.query import CountryPage, CountryQuery
from countries.domain.reports import Delivery, DeliveryStatus, ReportSubscription


class CountryReader(Protocol):
    """The read side: queries over the active (not retired) countries."""

    async def query(self, query: CountryQuery) -> CountryPage:
        """Filter, sort and page the active countries exactly as `domain.index.run_query` would."""
        ...

    async def get(self, code: str) -> Country | None:
        """The active country whose alpha-3, alpha-2 or numeric code is `code` (upper-case), else None."""
        ...

    async def sync_state(self) -> SyncState:
        """The current dataset version and the last sync's outcome."""
        ...

    async def count(self) -> int:
        """How many active countries there are."""
        ...

    async def dataset_version(self) -> int:
        """The committed dataset version alone (0 before the first sync), read from the store now."""
        ...


class CountryRepository(Protocol):
    """The write side of countries, used inside a unit of work."""

    async def active(self) -> dict[str, Country]:
        """Every active country by alpha-3 code."""
        ...

    async def upsert(self, countries: Sequence[Country], at: datetime) -> None:
        """Insert or overwrite these countries, un-retiring any that were retired."""
        ...

    async def retire(self, codes: Sequence[str], at: datetime) -> None:
        """Mark these countries retired: hidden from reads, kept with everything attached to them."""
        ...

    async def known_code(self, code: str) -> str | None:
        """The alpha-3 code of the country ever stored (retired or not) whose alpha-3, alpha-2
        or numeric code is `code` (upper-case), else None."""
        ...


class SyncStateRepository(Protocol):
    async def get(self) -> SyncState:
        """The stored sync state (a zero state before the first sync)."""
        ...

    async def save(self, state: SyncState) -> None:
        """Replace the stored sync state."""
        ...


class ActivityRepository(Protocol):
    """What one can do in each country, used inside a unit of work."""

    async def add(self, activity: Activity) -> Activity:
        """Store `activity` under a new id (its own `id` is ignored); returns it as stored."""
        ...

    async def get(self, country_code: str, activity_id: int) -> Activity | None:
        """The activity `activity_id` of the country `country_code` (alpha-3), else None."""
        ...

    async def list(
        self, country_code: str, category: ActivityCategory | None, limit: int, offset: int
    ) -> ActivityPage:
        """A page of the country's activities (of `category`, if given), ordered by id."""
        ...

    async def update(self, activity: Activity) -> None:
        """Overwrite the stored activity with the same id and country (a no-op if there is none)."""
        ...

    async def delete(self, country_code: str, activity_id: int) -> bool:
        """Delete the country's activity `activity_id`; whether there was one."""
        ...


class SubscriptionRepository(Protocol):
    """Who gets the daily report, used inside a unit of work."""

    async def add(self, subscription: ReportSubscription) -> ReportSubscription | None:
        """Store it under a new id (its own is ignored), unless one with its `report_key` is.

        Returns it as stored, or None when a subscription sending the same report is
        stored already, committed by another process meanwhile included.
        """
        ...

    async def list(self) -> list[ReportSubscription]:
        """Every subscription, by id."""
        ...

    async def get(self, subscription_id: int) -> ReportSubscription | None:
        """The subscription `subscription_id`, else None."""
        ...

    async def delete(self, subscription_id: int) -> bool:
        """Delete the subscription and its delivery log; whether there was one."""
        ...


class DeliveryLog(Protocol):
    """One entry per (subscription, day): the claim that makes each report go out once."""

    async def claim(
        self, subscription_id: int, day: date, at: datetime, stale_before: datetime
    ) -> Delivery | None:
        """Mark the day's delivery `sending` (a new entry, or a failed one, or one claimed before
        `stale_before`) and return it with `attempts` counted; None when it was sent already or
        another sender holds a fresh claim. Atomic: of concurrent claims at most one wins."""
        ...

    async def finish(
        self,
        subscription_id: int,
        day: date,
        status: DeliveryStatus,
        at: datetime,
        error: str | None = None,
    ) -> None:
        """Record the outcome (`sent` or `failed`, with the error) of a claimed delivery."""
        ...

    async def for_day(self, day: date) -> list[Delivery]:
        """Every entry of this day, by subscription id."""
        ...


class UnitOfWork(Protocol):
    """One transaction: nothing is written unless `commit` is awaited before the block ends."""

    countries: CountryRepository
    sync_state: SyncStateRepository
    activities: ActivityRepository
    subscriptions: SubscriptionRepository
    deliveries: DeliveryLog

    async def __aenter__(self) -> Self:
        """Begin the transaction."""
        ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and release the connection."""
        ...

    async def commit(self) -> None:
        """Make every write of this unit of work durable."""
        ...
