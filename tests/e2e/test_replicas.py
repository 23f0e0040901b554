"""Two `countries serve` processes started together on one PostgreSQL and one Redis."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx2
import pytest

from countries.adapters.restcountries.v31 import field_groups
from tests.redis_fixtures import RedisProcess
from tests.servers import serve_replicas
from tests.upstream import FakeRestCountries

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _healthy(base: str) -> dict[str, object] | None:
    try:
        health: dict[str, object] = httpx2.get(f"{base}/health", timeout=2).json()
    except httpx2.TransportError:
        return None
    return health


def test_two_replicas_started_together_sync_once_and_serve_the_result(
    postgres_url: str,
    redis_process: RedisProcess,
    fake_upstream: FakeRestCountries,
    tmp_path: Path,
) -> None:
    fake_upstream.mutate("ARG", population=42)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")} | {
        "COUNTRIES_DATABASE_URL": postgres_url,
        "COUNTRIES_REDIS_URL": redis_process.url,
        "COUNTRIES_SOURCE_URL": fake_upstream.v31_url,
    }
    replicas, bases = serve_replicas(2, env, tmp_path)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            healths = [_healthy(base) for base in bases]
            if all(h and "v3.1" in str(h["data"]) for h in healths):
                break
            time.sleep(0.2)
        time.sleep(0.5)  # let a second, wrongly allowed sync show itself
        populations = [httpx2.get(f"{b}/countries/ARG").json()["population"] for b in bases]
    finally:
        stopped = [replica.stop(timeout=20) for replica in replicas]
    codes, outputs = [code for code, _ in stopped], [output for _, output in stopped]
    live_syncs = sum(out.count("sync from REST Countries v3.1") for out in outputs)
    assert populations == [42, 42], outputs
    assert live_syncs == 1, outputs
    assert fake_upstream.request_count == len(field_groups()), "one v3.1 sync (10 fields a request)"
    assert codes == [0, 0], outputs
