"""What the run ran on: CPU, memory, versions, load generator, commit and date."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import re
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import ROOT

PACKAGES = (
    "fastapi",
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "pydantic",
    "dependency-injector",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "orjson",
    "openpyxl",
)


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def _memory() -> str:
    with contextlib.suppress(OSError):
        kb = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        if kb:
            return f"{int(kb.group(1)) / 1024 / 1024:.1f} GiB"
    return "unknown"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _generator(loadgen: str) -> str:
    if loadgen == "wrk":
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        return (wrk.stdout or wrk.stderr).splitlines()[0].split(" [")[0]
    return f"benchmarks/loadgen.py (httpx2 {importlib.metadata.version('httpx2')})"


def describe(loadgen: str) -> dict[str, str]:
    """The machine table of docs/performance.md, row by row."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": _cpu(),
        "memory": _memory(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": ", ".join(f"{p} {_version(p)}" for p in PACKAGES),
        "load generator": _generator(loadgen),
        "commit": commit.stdout.strip() or "unknown",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
