"""`/health`'s `cache` is a live look at Redis: killed, never there, and back again."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from countries.config import Settings
from tests.e2e.conftest import Serve
from tests.ports import free_port
from tests.redis_fixtures import RedisProcess

pytestmark = pytest.mark.redis


@pytest.fixture
def storage() -> str:
    """In memory: only the cache is under test here."""
    return "memory"


async def _cache(client: httpx2.AsyncClient) -> str:
    answer = await client.get("/health")
    assert answer.status_code == 200  # a failing cache is degraded, never unavailable
    cache: str = answer.json()["cache"]
    return cache


async def test_the_cache_is_degraded_as_soon_as_redis_dies_and_ok_as_soon_as_it_is_back(
    serve: Serve, settings_for: Callable[..., Settings], redis_process: RedisProcess
) -> None:
    async with serve(settings_for(redis_url=redis_process.url)) as client:
        assert await _cache(client) == "ok"
        redis_process.stop()
        assert await _cache(client) == "degraded"  # no sync in between
        assert await _cache(client) == "degraded"
        redis_process.restart()
        assert await _cache(client) == "ok"


async def test_a_service_started_without_its_redis_says_degraded(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with serve(settings_for(redis_url=nowhere)) as client:
        assert await _cache(client) == "degraded"
        assert (await client.get("/countries/ARG")).status_code == 200  # served without it
