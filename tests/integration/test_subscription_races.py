"""Two replicas adding the same report subscription at once, on PostgreSQL: one is stored.

A check in the use case (read what is stored, then insert) let both find nothing and
both insert; SQLite has no such race (a writing unit of work begins IMMEDIATE and waits
its turn). The store's unique report key decides.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, cast

import pytest

from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from countries.application.errors import SubscriptionExists
from countries.application.ports import UnitOfWork
from countries.application.subscriptions import AddSubscription, AddSubscriptionCommand
from countries.domain.query import CountryFilter

pytestmark = pytest.mark.postgres


class _EnteringTogether:
    """A unit of work that, once begun, waits for the other replica's to begin too."""

    def __init__(self, inner: SqlAlchemyUnitOfWork, together: asyncio.Barrier) -> None:
        self._inner, self._together = inner, together

    async def __aenter__(self) -> SqlAlchemyUnitOfWork:
        await self._inner.__aenter__()
        await self._together.wait()
        return self._inner

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(kind, error, tb)


async def test_the_same_subscription_added_by_two_replicas_at_once_is_stored_once(
    migrated_postgres_url: str,
) -> None:
    engine = create_engine(migrated_postgres_url)
    sessions = create_session_factory(engine)
    together = asyncio.Barrier(2)

    def unit_of_work() -> UnitOfWork:
        return cast(UnitOfWork, _EnteringTogether(SqlAlchemyUnitOfWork(sessions), together))

    replicas = [AddSubscription(uow_factory=unit_of_work) for _ in range(2)]
    command = AddSubscriptionCommand(email="ana@example.org", filter=CountryFilter(q="x"))
    try:
        results: list[Any] = await asyncio.gather(
            *(add(command) for add in replicas), return_exceptions=True
        )
        async with SqlAlchemyUnitOfWork(sessions) as uow:
            stored = await uow.subscriptions.list()
    finally:
        await engine.dispose()
    assert len(stored) == 1  # one mail a day
    refused = [r for r in results if isinstance(r, SubscriptionExists)]
    assert [str(r) for r in refused] == [
        f"ana@example.org gets the report of these filters already (subscription {stored[0].id})"
    ]
