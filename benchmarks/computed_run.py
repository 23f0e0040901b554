"""The computed scenarios: the service beside benchmarks/computed.py, every URL a new one."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import httpx2

from benchmarks.distinct import URLS
from benchmarks.figures import BackendResult, Options
from benchmarks.harness import free_port, process, wait_ready
from benchmarks.rounds import rounds, warm_up
from benchmarks.scenarios import COMPUTED

CHECKED = 5  # URLs per stream whose bodies must be the same on both servers


def computed_ceiling(
    port: int, log: Path
) -> contextlib.AbstractContextManager[subprocess.Popen[bytes]]:
    """The computed ceiling on `port` (see benchmarks.computed)."""
    command = [sys.executable, "-m", "benchmarks.computed", "--port", str(port)]
    return process(command, dict(os.environ), log)


def check_computed_alike(service: str, ceiling_base: str) -> None:
    """Raise unless both servers give the same 200 and bytes for a few URLs of each stream.

    The ceiling holds the bundled snapshot and the service what it synced: the check shows
    they are the same data, queried and serialized alike.
    """
    # Identity on both: the computed ceiling does not compress (neither does wrk ask it to).
    with httpx2.Client(headers={"Accept-Encoding": "identity"}, timeout=30) as client:
        for stream, build in URLS.items():
            for n in range(0, CHECKED * 997, 997):  # spread over every dimension of the URL
                path = build(n)
                a, b = client.get(service + path), client.get(ceiling_base + path)
                if (a.status_code, b.status_code) != (200, 200) or a.content != b.content:
                    raise RuntimeError(f"{stream}: {path} differs between service and ceiling")


def beside_computed_ceiling(
    name: str, service: str, options: Options, workdir: Path, result: BackendResult
) -> None:
    """Load the computed scenarios on the service and on its ceiling, side by side."""
    port = free_port()
    ceiling_base = f"http://127.0.0.1:{port}"
    with computed_ceiling(port, workdir / f"{name}-computed.log") as ceiling_process:
        wait_ready(ceiling_base, ceiling_process)
        check_computed_alike(service, ceiling_base)
        bases = {"service": service, "ceiling": ceiling_base}
        warm_up(options, COMPUTED, bases, {})
        result.runs.update(rounds(name, options, COMPUTED, bases, {}))
