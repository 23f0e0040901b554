"""The in-memory "database": the tables the in-memory adapters share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from countries.domain.model import Activity, Country, SyncState
from countries.domain.reports import Delivery, ReportSubscription


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
