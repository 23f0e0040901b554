"""The SubscriptionRepository and DeliveryLog contracts, run on every adapter."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from countries.domain.query import CountryFilter, SortField, SortOrder, SortSpec
from countries.domain.reports import DeliveryStatus, ReportSubscription
from tests.contract.conftest import Store
from tests.fakes import delivery_of

T0 = datetime(2026, 11, 28, 7, 0, 0, 123456, tzinfo=UTC)
DAY = date(2026, 11, 28)
STALE = timedelta(minutes=15)


def draft(email: str = "ana@example.org", **changes: object) -> ReportSubscription:
    fields: dict[str, object] = {
        "id": 0,
        "email": email,
        "filter": CountryFilter(continent="south america", q="Bogotá ñ"),
        "sort": SortSpec(field=SortField.POPULATION, order=SortOrder.DESC),
    }
    return ReportSubscription(**(fields | changes))  # type: ignore[arg-type]


async def add(store: Store, *drafts: ReportSubscription) -> list[ReportSubscription]:
    async with store.unit_of_work() as uow:
        added = []
        for subscription in drafts:
            stored = await uow.subscriptions.add(subscription)
            assert stored is not None, "refused as the same report as one stored"
            added.append(stored)
        await uow.commit()
    return added


async def test_add_list_get_and_delete_subscriptions(store: Store) -> None:
    first, second = await add(store, draft(), draft("bo@example.org", filter=CountryFilter()))
    assert 0 < first.id < second.id
    assert first == draft(id=first.id)
    async with store.unit_of_work() as uow:
        assert await uow.subscriptions.list() == [first, second]
        assert await uow.subscriptions.get(second.id) == second
        assert await uow.subscriptions.get(second.id + 100) is None
        assert await uow.subscriptions.delete(first.id)
        assert not await uow.subscriptions.delete(first.id)
        await uow.commit()
    async with store.unit_of_work() as uow:
        assert await uow.subscriptions.list() == [second]


async def test_two_adding_the_same_report_at_once_store_one(store: Store) -> None:
    """Each in its own unit of work, as two replicas would: the store keeps one per report."""

    async def add_alone(subscription: ReportSubscription) -> ReportSubscription | None:
        async with store.unit_of_work() as uow:
            added = await uow.subscriptions.add(subscription)
            await uow.commit()
        return added

    shouting = draft(
        "ANA@example.org", filter=CountryFilter(continent="SOUTH AMERICA", q="BOGOTÁ Ñ")
    )
    results = await asyncio.gather(add_alone(draft()), add_alone(shouting))
    assert sorted(result is None for result in results) == [False, True]
    async with store.unit_of_work() as uow:
        assert len(await uow.subscriptions.list()) == 1
        assert await uow.subscriptions.add(draft(sort=SortSpec())) is not None  # another sort


async def test_an_uncommitted_subscription_is_not_stored(store: Store) -> None:
    async with store.unit_of_work() as uow:
        await uow.subscriptions.add(draft())
    async with store.unit_of_work() as uow:
        assert await uow.subscriptions.list() == []


async def test_a_claim_is_granted_once_until_it_fails_or_goes_stale(store: Store) -> None:
    (sub,) = await add(store, draft())
    async with store.unit_of_work() as uow:
        claimed = await uow.deliveries.claim(sub.id, DAY, T0, T0 - STALE)
        assert claimed is not None
        assert (claimed.status, claimed.attempts, claimed.day) == (DeliveryStatus.SENDING, 1, DAY)
        assert claimed.attempted_at == T0
        # A fresh claim is held: nobody else gets it.
        assert await uow.deliveries.claim(sub.id, DAY, T0, T0 - STALE) is None
        await uow.deliveries.finish(sub.id, DAY, DeliveryStatus.FAILED, T0, "refused")
        await uow.commit()
    async with store.unit_of_work() as uow:
        failed = await delivery_of(uow, sub.id, DAY)
        assert failed is not None
        assert (failed.status, failed.error) == (DeliveryStatus.FAILED, "refused")
        assert failed.status is not DeliveryStatus.SENT
        retry = await uow.deliveries.claim(sub.id, DAY, T0 + STALE, T0)
        assert retry is not None
        assert retry.attempts == 2
        await uow.deliveries.finish(sub.id, DAY, DeliveryStatus.SENT, T0 + STALE)
        await uow.commit()
    async with store.unit_of_work() as uow:
        sent = await delivery_of(uow, sub.id, DAY)
        assert sent is not None
        assert sent.status is DeliveryStatus.SENT
        # Sent is final, however late.
        later = T0 + timedelta(days=2)
        assert await uow.deliveries.claim(sub.id, DAY, later, later) is None
        # Another day is another entry.
        assert await uow.deliveries.claim(sub.id, DAY + timedelta(days=1), T0, T0) is not None


async def test_a_stale_claim_is_taken_over(store: Store) -> None:
    (sub,) = await add(store, draft())
    async with store.unit_of_work() as uow:
        assert await uow.deliveries.claim(sub.id, DAY, T0, T0 - STALE) is not None
        await uow.commit()
    later = T0 + STALE + timedelta(seconds=1)
    async with store.unit_of_work() as uow:
        assert await uow.deliveries.claim(sub.id, DAY, T0 + timedelta(minutes=1), T0) is None
        taken = await uow.deliveries.claim(sub.id, DAY, later, later - STALE)
        assert taken is not None
        assert taken.attempts == 2


async def test_for_day_lists_the_entries_of_that_day_and_delete_drops_them(store: Store) -> None:
    first, second = await add(store, draft(), draft("bo@example.org"))
    async with store.unit_of_work() as uow:
        for sub in (second, first):
            await uow.deliveries.claim(sub.id, DAY, T0, T0 - STALE)
        await uow.deliveries.claim(first.id, DAY - timedelta(days=1), T0, T0 - STALE)
        await uow.commit()
    async with store.unit_of_work() as uow:
        assert [d.subscription_id for d in await uow.deliveries.for_day(DAY)] == [
            first.id,
            second.id,
        ]
        assert await uow.subscriptions.delete(first.id)
        await uow.commit()
    async with store.unit_of_work() as uow:
        assert [d.subscription_id for d in await uow.deliveries.for_day(DAY)] == [second.id]
        assert await delivery_of(uow, first.id, DAY - timedelta(days=1)) is None
