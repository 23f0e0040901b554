"""Redis's sync lock through a Redis restart, a dead holder and a long sync; and what a
refused sync is told about the holder."""

from __future__ import annotations

import asyncio
import functools
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as redis
from redis.exceptions import RedisError

from countries.adapters.lock_holder import LockHolder
from countries.adapters.memory import InMemorySyncLock
from countries.adapters.redis_lock import RedisSyncLock
from countries.adapters.redis_store import make_redis_client
from countries.application.errors import SyncInProgress
from tests.polling import eventually
from tests.redis_fixtures import RedisProcess, RedisSpace

pytestmark = pytest.mark.redis

KEY = "countries:lock:sync"
SINCE = datetime(2026, 11, 28, 12, 0, 1, tzinfo=UTC)


def _restart(server: RedisProcess) -> None:
    """Kill the server and start a new one on the same port: pooled connections go stale."""
    server.stop()
    binary = shutil.which("redis-server")
    assert binary is not None
    server.process = subprocess.Popen(
        [binary, "--port", str(server.port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise AssertionError("redis-server did not come back")


async def _taken(lock: RedisSyncLock) -> bool:
    """Whether `lock` could be taken (and was let go at once)."""
    try:
        async with lock.hold():
            return True
    except SyncInProgress:
        return False


async def _set_when_up(client: redis.Redis, key: str, value: bytes) -> bool:
    """Set `key`; False while Redis is not answering yet."""
    try:
        return bool(await client.set(key, value, px=30_000))
    except (RedisError, OSError):
        return False


def _held_by_host_a() -> bytes:
    return LockHolder("host-a", 4242, SINCE, "a" * 32).encode()


@pytest.fixture
async def warm_client(redis_process: RedisProcess) -> AsyncIterator[redis.Redis]:
    """A client whose pooled connection was used once, before the server restarted."""
    client = make_redis_client(redis_process.url)
    await client.ping()
    _restart(redis_process)
    yield client
    await client.aclose()


async def test_after_a_restart_the_first_attempt_takes_the_lock(
    warm_client: redis.Redis, redis_process: RedisProcess
) -> None:
    async with RedisSyncLock(warm_client, backstop=InMemorySyncLock()).hold():
        observer = make_redis_client(redis_process.url)
        assert LockHolder.decode(await observer.get(KEY)) is not None  # held in Redis
        await observer.aclose()


async def test_after_a_restart_the_first_attempt_respects_another_holder(
    warm_client: redis.Redis, redis_process: RedisProcess
) -> None:
    other = make_redis_client(redis_process.url)
    await other.set(KEY, _held_by_host_a(), px=30_000)
    await other.aclose()
    with pytest.raises(SyncInProgress, match="host-a pid 4242"):
        async with RedisSyncLock(warm_client, backstop=InMemorySyncLock()).hold():
            pass


async def test_syncs_while_redis_is_down_say_so_once_and_once_when_it_confirms_again(
    redis_process: RedisProcess, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_redis_client(redis_process.url)
    lock = RedisSyncLock(client, backstop=InMemorySyncLock())
    caplog.set_level(logging.DEBUG, logger="countries.adapters.redis_lock")
    redis_process.stop()
    try:
        for _sync in range(3):
            async with lock.hold():  # the database's lock alone
                pass
        redis_process.restart()
        # Back, and the first answer is another replica's lock: Redis confirms all the same.
        await eventually(lambda: _set_when_up(client, KEY, _held_by_host_a()), within=5)
        with pytest.raises(SyncInProgress, match="host-a"):
            async with lock.hold():
                pass
        assert caplog.records[-1].getMessage() == "Redis confirms the sync lock again"
        await client.delete(KEY)
        await eventually(functools.partial(_taken, lock), within=5)
    finally:
        await client.aclose()
    said = [(r.levelname, r.getMessage()[:40]) for r in caplog.records if r.levelno >= logging.INFO]
    assert said == [
        ("WARNING", "Redis cannot confirm the sync lock, hold"),
        ("INFO", "Redis confirms the sync lock again"),
    ]


async def test_a_holders_key_outlives_it_by_30_seconds_at_most(redis_space: RedisSpace) -> None:
    key = redis_space.prefix + "lock"
    async with RedisSyncLock(redis_space.client, key=key, backstop=InMemorySyncLock()).hold():
        # Were this process killed now, this is how long every replica would be refused.
        assert 0 < await redis_space.client.pttl(key) <= 30_000


async def test_a_long_sync_keeps_its_lock_past_the_expiry(redis_space: RedisSpace) -> None:
    key = redis_space.prefix + "lock"
    lock = RedisSyncLock(redis_space.client, key=key, ttl_seconds=0.6, backstop=InMemorySyncLock())
    async with lock.hold():
        await asyncio.sleep(2.0)  # more than three expiries
        with pytest.raises(SyncInProgress):
            async with RedisSyncLock(
                redis_space.client, key=key, backstop=InMemorySyncLock()
            ).hold():
                pass
    assert await redis_space.client.exists(key) == 0  # released, and no renewal brings it back
    await asyncio.sleep(0.3)
    assert await redis_space.client.exists(key) == 0


async def test_a_dead_holders_lock_is_free_within_the_expiry(redis_space: RedisSpace) -> None:
    key = redis_space.prefix + "lock"
    # What a holder killed with SIGKILL leaves behind: its key, with nobody to renew it.
    await redis_space.client.set(key, _held_by_host_a(), px=500)
    lock = RedisSyncLock(redis_space.client, key=key, backstop=InMemorySyncLock())
    with pytest.raises(SyncInProgress):
        async with lock.hold():
            pass

    await eventually(functools.partial(_taken, lock), within=5)


async def test_the_refusal_names_the_holder_and_when_its_lock_expires(
    redis_space: RedisSpace,
) -> None:
    key = redis_space.prefix + "lock"
    await redis_space.client.set(key, _held_by_host_a(), px=30_000)
    with pytest.raises(SyncInProgress) as refused:
        async with RedisSyncLock(redis_space.client, key=key, backstop=InMemorySyncLock()).hold():
            pass
    expires_at = refused.value.expires_at
    assert expires_at is not None
    assert timedelta(seconds=28) < expires_at - datetime.now(UTC) <= timedelta(seconds=30)
    assert str(refused.value).startswith(
        "another sync is running (held by host-a pid 4242 since 12:00:01Z, expires "
        f"{expires_at:%H:%M:%S}Z)"
    )


async def test_a_renewal_that_finds_the_key_taken_says_so(
    redis_space: RedisSpace, caplog: pytest.LogCaptureFixture
) -> None:
    key = redis_space.prefix + "lock"
    caplog.set_level(logging.WARNING, logger="countries.adapters.redis_lock")
    async with RedisSyncLock(
        redis_space.client, key=key, ttl_seconds=0.3, backstop=InMemorySyncLock()
    ).hold():
        await redis_space.client.set(key, _held_by_host_a(), px=30_000)  # as if ours expired

        def logged() -> bool:
            return any("no longer ours" in record.getMessage() for record in caplog.records)

        await eventually(logged, within=5)
    assert LockHolder.decode(await redis_space.client.get(key)) == LockHolder.decode(
        _held_by_host_a()
    )  # the other holder's key is left alone
