"""Two `countries serve` processes on one PostgreSQL whose Redis is dead: one sync at a time."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2
import pytest

from countries.adapters.restcountries.v31 import field_groups
from tests.redis_fixtures import RedisProcess
from tests.servers import serve_replicas
from tests.upstream import FakeRestCountries
from tests.upstream_http import RequestHandler

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

ROUNDS = 5
TOKEN = "lock-test-token"


class SlowRestCountries(FakeRestCountries):
    """The stand-in upstream, answering after half a second: two syncs sent together overlap."""

    def serve(self, h: RequestHandler) -> None:
        time.sleep(0.5)
        super().serve(h)


@pytest.fixture
def slow_upstream() -> Iterator[FakeRestCountries]:
    with SlowRestCountries.from_fixtures() as fake:
        yield fake


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"{base}/health", timeout=2).json()["countries"]:
                return
        except (httpx2.TransportError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} never became ready")


def _version(base: str) -> int:
    return int(httpx2.get(f"{base}/health", timeout=5).json()["data"]["version"])


def _sync(base: str) -> httpx2.Response:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    return httpx2.post(f"{base}/admin/sync", headers=headers, timeout=30)


def _concurrent_sync_rounds(bases: list[str], upstream: FakeRestCountries) -> list[dict[str, Any]]:
    """Each round: the upstream changed, then every replica asked to sync at once."""
    rounds: list[dict[str, Any]] = []
    with ThreadPoolExecutor(len(bases)) as pool:
        for population in range(1, ROUNDS + 1):
            upstream.mutate("ARG", population=population)
            requests_before, version_before = upstream.request_count, _version(bases[0])
            answers = list(pool.map(_sync, bases))
            rounds.append(
                {
                    "statuses": sorted(a.status_code for a in answers),
                    "upstream_requests": upstream.request_count - requests_before,
                    "version_rise": _version(bases[0]) - version_before,
                    "details": [a.json().get("detail") for a in answers],
                }
            )
    return rounds


def test_two_replicas_with_redis_down_never_sync_together(
    postgres_url: str,
    redis_process: RedisProcess,
    slow_upstream: FakeRestCountries,
    tmp_path: Path,
) -> None:
    redis_process.stop()  # COUNTRIES_REDIS_URL names a Redis that is down for the whole test
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")} | {
        "COUNTRIES_DATABASE_URL": postgres_url,
        "COUNTRIES_REDIS_URL": redis_process.url,
        "COUNTRIES_SOURCE_URL": slow_upstream.v31_url,
        "COUNTRIES_SYNC_INTERVAL_SECONDS": "0",  # only the syncs this test asks for
        "COUNTRIES_ADMIN_TOKEN": TOKEN,
    }
    replicas, bases = serve_replicas(2, env, tmp_path)
    try:
        for base in bases:
            _wait_ready(base)
        rounds = _concurrent_sync_rounds(bases, slow_upstream)
    finally:
        outputs = [replica.stop(timeout=20)[1] for replica in replicas]
    print(f"\nrounds with Redis down: {rounds}")  # the figures for the report (pytest -s)
    one_sync = len(field_groups())  # v3.1 asks at most 10 fields a request
    twice = sum(r["upstream_requests"] > one_sync for r in rounds)
    assert twice == 0, (rounds, outputs)
    # One sync ran and the other was refused naming why, in every round.
    assert all(r["statuses"] == [200, 409] for r in rounds), (rounds, outputs)
    assert all(r["upstream_requests"] == one_sync for r in rounds), "one v3.1 sync, once"
    assert all(r["version_rise"] == 1 for r in rounds), rounds
