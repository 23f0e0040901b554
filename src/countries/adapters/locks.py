"""The sync lock that holds across processes on PostgreSQL: an advisory lock.

The Redis lock (token + expiry) is in `redis_store`, imported only when Redis is configured.

Each is layered on the in-process lock, so a second sync in the same process is refused
without a round trip.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.memory import InMemorySyncLock
from countries.adapters.sqlalchemy.outages import guard_of
from countries.application.errors import SyncInProgress
from countries.application.ports import SyncLock

log = logging.getLogger(__name__)

# Any constant both replicas agree on; "countries sync" in ASCII.
ADVISORY_LOCK_ID = 0x636F756E74727973


class PostgresSyncLock(SyncLock):
    """One sync across every replica sharing this PostgreSQL database.

    The lock is transaction-scoped (`pg_try_advisory_xact_lock`) on a connection held for
    the whole block: a session-level lock can leak through the pool when the unlock runs
    on another connection.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._local = InMemorySyncLock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        # An unreachable database is `StorageUnavailable`, as everywhere (`outages`).
        guard = guard_of(self._engine)
        async with self._local.hold(), guard.guarding(connecting=False):
            async with guard.guarding():
                connection = await self._engine.connect()
            async with contextlib.aclosing(connection), connection.begin():
                taken = await connection.scalar(
                    text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID}
                )
                if not taken:
                    # An advisory lock records no holder we could name: only that one exists.
                    raise SyncInProgress("another replica")
                yield
