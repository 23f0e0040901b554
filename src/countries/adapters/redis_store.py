"""The upstream payload cache in Redis, and the Redis client (the sync lock: `redis_lock.py`).

A module of its own so that the Redis client library (and what it imports) is loaded only
when `COUNTRIES_REDIS_URL` is set: without Redis it is start-up time spent for nothing.
"""

from __future__ import annotations

import logging
import time

import redis.asyncio as redis
from redis.exceptions import RedisError

from countries.adapters.cache import NAMESPACE
from countries.application.errors import CacheUnavailable
from countries.application.ports import PayloadCache

log = logging.getLogger(__name__)
# The payload cache's outage, begun and ended: a logger of its own, which a one-shot
# command quiets (it says what the outage cost it on its own line), and the lock's lines not.
outage_log = logging.getLogger(f"{__name__}.outage")


class RedisPayloadCache(PayloadCache):
    """Redis under one key prefix, failing open behind a small circuit breaker.

    After a failure Redis is left alone for `cool_down` seconds (so an outage costs one
    short timeout per incident, not one per request) and the incident is logged once.
    """

    def __init__(
        self, client: redis.Redis, *, prefix: str = NAMESPACE, cool_down: float = 5.0
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._cool_down = cool_down
        self._open_until = 0.0
        self._failing = False

    async def get(self, key: str) -> bytes | None:
        if self._tripped():
            return None
        try:
            value = await self._client.get(self._prefix + key)
        except (RedisError, OSError) as error:
            self._trip(error)
            return None
        self._recovered()
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        if self._tripped():
            return
        try:
            await self._client.set(self._prefix + key, value, ex=ttl_seconds)
        except (RedisError, OSError) as error:
            self._trip(error)
            return
        self._recovered()

    async def clear(self) -> int:
        dropped = 0
        try:
            keys = [
                key async for key in self._client.scan_iter(match=self._prefix + "*", count=500)
            ]
            for start in range(0, len(keys), 500):  # one DEL per batch, not per key
                dropped += int(await self._client.delete(*keys[start : start + 500]))
        except (RedisError, OSError) as error:
            self._trip(error)
            done = f"{dropped} cached upstream payload(s) dropped, the rest kept"
            if not dropped:
                done = "nothing dropped"
            raise CacheUnavailable(
                f"Redis cannot be reached ({done}); try again when it answers"
            ) from error
        self._recovered()
        return dropped

    async def status(self) -> str:
        """A live PING, bounded by the client's socket timeout, whatever the breaker says.

        /health must tell the truth now: a Redis that died since the last sync, that was
        never there, or that came back (README, Health). A good answer closes the breaker.
        """
        try:
            await self._client.ping()
        except (RedisError, OSError) as error:
            self._trip(error)
            return "degraded"
        self._open_until = 0.0
        self._recovered()
        return "ok"

    def _tripped(self) -> bool:
        return time.monotonic() < self._open_until

    def _trip(self, error: BaseException) -> None:
        if not self._failing:
            outage_log.warning("Redis cache unavailable, serving without it: %s", error)
        self._failing = True
        self._open_until = time.monotonic() + self._cool_down

    def _recovered(self) -> None:
        if self._failing:
            outage_log.info("Redis cache is back")  # the end of an outage, as `outages.py` logs it
        self._failing = False


def make_redis_client(url: str, *, timeout_seconds: float = 0.25) -> redis.Redis:
    """A Redis client with short timeouts: a slow cache must cost little."""
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        retry_on_timeout=False,
    )
