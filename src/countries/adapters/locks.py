"""Sync locks that hold across processes: Redis (token + expiry) and PostgreSQL advisory locks.

Each is layered on the in-process lock, so a second sync in the same process is refused
without a round trip.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.memory import InMemorySyncLock
from countries.application.errors import SyncInProgress
from countries.application.ports import SyncLock

log = logging.getLogger(__name__)

# Any constant both replicas agree on; "countries sync" in ASCII.
ADVISORY_LOCK_ID = 0x636F756E74727973

# Deletes the key only if it still holds our token, so an expired lock taken over by
# another replica is never released by us.
_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)


class RedisSyncLock(SyncLock):
    """One sync across every replica sharing this Redis; expires if its holder dies."""

    def __init__(
        self, client: redis.Redis, *, key: str = "countries:lock:sync", ttl_seconds: int = 300
    ) -> None:
        self._client = client
        self._key = key
        self._ttl = ttl_seconds
        self._local = InMemorySyncLock()

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        async with self._local.hold():
            token = secrets.token_hex(16)
            try:
                acquired = await self._client.set(self._key, token, nx=True, ex=self._ttl)
            except (RedisError, OSError) as error:
                # Fail open: with Redis down, the in-process lock still holds.
                log.warning("Redis unavailable for the sync lock, using the local one: %s", error)
                yield
                return
            if not acquired:
                raise SyncInProgress
            try:
                yield
            finally:
                try:
                    await self._client.eval(_RELEASE, 1, self._key, token)
                except (RedisError, OSError):
                    log.warning("could not release the Redis sync lock; it expires by itself")


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
        async with self._local.hold(), self._engine.connect() as connection, connection.begin():
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID}
            )
            if not taken:
                raise SyncInProgress
            yield
