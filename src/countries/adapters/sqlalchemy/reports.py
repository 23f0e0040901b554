"""The SQL subscription repository and delivery log, on a unit of work's session."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from countries.adapters.sqlalchemy.tables import report_deliveries, report_subscriptions
from countries.adapters.sqlalchemy.upsert import insert_for
from countries.application.ports import DeliveryLog, SubscriptionRepository
from countries.domain.query import CountryFilter, SortField, SortOrder, SortSpec
from countries.domain.reports import Delivery, DeliveryStatus, ReportSubscription

_subs = report_subscriptions.c
_log = report_deliveries.c


# The filters with their own columns since the first release; the rest go to filter_more.
_COLUMN_FILTERS = ("name", "capital", "continent", "q")


def _filter_more(flt: CountryFilter) -> str | None:
    more = {k: v for k, v in flt.as_params().items() if k not in _COLUMN_FILTERS}
    return json.dumps(more, ensure_ascii=False, sort_keys=True) if more else None


def _subscription_to_row(subscription: ReportSubscription) -> dict[str, Any]:
    return {
        "filter_more": _filter_more(subscription.filter),
        "email": subscription.email,
        "filter_name": subscription.filter.name,
        "filter_capital": subscription.filter.capital,
        "filter_continent": subscription.filter.continent,
        "filter_q": subscription.filter.q,
        "sort_field": subscription.sort.field.value,
        "sort_order": subscription.sort.order.value,
        "report_key": subscription.report_key(),
    }


def _row_filter(row: RowMapping) -> CountryFilter:
    """The stored filter; a row written before filter_more existed has it NULL: none more."""
    given = {name: row[f"filter_{name}"] for name in _COLUMN_FILTERS}
    more = json.loads(row["filter_more"]) if row["filter_more"] else {}
    return CountryFilter.from_params({k: v for k, v in (given | more).items() if v is not None})


def _row_to_subscription(row: RowMapping) -> ReportSubscription:
    return ReportSubscription(
        id=row["id"],
        email=row["email"],
        filter=_row_filter(row),
        sort=SortSpec(field=SortField(row["sort_field"]), order=SortOrder(row["sort_order"])),
    )


def _row_to_delivery(row: RowMapping) -> Delivery:
    return Delivery(
        subscription_id=row["subscription_id"],
        day=row["day"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        attempted_at=row["attempted_at"],
        error=row["error"],
    )


class SqlSubscriptionRepository(SubscriptionRepository):
    """Report subscriptions on the unit of work's session (it never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, subscription: ReportSubscription) -> ReportSubscription | None:
        # The unique report_key decides: the first to insert a report's key keeps it; on
        # PostgreSQL another transaction inserting it waits for that one's outcome.
        stmt = (
            insert_for(self._session, report_subscriptions)
            .values(_subscription_to_row(subscription))
            .on_conflict_do_nothing(index_elements=[_subs.report_key])
            .returning(_subs.id)
        )
        new_id = (await self._session.execute(stmt)).scalar()
        if new_id is None:
            return None
        return ReportSubscription(
            id=int(new_id),
            email=subscription.email,
            filter=subscription.filter,
            sort=subscription.sort,
        )

    async def list(self) -> list[ReportSubscription]:
        rows = (
            (await self._session.execute(select(report_subscriptions).order_by(_subs.id)))
            .mappings()
            .all()
        )
        return [_row_to_subscription(row) for row in rows]

    async def get(self, subscription_id: int) -> ReportSubscription | None:
        stmt = select(report_subscriptions).where(_subs.id == subscription_id)
        row = (await self._session.execute(stmt)).mappings().first()
        return None if row is None else _row_to_subscription(row)

    async def delete(self, subscription_id: int) -> bool:
        # The delivery log goes with it (ON DELETE CASCADE; SQLite has foreign keys on).
        stmt = delete(report_subscriptions).where(_subs.id == subscription_id).returning(_subs.id)
        return (await self._session.execute(stmt)).first() is not None


class SqlDeliveryLog(DeliveryLog):
    """The delivery log; `claim` is one conditional INSERT or UPDATE, so it is atomic."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(
        self, subscription_id: int, day: date, at: datetime, stale_before: datetime
    ) -> Delivery | None:
        # A new entry: the primary key (subscription_id, day) lets only one insert win.
        inserted = (
            insert_for(self._session, report_deliveries)
            .values(
                subscription_id=subscription_id,
                day=day,
                status=DeliveryStatus.SENDING.value,
                attempts=1,
                attempted_at=at,
                error=None,
            )
            .on_conflict_do_nothing(index_elements=["subscription_id", "day"])
            .returning(*report_deliveries.c)
        )
        row = (await self._session.execute(inserted)).mappings().first()
        if row is not None:
            return _row_to_delivery(row)
        # An existing entry: only a failed or stale one is taken over. The condition is
        # re-checked on the locked row (PostgreSQL) or under the write lock (SQLite).
        retaken = (
            update(report_deliveries)
            .where(
                _log.subscription_id == subscription_id,
                _log.day == day,
                or_(
                    _log.status == DeliveryStatus.FAILED.value,
                    and_(
                        _log.status == DeliveryStatus.SENDING.value,
                        _log.attempted_at < stale_before,
                    ),
                ),
            )
            .values(
                status=DeliveryStatus.SENDING.value, attempts=_log.attempts + 1, attempted_at=at
            )
            .returning(*report_deliveries.c)
        )
        row = (await self._session.execute(retaken)).mappings().first()
        return None if row is None else _row_to_delivery(row)

    async def finish(
        self,
        subscription_id: int,
        day: date,
        status: DeliveryStatus,
        at: datetime,
        error: str | None = None,
    ) -> None:
        stmt = (
            update(report_deliveries)
            .where(_log.subscription_id == subscription_id, _log.day == day)
            .values(status=status.value, attempted_at=at, error=error)
        )
        await self._session.execute(stmt)

    async def for_day(self, day: date) -> list[Delivery]:
        stmt = select(report_deliveries).where(_log.day == day).order_by(_log.subscription_id)
        rows = (await self._session.execute(stmt)).mappings().all()
        return [_row_to_delivery(row) for row in rows]
