"""Starting and stopping the servers: `countries serve`, the ceiling, and their databases."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2

from benchmarks import ROOT

ADMIN_TOKEN = "bench-admin-token"
# The measured servers run without the access log (metrics and request ids stay on): one
# line per request would hide the framework's cost on the cached fast path. Its own cost is
# measured apart, in benchmarks/access_log.py.
MEASURED_LOG_LEVEL = "WARNING"
POSTGRES_ADMIN_URL = os.environ.get(
    "COUNTRIES_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_env(database_url: str, **settings: str) -> dict[str, str]:
    # The caller's own COUNTRIES_* settings never leak into a measured server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    env["COUNTRIES_DATABASE_URL"] = database_url
    env.update({f"COUNTRIES_{k.upper()}": v for k, v in settings.items()})
    return env


@contextlib.contextmanager
def process(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` running from the repository root, its output in `log`; stopped on exit."""
    with log.open("ab") as out:
        child = subprocess.Popen(
            command, env=env or dict(os.environ), stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def serve(
    database_url: str, port: int, log: Path, *args: str, **settings: str
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """`python -m countries serve` on `port` with `args`, `COUNTRIES_<NAME>` for each setting."""
    command = [sys.executable, "-m", "countries", "serve", "--port", str(port), *args]
    return process(command, _service_env(database_url, **settings), log)


def migrate(database_url: str, log: Path) -> None:
    """`python -m countries db upgrade`: the deploy step before any server starts (compose.yaml).

    Measured servers then start on a migrated database, as deployed: the serving process
    never imports Alembic (10 MB of its resident memory when it migrates itself).
    """
    command = [sys.executable, "-m", "countries", "db", "upgrade"]
    with log.open("ab") as out:
        subprocess.run(
            command,
            env=_service_env(database_url),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            check=True,
        )


def ceiling(
    port: int, responses: Path, log: Path
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """The ceiling on `port`, answering the captured `responses` (see benchmarks.ceiling)."""
    command = [sys.executable, "-m", "benchmarks.ceiling", "--port", str(port)]
    command += ["--responses", str(responses)]
    return process(command, dict(os.environ), log)


def wait_health(
    base: str,
    server: subprocess.Popen[bytes],
    ready: Callable[[Any], bool],
    timeout: float = 60,
    client: httpx2.Client | None = None,
) -> float:
    """Poll /health until `ready(health)`; the seconds it took.

    One client for every poll (pass one made beforehand when timing a start-up): making a
    client sets up TLS, tens of milliseconds of CPU taken from the server starting beside it.
    """
    if client is None:
        with httpx2.Client(timeout=2) as own:
            return wait_health(base, server, ready, timeout, own)
    started = time.perf_counter()
    deadline = started + timeout
    last: Any = None
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server at {base} exited with {server.returncode}")
        try:
            response = client.get(f"{base}/health")
            last = response.json() if response.status_code == 200 else response.status_code
            if response.status_code == 200 and ready(last):
                return time.perf_counter() - started
        except (httpx2.TransportError, ValueError):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{base} never became ready; last /health: {last}")


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Wait until the ceiling at `base` answers anything."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the ceiling exited with {server.returncode}")
        with contextlib.suppress(httpx2.TransportError):
            httpx2.get(base + "/", timeout=1)
            return
        time.sleep(0.02)
    raise RuntimeError("the ceiling never answered")


def rss_mb(pid: int) -> float:
    """The resident memory (VmRSS) of process `pid`, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else float("nan")


async def _postgres(sql: str) -> str:
    import asyncpg  # only runs that measure PostgreSQL need it

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        return str(await connection.fetchval(sql))
    finally:
        await connection.close()


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, uniquely named PostgreSQL database, dropped on exit."""
    name = f"countries_bench_{uuid.uuid4().hex[:12]}"
    asyncio.run(_postgres(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(_postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def postgres_version() -> str:
    """The server's version; a RuntimeError, the reason PostgreSQL is skipped, if none answers."""
    try:
        return asyncio.run(_postgres("SHOW server_version"))
    except Exception as error:  # reported as the reason PostgreSQL was skipped
        raise RuntimeError(
            f"PostgreSQL at {POSTGRES_ADMIN_URL} does not answer: {error}"
        ) from error
