"""`countries serve --workers 2`: two processes on one SQLite file, as a user runs them."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from countries.adapters.restcountries.v31 import field_groups
from tests.e2e.test_serve_process import _env
from tests.polling import eventually_sync
from tests.ports import free_port
from tests.servers import ServerProcess
from tests.upstream import FakeRestCountries

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    """The process ids of `pid`'s children (Linux /proc)."""
    tasks = Path(f"/proc/{pid}/task")
    found: list[int] = []
    for task in tasks.iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


@pytest.fixture
def two_workers(tmp_path: Path, fake_upstream: FakeRestCountries) -> Iterator[tuple[str, int]]:
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "countries", "serve", "--port", str(port), "--workers", "2"],
        _env(
            tmp_path,
            source_url=fake_upstream.v31_url,
            admin_token="t",
            sync_interval_seconds="3600",
        ),
        tmp_path / "serve.log",
    )
    try:
        yield f"http://127.0.0.1:{port}", server.pid
    finally:
        _, output = server.stop(timeout=30)
        assert "Traceback" not in output, output


def _health(base: str) -> dict[str, object] | None:
    try:
        answer = httpx2.get(f"{base}/health", timeout=2)
    except httpx2.TransportError:
        return None
    return answer.json() if answer.status_code == 200 else None


def test_two_workers_sync_once_and_serve_each_new_answer(
    two_workers: tuple[str, int], fake_upstream: FakeRestCountries
) -> None:
    base, pid = two_workers
    eventually_sync(lambda: "v3.1" in str((_health(base) or {}).get("data")), within=60)
    assert len(_children(pid)) >= 2  # uvicorn's two workers
    time.sleep(2)  # both workers' schedules have run by now
    # Both workers' scheduled syncs met one lock file: the upstream was read once.
    assert fake_upstream.request_count == len(field_groups())

    # A sync on a loaded CI machine can outlast httpx's 5 s default.
    with httpx2.Client(base_url=base, timeout=30) as client:
        before = [client.get("/countries/ARG").json()["population"] for _ in range(10)]
        fake_upstream.mutate("ARG", population=4242)

        def synced() -> bool:  # a 409 while the other worker's scheduled sync still runs
            # Each worker keeps its own payload cache (no Redis here), and a sync reads a
            # warm one rather than the upstream: this worker's goes first, on the same
            # connection, so the sync reads the mutated upstream whichever worker it is.
            client.post("/admin/cache/invalidate", headers={"Authorization": "Bearer t"})
            sync = client.post("/admin/sync", headers={"Authorization": "Bearer t"})
            assert sync.status_code in (200, 409), sync.text
            return sync.status_code == 200

        eventually_sync(synced, within=20, every=0.5)

        def every_worker_serves_the_new_answer() -> bool:
            return {client.get("/countries/ARG").json()["population"] for _ in range(10)} == {4242}

        eventually_sync(every_worker_serves_the_new_answer, within=10)
    assert 4242 not in before
