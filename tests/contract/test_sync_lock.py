"""One behaviour suite for the SyncLock port: in-process, a SQLite lock file, Redis, PostgreSQL.

Redis's lock also runs over PostgreSQL's (as the container composes it on PostgreSQL),
with Redis up and with Redis killed: with Redis down the advisory lock alone must keep
two holders apart.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from countries.adapters.locks import FileSyncLock, PostgresSyncLock
from countries.adapters.memory import InMemorySyncLock
from countries.adapters.redis_lock import RedisSyncLock
from countries.adapters.redis_store import make_redis_client
from countries.adapters.sqlalchemy.engine import create_engine
from countries.application.errors import SyncInProgress
from countries.application.ports import SyncLock
from tests.redis_fixtures import RedisProcess, RedisSpace


@pytest.fixture(
    params=[
        "memory",
        "file",
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("redis+postgres", marks=[pytest.mark.redis, pytest.mark.postgres]),
        pytest.param("redis-down+postgres", marks=[pytest.mark.redis, pytest.mark.postgres]),
    ]
)
def backend(request: pytest.FixtureRequest) -> tuple[str, object]:
    """The backend's name and what it needs (a Redis key space, a PostgreSQL URL)."""
    name = str(request.param)
    if name == "memory":
        return name, None
    if name == "file":  # a SQLite database's lock file; each holder its own process, in effect
        return name, request.getfixturevalue("tmp_path") / "countries.db.sync-lock"
    if name == "redis":
        return name, request.getfixturevalue("redis_space")
    if name == "redis-down+postgres":
        dead = request.getfixturevalue("redis_process")
        dead.stop()
        return name, (dead, request.getfixturevalue("postgres_url"))
    if name == "redis+postgres":
        space = request.getfixturevalue("redis_space")
        return name, (space, request.getfixturevalue("postgres_url"))
    return name, request.getfixturevalue("postgres_url")


@pytest.fixture
async def make_lock(backend: tuple[str, object]) -> AsyncIterator[Callable[[], SyncLock]]:
    """A factory of locks that contend with each other, as replicas' locks do."""
    name, resource = backend
    if name == "memory":
        shared = InMemorySyncLock()
        yield lambda: shared
    elif isinstance(resource, Path):
        yield lambda: FileSyncLock(resource)  # separate in-process locks: only the file binds
    elif isinstance(resource, RedisSpace):
        yield lambda: RedisSyncLock(
            resource.client, key=resource.prefix + "lock", backstop=InMemorySyncLock()
        )
    elif isinstance(resource, tuple):
        redis, postgres_url = resource
        engine = create_engine(postgres_url)
        if isinstance(redis, RedisProcess):  # killed: every replica's client fails to connect
            clients = []

            def over_dead_redis() -> SyncLock:
                clients.append(make_redis_client(redis.url))
                return RedisSyncLock(clients[-1], backstop=PostgresSyncLock(engine))

            yield over_dead_redis
            for client in clients:
                await client.aclose()
        else:
            key = redis.prefix + "lock"
            yield lambda: RedisSyncLock(redis.client, key=key, backstop=PostgresSyncLock(engine))
        await engine.dispose()
    else:
        engine = create_engine(str(resource))
        yield lambda: PostgresSyncLock(engine)
        await engine.dispose()


async def test_a_second_holder_is_refused_at_once(make_lock: Callable[[], SyncLock]) -> None:
    first, second = make_lock(), make_lock()
    async with first.hold():
        with pytest.raises(SyncInProgress):
            async with asyncio.timeout(2), second.hold():
                pass


async def test_a_refusal_names_the_holder_where_the_lock_can_tell(
    make_lock: Callable[[], SyncLock], backend: tuple[str, object]
) -> None:
    first, second = make_lock(), make_lock()
    async with first.hold():
        with pytest.raises(SyncInProgress) as refused:
            async with asyncio.timeout(2), second.hold():
                pass
    if backend[0] in ("postgres", "redis-down+postgres"):  # an advisory lock records no one
        assert refused.value.holder == "another replica"
    else:
        assert f"{socket.gethostname()} pid {os.getpid()}" in str(refused.value)
        assert refused.value.since is not None


async def test_the_lock_is_free_again_after_the_block(make_lock: Callable[[], SyncLock]) -> None:
    lock = make_lock()
    async with lock.hold():
        pass
    async with make_lock().hold():
        pass


async def test_the_lock_is_released_when_the_block_fails(
    make_lock: Callable[[], SyncLock],
) -> None:
    with pytest.raises(RuntimeError):
        async with make_lock().hold():
            raise RuntimeError("sync failed")
    async with make_lock().hold():
        pass


async def test_holders_contending_together_never_hold_at_once(
    make_lock: Callable[[], SyncLock],
) -> None:
    locks = [make_lock() for _ in range(4)]
    holding, most_at_once, held = 0, 0, 0

    async def contend(lock: SyncLock) -> None:
        nonlocal holding, most_at_once, held
        for _ in range(5):
            try:
                async with lock.hold():
                    holding += 1
                    held += 1
                    most_at_once = max(most_at_once, holding)
                    await asyncio.sleep(0.01)  # a sync takes a while: let the others try
                    holding -= 1
            except SyncInProgress:
                await asyncio.sleep(0)

    async with asyncio.timeout(20):
        await asyncio.gather(*(contend(lock) for lock in locks))
    assert most_at_once == 1
    assert held >= 1
