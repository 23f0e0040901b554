"""The image's CMD and HEALTHCHECK, run as written outside a container (no runtime here).

The environment is the image's (its ENV lines) on a free port; the working directory is
a fresh one, as the image's WORKDIR, so the default SQLite file lands there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.files import ROOT, exec_form, image_env
from tests.ports import free_port

pytestmark = pytest.mark.slow

DOCKERFILE = ROOT / "Dockerfile"


def _container_env(port: int) -> dict[str, str]:
    """This machine's environment less any COUNTRIES_ setting, then the image's ENV."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    # `python` and `countries` resolve as in the image, where pip put both on the PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(image_env(DOCKERFILE))
    env["COUNTRIES_PORT"] = str(port)
    return env


def _readyz(port: int) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.fixture
def container(tmp_path: Path) -> Iterator[int]:
    """The image's CMD, running; yields its port once /readyz answers 200."""
    port = free_port()
    process = subprocess.Popen(
        exec_form(DOCKERFILE, "CMD"),
        env=_container_env(port),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _readyz(port)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.communicate()[0]
            time.sleep(0.2)
        yield port
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
        assert process.returncode == 0, output


def _healthcheck(port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        exec_form(DOCKERFILE, "HEALTHCHECK"),
        env=_container_env(port),
        capture_output=True,
        text=True,
        timeout=10,
    )


def test_the_images_command_serves_the_bundled_countries_on_sqlite(
    container: int, tmp_path: Path
) -> None:
    assert _readyz(container) == (200, {"status": "ok", "countries": 250})
    assert (tmp_path / "countries.db").exists()


def _get_json(port: int, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
        loaded = json.loads(answer.read())
    assert isinstance(loaded, dict)
    return loaded


def test_health_and_the_api_document_name_the_version_of_pyproject(container: int) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert _get_json(container, "/health")["version"] == project["version"]
    info = _get_json(container, "/openapi.json")["info"]
    assert isinstance(info, dict)
    assert info["version"] == project["version"]


def test_the_healthcheck_passes_against_the_running_service(container: int) -> None:
    result = _healthcheck(container)
    assert result.returncode == 0, result.stderr


def test_the_healthcheck_fails_when_nothing_listens() -> None:
    result = _healthcheck(free_port())
    assert result.returncode != 0
    assert "Connection refused" in result.stderr
