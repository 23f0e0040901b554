"""The sync lock in Redis: one sync across every replica sharing it, naming its holder.

Imported only when `COUNTRIES_REDIS_URL` is set, as `redis_store` is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import redis.asyncio as redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from countries.adapters.lock_holder import LockHolder
from countries.adapters.memory import InMemorySyncLock
from countries.application.errors import SyncInProgress
from countries.application.ports import SyncLock

log = logging.getLogger(__name__)


# Deletes the key only if it still holds our value, so an expired lock taken over by
# another replica is never released by us.
_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)
# Pushes the expiry back only while the key still holds our value.
_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then"
    " return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
)
# Takes the lock, or answers who holds it and for how long, in one atomic round trip.
_CLAIM = (
    "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end"
    " return {0, redis.call('get', KEYS[1]), redis.call('pttl', KEYS[1])}"
)


class RedisSyncLock(SyncLock):
    """One sync across every replica sharing this Redis; lapses soon after its holder dies.

    The key holds who took it (host, pid, since, a random token) and expires after
    `ttl_seconds` unless the holder's background task renews it, so a replica killed in a
    sync blocks the others for one expiry at most. Under it, `backstop` (the database's
    own lock: PostgreSQL's advisory lock, the lock file beside a SQLite database, or the
    in-process lock where the data lives in this process) is held too, and alone when
    Redis cannot confirm the lock, so no duplicate sync spends upstream quota (README.md,
    "One sync at a time").
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        backstop: SyncLock,
        key: str = "countries:lock:sync",
        ttl_seconds: float = 30.0,
    ) -> None:
        self._client = client
        self._backstop = backstop
        self._key = key
        self._ttl_ms = max(1, round(ttl_seconds * 1000))
        self._local = InMemorySyncLock()
        self._holding: LockHolder | None = None
        self._unconfirmed = False  # the last claim could not reach Redis (told once)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        if self._holding is not None:
            raise SyncInProgress(
                f"{self._holding.describe()} (this process)", since=self._holding.since
            )
        async with self._local.hold():
            me = LockHolder.now()
            self._holding = me
            try:
                async with self._held_as(me):
                    yield
            finally:
                self._holding = None

    @asynccontextmanager
    async def _held_as(self, me: LockHolder) -> AsyncIterator[None]:
        value = me.encode()
        try:
            await self._claim(value)
        except (RedisError, OSError) as error:
            async with self._without_redis(error):
                yield
            if isinstance(error, RedisTimeoutError):
                # A claim that timed out may still have landed; Redis down, the key expires.
                await self._release(value, quietly=True)
            return
        renewal = asyncio.create_task(self._keep_renewed(value))
        try:
            async with self._backstop.hold():
                yield
        finally:
            renewal.cancel()
            await self._release(value)

    async def _claim(self, value: bytes) -> None:
        """Take the key, or raise SyncInProgress naming its holder; RedisError if Redis fails."""
        try:
            answer = await self._client.eval(_CLAIM, 1, self._key, value, self._ttl_ms)
        except RedisConnectionError as error:
            # A pooled connection Redis dropped (a restart) fails once; a fresh one is tried
            # before Redis counts as down. Had the first claim landed, the key holds our value.
            log.debug("retrying the Redis sync lock on a fresh connection: %s", error)
            answer = await self._client.eval(_CLAIM, 1, self._key, value, self._ttl_ms)
        if self._unconfirmed:  # Redis answered, whether the lock is ours or another's
            log.info("Redis confirms the sync lock again")
            self._unconfirmed = False
        if answer[0] or answer[1] == value:  # taken now, or by our first claim
            return
        current, ttl_ms = answer[1], int(answer[2])
        holder = LockHolder.decode(current)
        expires_at = datetime.now(UTC) + timedelta(milliseconds=max(ttl_ms, 0))
        if holder is None:
            raise SyncInProgress("another replica", expires_at=expires_at)
        raise SyncInProgress(holder.describe(), since=holder.since, expires_at=expires_at)

    @asynccontextmanager
    async def _without_redis(self, error: BaseException) -> AsyncIterator[None]:
        # Said when Redis starts failing, not at every sync while it stays down.
        log.log(
            logging.DEBUG if self._unconfirmed else logging.WARNING,
            "Redis cannot confirm the sync lock, holding the database's instead: %s",
            error,
        )
        self._unconfirmed = True
        async with self._backstop.hold():
            yield

    async def _keep_renewed(self, value: bytes) -> None:
        while True:
            await asyncio.sleep(self._ttl_ms / 3000)
            try:
                still_ours = await self._client.eval(_RENEW, 1, self._key, value, self._ttl_ms)
            except (RedisError, OSError) as error:
                log.warning("could not renew the Redis sync lock; retrying: %s", error)
                continue
            if not still_ours:
                log.warning("the Redis sync lock is no longer ours (it expired or was taken)")
                return

    async def _release(self, value: bytes, *, quietly: bool = False) -> None:
        try:
            await self._client.eval(_RELEASE, 1, self._key, value)
        except (RedisError, OSError):
            log.log(
                logging.DEBUG if quietly else logging.WARNING,
                "could not release the Redis sync lock; it expires by itself",
            )
