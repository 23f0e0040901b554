"""`countries serve` as a user starts it: a real process, a real port, the local upstream."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.ports import free_port
from tests.servers import ServerProcess
from tests.upstream import FakeRestCountries

pytestmark = pytest.mark.slow


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    env["COUNTRIES_DATABASE_URL"] = f"sqlite:///{tmp_path / 'countries.db'}"
    env.update({f"COUNTRIES_{k.upper()}": v for k, v in settings.items()})
    return env


@pytest.fixture
def served(tmp_path: Path, fake_upstream: FakeRestCountries) -> Iterator[str]:
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "countries", "serve", "--port", str(port)],
        _env(tmp_path, source_url=fake_upstream.v31_url, admin_token="t"),
        tmp_path / "serve.log",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        yield base
    finally:
        code, output = server.stop(timeout=15)
        assert code == 0, output


def _wait_for(
    base: str, predicate: Callable[[dict[str, Any]], bool], timeout: float = 20
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            last = httpx2.get(f"{base}/health", timeout=2).json()
            if predicate(last):
                return last
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the service never got there; last health: {last}")


def test_serve_starts_syncs_in_the_background_and_answers(
    served: str, fake_upstream: FakeRestCountries
) -> None:
    health = _wait_for(served, lambda h: "v3.1" in str(h["data"]["source"]))
    assert health["countries"] == 250
    assert fake_upstream.request_count >= 1
    germany = httpx2.get(f"{served}/countries", params={"name": "Alemania"}).json()
    assert [c["code"] for c in germany["items"]] == ["DEU"]
    assert httpx2.get(f"{served}/countries/032").json()["name"] == "Argentina"
    assert httpx2.get(f"{served}/docs").status_code == 200


def test_a_bad_setting_stops_start_up_with_one_line_naming_it(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "countries", "serve"],
        env=_env(tmp_path, report_time="25:99"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "COUNTRIES_REPORT_TIME" in lines[0]


def test_sync_command_prints_what_changed_and_fails_cleanly(
    tmp_path: Path, fake_upstream: FakeRestCountries
) -> None:
    command = [sys.executable, "-m", "countries", "sync"]
    env = _env(tmp_path, source_url=fake_upstream.v31_url)
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert "250 inserted" in first.stdout
    fake_upstream.set_fault("non-json")
    failed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines()[-1].startswith("countries: ")
