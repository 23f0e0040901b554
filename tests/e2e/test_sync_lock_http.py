"""The sync lock as the container composes it: what `POST /admin/sync` answers when the lock
is held or cannot be confirmed, and two replicas' syncs over one PostgreSQL with Redis down."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from countries.adapters.lock_holder import LockHolder
from countries.adapters.redis_store import make_redis_client
from countries.adapters.restcountries.v31 import field_groups
from countries.application.errors import SyncInProgress
from countries.application.ports import CountrySource
from countries.bootstrap import build_container, start_resources, stop_resources
from countries.config import Settings, load_settings
from countries.domain.model import Country
from tests.e2e.conftest import ADMIN, Serve
from tests.redis_fixtures import RedisProcess
from tests.upstream import FakeRestCountries

pytestmark = pytest.mark.redis


async def test_a_refused_sync_names_the_holder_and_the_expiry(
    serve: Serve,
    settings_for: Callable[..., Settings],
    redis_process: RedisProcess,
    fake_upstream: FakeRestCountries,
) -> None:
    other = make_redis_client(redis_process.url)
    since = datetime(2026, 11, 28, 12, 0, 1, tzinfo=UTC)
    holder = LockHolder("host-a", 4242, since, "a" * 32)
    await other.set("countries:lock:sync", holder.encode(), px=30_000)
    await other.aclose()
    settings = settings_for(redis_url=redis_process.url, source_url=fake_upstream.v31_url)
    async with serve(settings) as client:
        answer = await client.post("/admin/sync", headers=ADMIN)
    assert answer.status_code == 409
    assert answer.headers["content-type"] == "application/problem+json"
    detail = answer.json()["detail"]
    assert "held by host-a pid 4242 since 12:00:01Z, expires " in detail, detail
    assert fake_upstream.request_count == 0


async def test_with_redis_down_only_an_honest_lock_lets_a_sync_run(
    serve: Serve,
    storage: str,
    settings_for: Callable[..., Settings],
    redis_process: RedisProcess,
    fake_upstream: FakeRestCountries,
) -> None:
    redis_process.stop()
    settings = settings_for(redis_url=redis_process.url, source_url=fake_upstream.v31_url)
    async with serve(settings) as client:
        answer = await client.post("/admin/sync", headers=ADMIN)
        health = (await client.get("/health")).json()
    # The empty database was seeded all the same: seeding takes the database's own lock.
    assert health["countries"] == 250
    # In memory the process's own lock is the whole truth; a SQLite file's processes all
    # share the lock file beside it: either way the sync runs, with no other holder.
    assert answer.status_code == 200, answer.text


class _HeldOpen(CountrySource):
    """A source that waits, once fetching, until the test lets it finish."""

    def __init__(self, inner: CountrySource) -> None:
        self._inner = inner
        self.fetching = asyncio.Event()
        self.finish = asyncio.Event()

    @property
    def name(self) -> str:
        return self._inner.name

    async def fetch(self) -> list[Country]:
        self.fetching.set()
        await self.finish.wait()
        return await self._inner.fetch()

    async def accepted(self, countries: list[Country]) -> None:
        """Hears nothing, as the protocol's default did: only `fetch` is held open."""


@pytest.mark.postgres
async def test_two_replicas_syncing_together_with_redis_down_fetch_once(
    migrated_postgres_url: str, redis_process: RedisProcess, fake_upstream: FakeRestCountries
) -> None:
    redis_process.stop()
    settings = load_settings(
        database_url=migrated_postgres_url,
        redis_url=redis_process.url,
        source_url=fake_upstream.v31_url,
    )
    replicas = [build_container(settings), build_container(settings)]
    for replica in replicas:
        await start_resources(replica)
    try:
        first_source = _HeldOpen(replicas[0].sources.source())
        first = asyncio.create_task(replicas[0].countries.uncounted_sync(source=first_source)())
        async with asyncio.timeout(10):
            await first_source.fetching.wait()
            with pytest.raises(SyncInProgress, match="another replica"):
                await replicas[1].countries.sync_from_source()()
            first_source.finish.set()
            report = await first
    finally:
        for replica in replicas:
            await stop_resources(replica)
    assert report.version == 1
    assert fake_upstream.request_count == len(field_groups()), "one v3.1 sync, once"
