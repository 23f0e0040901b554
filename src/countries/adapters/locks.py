"""The sync locks the database offers: PostgreSQL's advisory lock, a lock file beside SQLite.

The Redis lock (token + expiry) is in `redis_lock`, imported only when Redis is configured.

Each is layered on the in-process lock, so a second sync in the same process is refused
without a round trip.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.lock_holder import LockHolder
from countries.adapters.memory import InMemorySyncLock
from countries.adapters.sqlalchemy.engine import sqlite_file
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


class FileSyncLock(SyncLock):
    """One sync across every process sharing this SQLite file: an exclusive `flock`.

    A lock file beside the database, locked without waiting. The kernel releases it when
    its holder exits, however it exits, so a killed sync never blocks the next one. Only
    processes on one machine can share a SQLite file, and they all see this lock. The file
    holds who took it (`LockHolder`), so a refused process can name its holder.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = InMemorySyncLock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        async with self._local.hold():
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise self._refusal() from None
                handle.truncate(0)
                handle.write(LockHolder.now().encode().decode())
                handle.flush()
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _refusal(self) -> SyncInProgress:
        # Read without the lock: a holder caught mid-write is "another process", unnamed.
        holder = LockHolder.decode(self._path.read_bytes())
        if holder is None:
            return SyncInProgress("another process on this machine")
        return SyncInProgress(holder.describe(), since=holder.since)


def database_lock(engine: AsyncEngine | None) -> SyncLock:
    """The sync lock the database itself offers every process that shares it.

    PostgreSQL's advisory lock; a lock file beside a SQLite file; the process's own lock
    for data held in memory (or a SQLite database in memory), which nothing else shares.
    """
    if engine is None:
        return InMemorySyncLock()
    if engine.dialect.name == "postgresql":
        return PostgresSyncLock(engine)
    file = sqlite_file(engine.url)
    if file is not None:
        return FileSyncLock(file.with_name(file.name + ".sync-lock"))
    return InMemorySyncLock()
