"""A payload the sync refuses is never cached: the next sync goes upstream again.

Through `POST /admin/sync` against the real HTTP stand-in, for v3.1 and v5, with the
in-process payload cache and with Redis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from countries.adapters.snapshot import load_snapshot
from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.redis_fixtures import RedisProcess
from tests.upstream import FakeRestCountries, fixture_records
from tests.v5_view import as_v5_carries_it


@pytest.fixture
def storage() -> str:
    """The payload cache is what is under test; the in-memory store keeps each run short."""
    return "memory"


@pytest.fixture(params=["in-process", "redis"])
def cache_settings(request: pytest.FixtureRequest) -> dict[str, Any]:
    """No Redis (the in-process cache), or a Redis server of this test's own."""
    if request.param == "in-process":
        return {}
    redis_process: RedisProcess = request.getfixturevalue("redis_process")
    return {"redis_url": redis_process.url}


def source_settings(api: str, fake: FakeRestCountries) -> dict[str, Any]:
    if api == "v5":
        return {"source_url": fake.v5_url, "source_api_key": fake.api_key}
    return {"source_url": fake.v31_url}


@pytest.mark.parametrize("api", ["v3.1", "v5"])
async def test_after_a_refused_payload_the_next_sync_applies_the_recovered_upstream(
    serve: Serve,
    settings_for: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    cache_settings: dict[str, Any],
    api: str,
) -> None:
    v31, v5 = fixture_records()
    fake_upstream.set_records(v31[:7], v5[:7])  # would retire 243 of the 250 seeded countries
    settings = settings_for(**source_settings(api, fake_upstream), **cache_settings)
    async with serve(settings) as client:
        refused = await client.post("/admin/sync", headers=ADMIN)
        fake_upstream.set_records(v31, v5)  # the upstream recovers, with one real change
        fake_upstream.mutate("ARG", population=7)
        recovered = await client.post("/admin/sync", headers=ADMIN)
        argentina = (await client.get("/countries/ARG")).json()
        total = (await client.get("/countries", params={"limit": 1})).json()["total"]
        requests_after_recovery = fake_upstream.request_count
        again = await client.post("/admin/sync", headers=ADMIN)
    assert refused.status_code == 502
    assert "may retire at most 25" in refused.json()["detail"]
    assert recovered.status_code == 200, recovered.text
    # v5 has no idd or coat of arms: its first sync after the v3.1 snapshot seed empties them.
    lacking = (
        {c.code for c in load_snapshot() if as_v5_carries_it(c) != c} if api == "v5" else set()
    )
    expected = sorted({"ARG"} | lacking)
    assert recovered.json()["updated"] == expected
    assert (argentina["population"], total) == (7, 250)
    assert again.status_code == 200
    assert fake_upstream.request_count == requests_after_recovery, "the accepted payload is cached"
