"""One behaviour suite for the PayloadCache port: in-process, fakeredis and the real Redis."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fakeredis import FakeAsyncRedis

from countries.adapters.cache import InMemoryPayloadCache
from countries.adapters.redis_store import RedisPayloadCache
from countries.application.ports import PayloadCache


@pytest.fixture(params=["memory", "fakeredis", pytest.param("redis", marks=pytest.mark.redis)])
def cache(request: pytest.FixtureRequest) -> PayloadCache:
    if request.param == "memory":
        return InMemoryPayloadCache()
    if request.param == "fakeredis":
        return RedisPayloadCache(FakeAsyncRedis(), prefix=f"t:{uuid.uuid4().hex}:")
    space = request.getfixturevalue("redis_space")
    return RedisPayloadCache(space.client, prefix=space.prefix)


async def test_a_stored_value_comes_back(cache: PayloadCache) -> None:
    await cache.set("k", b"payload", 60)
    assert await cache.get("k") == b"payload"
    assert await cache.status() == "ok"


async def test_a_missing_key_is_a_miss(cache: PayloadCache) -> None:
    assert await cache.get("never-set") is None


async def test_a_value_expires_after_its_ttl(cache: PayloadCache) -> None:
    await cache.set("short", b"x", 1)
    await asyncio.sleep(1.1)
    assert await cache.get("short") is None


async def test_clear_drops_every_key_of_the_namespace(cache: PayloadCache) -> None:
    await cache.set("a", b"1", 60)
    await cache.set("b", b"2", 60)
    assert await cache.clear() == 2
    assert await cache.get("a") is None
    assert await cache.get("b") is None


async def test_two_namespaces_on_one_redis_do_not_see_each_other() -> None:
    client = FakeAsyncRedis()
    mine, theirs = RedisPayloadCache(client, prefix="a:"), RedisPayloadCache(client, prefix="b:")
    await mine.set("k", b"mine", 60)
    await theirs.set("k", b"theirs", 60)
    assert await theirs.clear() == 1
    assert await mine.get("k") == b"mine"


async def test_an_unreachable_redis_fails_open_and_says_degraded() -> None:
    from countries.adapters.redis_store import make_redis_client

    cache = RedisPayloadCache(make_redis_client("redis://127.0.0.1:9/0"), cool_down=60)
    await cache.set("k", b"v", 60)
    assert await cache.get("k") is None
    assert await cache.status() == "degraded"
