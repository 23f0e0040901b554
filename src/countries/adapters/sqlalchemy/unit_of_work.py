"""The SQL unit of work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from countries.adapters.sqlalchemy.activities import SqlActivityRepository
from countries.adapters.sqlalchemy.engine import SQLITE_BEGIN
from countries.adapters.sqlalchemy.outages import guard_of
from countries.adapters.sqlalchemy.reports import SqlDeliveryLog, SqlSubscriptionRepository
from countries.adapters.sqlalchemy.repositories import (
    SqlCountryRepository,
    SqlSyncStateRepository,
)
from countries.application.ports import UnitOfWork


class SqlAlchemyUnitOfWork(UnitOfWork):
    """A transaction over the country repositories; use a fresh one per use-case call.

    A database that cannot be reached raises `StorageUnavailable` (`outages`), from the
    block's start, its commit, or any statement in it.

    `writing=False` makes one for use cases that only read: on SQLite it begins DEFERRED,
    as WAL lets readers, so it never waits for a writer (a sync holding the write lock)
    nor makes one wait; committing it is a mistake, and raises.
    """

    countries: SqlCountryRepository
    sync_state: SqlSyncStateRepository
    activities: SqlActivityRepository
    subscriptions: SqlSubscriptionRepository
    deliveries: SqlDeliveryLog

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], *, writing: bool = True
    ) -> None:
        self._session_factory = session_factory
        self._writing = writing
        self._session: AsyncSession | None = None
        self._guard = guard_of(session_factory.kw["bind"])

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open; make a new one per use")
        session = self._session_factory()
        try:
            async with self._guard.guarding():
                # Begin now, as the port says. On SQLite a writer begins IMMEDIATE: it then
                # waits its turn (busy_timeout) instead of failing when it upgrades a read lock.
                mode = "IMMEDIATE" if self._writing else "DEFERRED"
                await session.connection(execution_options={SQLITE_BEGIN: mode})
        except BaseException:
            await _close_quietly(session)
            raise
        self._session = session
        self.countries = SqlCountryRepository(session)
        self.sync_state = SqlSyncStateRepository(session)
        self.activities = SqlActivityRepository(session)
        self.subscriptions = SqlSubscriptionRepository(session)
        self.deliveries = SqlDeliveryLog(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        if exc is not None:
            await _close_quietly(session)  # the connection may be gone: rolling back can fail
            # A statement of the block lost the database: the driver's error says so.
            self._guard.raise_if_unreachable(exc, connecting=False)
            return
        try:
            await session.rollback()  # a no-op after commit; undoes anything since
        finally:
            await session.close()

    async def commit(self) -> None:
        if self._session is None:
            raise RuntimeError("commit outside the unit of work's block")
        if not self._writing:
            raise RuntimeError("a unit of work made for reading commits nothing")
        async with self._guard.guarding():
            await self._session.commit()


async def _close_quietly(session: AsyncSession) -> None:
    """Roll back and close; a failure here (a connection already lost) is not news."""
    try:
        await session.close()  # rolls back what is open, and returns the connection
    except Exception:
        # The error that brought us here is the one to report; this one only says the
        # same connection is gone, so it is dropped rather than pooled again.
        with contextlib.suppress(Exception):
            await session.invalidate()
