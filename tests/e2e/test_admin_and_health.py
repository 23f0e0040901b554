"""POST /admin/sync and GET /health through the API, against the loopback REST Countries."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.upstream import FakeRestCountries


async def test_health_names_the_snapshot_after_an_offline_first_start(
    client: httpx2.AsyncClient,
) -> None:
    health = (await client.get("/health")).json()
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert health["countries"] == 250
    assert "snapshot" in health["data"]["source"]
    assert health["data"]["synced_at"] is not None


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {b"Authorization": "Bearer ñ".encode()}]
)
async def test_admin_routes_need_the_token(
    client: httpx2.AsyncClient, headers: dict[str, str] | dict[bytes, bytes]
) -> None:
    response = await client.post("/admin/sync", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


async def test_admin_routes_are_forbidden_when_no_token_is_set(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(admin_token=None)) as client:
        response = await client.post("/admin/sync", headers=ADMIN)
    assert response.status_code == 403


async def test_sync_from_the_v31_upstream_reports_what_changed(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.mutate("ARG", population=1)
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        report = (await client.post("/admin/sync", headers=ADMIN)).json()
        argentina = (await client.get("/countries/ARG")).json()
        health = (await client.get("/health")).json()
    assert report["updated"] == ["ARG"]
    assert report["unchanged"] == 249
    assert (report["inserted"], report["removed"]) == ([], [])
    assert argentina["population"] == 1
    assert "v3.1" in health["data"]["source"]


async def test_a_failing_upstream_is_a_problem_and_keeps_the_data(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.set_fault("short")
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        response = await client.post("/admin/sync", headers=ADMIN)
        total = (await client.get("/countries")).json()["total"]
        health = (await client.get("/health")).json()
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    assert "no longer lists 245 of 250" in response.json()["detail"]
    assert total == 250
    assert "no longer lists" in health["last_sync"]["error"]


@pytest.mark.parametrize(
    ("source", "problem_type", "setting", "requests"),
    [
        ("v5_url", "/problems/source-not-configured", "COUNTRIES_SOURCE_API_KEY", 0),
        ("retired_url", "/problems/source-refused", "COUNTRIES_SOURCE_URL", 1),
    ],
    ids=["v5-without-a-key", "retired-v31"],
)
async def test_a_source_the_settings_cannot_use_names_the_setting_to_fix(
    serve: Serve,
    settings_for: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    source: str,
    problem_type: str,
    setting: str,
    requests: int,
) -> None:
    """Not "source-unavailable" with a Retry-After, which reads as "try again later"."""
    async with serve(settings_for(source_url=getattr(fake_upstream, source))) as client:
        response = await client.post("/admin/sync", headers=ADMIN)
    assert response.status_code == 503
    assert response.json()["type"] == problem_type
    assert setting in response.json()["detail"]
    assert "retry-after" not in response.headers
    assert fake_upstream.request_count == requests  # neither followed nor retried
