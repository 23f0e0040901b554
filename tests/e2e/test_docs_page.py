"""The docs pages as a user sees them: `countries serve` in a process, drawn by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.ports import free_port
from tests.servers import ServerProcess

pytestmark = pytest.mark.slow

_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _chromium() -> str:
    """Debian's chromium; a skip with the reason on a developer's machine, a failure under CI."""
    found = shutil.which("chromium")
    if found:
        return found
    reason = "no chromium on PATH (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"chromium is required under CI=true: {reason}")
    pytest.skip(reason)


def _wait_until_serving(base: str, process: ServerProcess) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx2.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            time.sleep(0.1)
    raise AssertionError("countries serve never answered /health")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a free loopback port, offline, seeded from the bundled snapshot."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    env["COUNTRIES_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'c.db'}"
    env["COUNTRIES_SYNC_INTERVAL_SECONDS"] = "0"
    env["COUNTRIES_SOURCE_URL"] = "http://127.0.0.1:9/countries/v5"  # nothing listens there
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "countries", "serve", "--port", str(port)],
        env,
        tmp_path_factory.mktemp("docs-log") / "serve.log",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        yield base
    finally:
        code, output = server.stop(timeout=15)
        assert code == 0, output


def _drawn_dom(url: str, profile: Path) -> str:
    """The page's DOM once Chromium has run its scripts and fetched what they asked for."""
    result = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class _SwaggerOperations(HTMLParser):
    """(METHOD, path) of every operation block Swagger UI drew."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: set[tuple[str, str]] = set()
        self._method = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "opblock" in classes:
            blocks = {c.removeprefix("opblock-") for c in classes} & _METHODS
            self._method = next(iter(blocks), "").upper()
        elif "opblock-summary-path" in classes and attributes.get("data-path"):
            self.drawn.add((self._method, str(attributes["data-path"])))


def _operations_of(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in _METHODS
    }


def test_swagger_ui_draws_every_operation_of_the_schema(served: str, tmp_path: Path) -> None:
    expected = _operations_of(httpx2.get(f"{served}/openapi.json").json())
    dom = _drawn_dom(f"{served}/docs", tmp_path / "profile")
    assert "Unable to render this definition" not in dom
    operations = _SwaggerOperations()
    operations.feed(dom)
    assert operations.drawn == expected


class _RedocOperations(HTMLParser):
    """operationId of every operation section ReDoc drew."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        section = dict(attrs).get("data-section-id") or ""
        if section.startswith("operation/"):
            self.drawn.add(section.removeprefix("operation/"))


def test_redoc_draws_every_operation_of_the_schema(served: str, tmp_path: Path) -> None:
    schema = httpx2.get(f"{served}/openapi.json").json()
    expected = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    operations = _RedocOperations()
    operations.feed(_drawn_dom(f"{served}/redoc", tmp_path / "profile"))
    assert operations.drawn == expected


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.targets.append(href)


def test_the_home_page_links_the_docs_the_countries_and_health(served: str) -> None:
    home = httpx2.get(f"{served}/")
    assert home.status_code == 200
    assert home.headers["content-type"].startswith("text/html")
    links = _Links()
    links.feed(home.text)
    followed = {target: httpx2.get(f"{served}/{target}") for target in links.targets}
    assert {"docs", "redoc", "countries", "health"} <= followed.keys()
    assert all(answer.status_code == 200 for answer in followed.values())
    assert "/" not in httpx2.get(f"{served}/openapi.json").json()["paths"]
