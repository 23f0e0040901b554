"""Report subscriptions: who gets the daily report (`reports.py`) of which filters and sort."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from countries.application.errors import NotFound, SubscriptionExists
from countries.application.ports import UnitOfWork
from countries.domain.query import CountryFilter, SortSpec
from countries.domain.reports import ReportSubscription


@dataclass(frozen=True, slots=True, kw_only=True)
class AddSubscriptionCommand:
    email: str
    filter: CountryFilter = field(default_factory=CountryFilter)
    sort: SortSpec = field(default_factory=SortSpec)


class AddSubscription:
    """Subscribe an address to the daily report of its own filters and sort.

    - The subscription gets a new id; the same address may subscribe to several filters,
      but to the same ones once (`ReportSubscription.report_key`): a second is
      SubscriptionExists, naming the first. The store decides, so two replicas adding the
      same one at once store one.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, command: AddSubscriptionCommand) -> ReportSubscription:
        wanted = ReportSubscription(
            id=0, email=command.email, filter=command.filter, sort=command.sort
        )
        async with self._uow_factory() as uow:
            added = await uow.subscriptions.add(wanted)
            if added is None:
                held = [
                    s.id for s in await uow.subscriptions.list() if s.sends_same_report_as(wanted)
                ]
                raise SubscriptionExists(
                    f"{command.email} gets the report of these filters already"
                    + (f" (subscription {held[0]})" if held else "")
                )
            await uow.commit()
        return added


class ListSubscriptions:
    """Every report subscription, by id."""

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self) -> list[ReportSubscription]:
        async with self._uow_factory() as uow:
            return await uow.subscriptions.list()


class GetSubscription:
    """One report subscription; an unknown id is NotFound."""

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, subscription_id: int) -> ReportSubscription:
        async with self._uow_factory() as uow:
            found = await uow.subscriptions.get(subscription_id)
        if found is None:
            raise NotFound(f"no report subscription has the id {subscription_id}")
        return found


class DeleteSubscription:
    """Unsubscribe: delete a subscription and its delivery log.

    - An unknown id is NotFound.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, subscription_id: int) -> None:
        async with self._uow_factory() as uow:
            if not await uow.subscriptions.delete(subscription_id):
                raise NotFound(f"no report subscription has the id {subscription_id}")
            await uow.commit()
