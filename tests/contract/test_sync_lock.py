"""One behaviour suite for the SyncLock port: in-process, Redis and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from countries.adapters.locks import PostgresSyncLock
from countries.adapters.memory import InMemorySyncLock
from countries.adapters.redis_store import RedisSyncLock
from countries.adapters.sqlalchemy.engine import create_engine
from countries.application.errors import SyncInProgress
from countries.application.ports import SyncLock
from tests.redis_fixtures import RedisSpace


@pytest.fixture(
    params=[
        "memory",
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def backend(request: pytest.FixtureRequest) -> tuple[str, object]:
    """The backend's name and what it needs (a Redis key space, a PostgreSQL URL)."""
    needs = {"memory": None, "redis": "redis_space", "postgres": "postgres_url"}[request.param]
    return request.param, request.getfixturevalue(needs) if needs else None


@pytest.fixture
async def make_lock(backend: tuple[str, object]) -> AsyncIterator[Callable[[], SyncLock]]:
    """A factory of locks that contend with each other, as replicas' locks do."""
    name, resource = backend
    if name == "memory":
        shared = InMemorySyncLock()
        yield lambda: shared
    elif isinstance(resource, RedisSpace):
        yield lambda: RedisSyncLock(resource.client, key=resource.prefix + "lock")
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
