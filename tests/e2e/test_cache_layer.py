"""The cache layer seen from outside: upstream request counts, invalidation, ETags, Redis faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx2
import pytest

from countries.bootstrap import build_container, start_resources, stop_resources
from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.polling import eventually
from tests.redis_fixtures import RedisProcess
from tests.upstream import FakeRestCountries


@pytest.fixture
def storage() -> str:
    """Syncs beside the server, Redis and expiry: these need a database other processes share."""
    return "sql"


async def test_a_sync_within_the_ttl_sends_nothing_upstream(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        assert (await client.post("/admin/sync", headers=ADMIN)).status_code == 200
        after_first = fake_upstream.request_count
        assert (await client.post("/admin/sync", headers=ADMIN)).status_code == 200
    assert after_first >= 1
    assert fake_upstream.request_count == after_first


async def test_invalidation_sends_the_next_sync_upstream(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        await client.post("/admin/sync", headers=ADMIN)
        per_sync = fake_upstream.request_count
        dropped = (await client.post("/admin/cache/invalidate", headers=ADMIN)).json()
        await client.post("/admin/sync", headers=ADMIN)
    assert dropped == {"dropped_payloads": 1}
    assert fake_upstream.request_count == 2 * per_sync


async def test_expiry_sends_the_next_sync_upstream(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    settings = settings_for(source_url=fake_upstream.v31_url, cache_ttl_seconds=1)
    async with serve(settings) as client:
        await client.post("/admin/sync", headers=ADMIN)
        per_sync = fake_upstream.request_count
        await asyncio.sleep(1.1)
        await client.post("/admin/sync", headers=ADMIN)
    assert fake_upstream.request_count == 2 * per_sync


async def test_a_new_instance_with_a_warm_redis_fills_its_database_without_the_upstream(
    serve: Serve,
    settings_for: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    redis_process: RedisProcess,
) -> None:
    fake_upstream.mutate("ARG", population=7)
    first = settings_for(source_url=fake_upstream.v31_url, redis_url=redis_process.url)
    async with serve(first) as client:
        await client.post("/admin/sync", headers=ADMIN)
    warm = fake_upstream.request_count
    second = first.model_copy(update={"database_url": first.database_url + "-replica"})
    async with serve(second) as client:
        assert (await client.post("/admin/sync", headers=ADMIN)).status_code == 200
        argentina = (await client.get("/countries/ARG")).json()
    assert fake_upstream.request_count == warm
    assert argentina["population"] == 7


@pytest.fixture
def on_redis(
    settings_for: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    redis_process: RedisProcess,
) -> Settings:
    """Settings syncing from the stand-in through the test's own Redis, which it may stop."""
    return settings_for(source_url=fake_upstream.v31_url, redis_url=redis_process.url)


async def test_reads_survive_redis_dying_mid_run(
    serve: Serve, on_redis: Settings, redis_process: RedisProcess
) -> None:
    async with serve(on_redis) as client:
        await client.post("/admin/sync", headers=ADMIN)
        assert (await client.get("/health")).json()["cache"] == "ok"
        redis_process.stop()
        statuses = [
            (await client.get("/countries", params={"name": f"a{i % 3}"})).status_code
            for i in range(30)
        ]
        sync = await client.post("/admin/sync", headers=ADMIN)
        health = (await client.get("/health")).json()
    assert statuses == [200] * 30
    # Redis down: the lock file beside the SQLite database keeps processes apart.
    assert sync.status_code == 200, sync.text
    assert health["cache"] == "degraded"


async def test_invalidation_with_redis_down_is_a_503_not_a_success(
    serve: Serve, on_redis: Settings, redis_process: RedisProcess
) -> None:
    async with serve(on_redis) as client:
        await client.post("/admin/sync", headers=ADMIN)
        redis_process.stop()
        refused = await client.post("/admin/cache/invalidate", headers=ADMIN)
        redis_process.restart()  # empty: it keeps nothing
        again = await client.post("/admin/cache/invalidate", headers=ADMIN)
    assert refused.status_code == 503, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "5"
    assert refused.json()["type"] == "/problems/cache-unavailable"
    assert "Redis cannot be reached" in refused.json()["detail"]
    assert again.json() == {"dropped_payloads": 0}  # Redis answers again: so does this


async def test_responses_carry_an_etag_and_revalidate_with_304(
    client: httpx2.AsyncClient,
) -> None:
    first = await client.get("/countries", params={"continent": "europe"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = await client.get(
        "/countries", params={"continent": "europe"}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = await client.get("/countries/ARG", headers={"If-None-Match": etag})
    assert other.status_code == 200


async def test_no_reader_sees_a_stale_answer_after_a_sync(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        await client.post("/admin/sync", headers=ADMIN)
        before = await client.get("/countries/ARG")
        fake_upstream.mutate("ARG", population=123)
        await client.post("/admin/cache/invalidate", headers=ADMIN)
        await client.post("/admin/sync", headers=ADMIN)
        after = await client.get(
            "/countries/ARG", headers={"If-None-Match": before.headers["etag"]}
        )
    assert after.status_code == 200
    assert after.json()["population"] == 123


async def test_a_sync_by_another_process_is_served_without_a_restart(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    settings = settings_for(source_url=fake_upstream.v31_url)
    async with serve(settings) as client:
        await client.post("/admin/sync", headers=ADMIN)
        await client.get("/countries/ARG")  # kept by the replay layer from here on
        fake_upstream.mutate("ARG", population=321)
        # `countries sync` beside the server: its own container, engine and cache.
        other = build_container(settings)
        await start_resources(other)
        try:
            assert (await other.countries.sync_from_source()()).updated == ("ARG",)
        finally:
            await stop_resources(other)

        async def served() -> bool:
            population: int = (await client.get("/countries/ARG")).json()["population"]
            return population == 321

        await eventually(served)  # the server's feed reads the version every second


async def test_a_repeated_read_is_answered_with_the_same_bytes_and_headers(
    client: httpx2.AsyncClient,
) -> None:
    url = "/countries?continent=south%20america&sort=population&order=desc"
    first, again = await client.get(url), await client.get(url)
    assert again.content == first.content
    # Every header but the request id, which is each request's own.
    assert {**again.headers, "x-request-id": ""} == {**first.headers, "x-request-id": ""}
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    revalidated = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert revalidated.status_code == 304
    assert revalidated.headers["etag"] == first.headers["etag"]


async def test_writes_outside_the_dataset_are_never_answered_from_the_cache(
    client: httpx2.AsyncClient,
) -> None:
    url = "/countries/ARG/activities"
    assert (await client.get(url)).json()["total"] == 0
    body = {"name": "Tango", "category": "culture"}
    await client.post(url, json=body, headers=ADMIN)
    assert (await client.get(url)).json()["total"] == 1
