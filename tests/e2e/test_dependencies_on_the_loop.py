"""The use cases reach the routes on the event loop: no request hops to a worker thread.

FastAPI runs a dependency that is not a coroutine function in a thread pool; with
dependency-injector's plain `Provide` marker that was one thread hop per dependency and
request (and 32 idle threads after a burst), a fixed cost on every answer computed.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from fastapi.dependencies import utils as fastapi_dependencies
from starlette.concurrency import run_in_threadpool

from tests.e2e.conftest import ADMIN

ROUTES = [
    ("GET", "/countries?q=ar&limit=5"),
    ("GET", "/countries/ARG"),
    ("GET", "/v3.1/alpha/ARG"),
    ("GET", "/countries/ARG/activities"),
    ("GET", "/health"),
    ("GET", "/readyz"),
    ("GET", "/admin/report-subscriptions"),
    ("POST", "/admin/cache/invalidate"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_no_dependency_runs_in_a_worker_thread(
    client: httpx2.AsyncClient, monkeypatch: pytest.MonkeyPatch, method: str, path: str
) -> None:
    hops: list[Any] = []
    original = run_in_threadpool  # what fastapi.dependencies.utils imports and calls

    async def recording(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(fastapi_dependencies, "run_in_threadpool", recording)
    response = await client.request(method, path, headers=ADMIN)
    assert response.status_code < 300, response.text
    assert hops == []
