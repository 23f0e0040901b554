"""Load generation: wrk with report.lua, or the Python fallback client in its own process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from benchmarks import PACKAGE_DIR, ROOT
from benchmarks.distinct import next_base
from benchmarks.scenarios import Scenario

INSTALL_WRK = "apt-get install -y wrk  (Debian/Ubuntu; as root)"
FIGURES = ("requests", "rps", "p50_ms", "p99_ms", "status_errors", "socket_errors")

Figures = dict[str, float]


def pick(requested: str) -> str:
    """`wrk` or `httpx2`: "auto" takes wrk when it is installed."""
    if requested == "auto":
        return "wrk" if shutil.which("wrk") else "httpx2"
    return requested


def _script(scenario: Scenario) -> list[str]:
    """wrk's `-s` script, and after the URL its arguments: a new URL per request or one URL."""
    if scenario.stream is None:
        return [str(PACKAGE_DIR / "report.lua")]
    stream = ["--", scenario.stream, str(next_base(scenario.stream)), str(scenario.threads)]
    return [str(PACKAGE_DIR / "urls.lua"), *stream]


def _wrk(url: str, scenario: Scenario, duration: float, headers: dict[str, str]) -> Figures:
    script, *arguments = _script(scenario)
    command = [
        "wrk",
        f"-t{scenario.threads}",
        f"-c{scenario.connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        script,
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url, *arguments], capture_output=True, text=True, check=True
    ).stdout
    line = next((ln for ln in output.splitlines() if ln.startswith("JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary:\n{output}")
    raw = json.loads(line.removeprefix("JSON "))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds,
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "status_errors": raw["status_errors"],
        "socket_errors": raw["socket_errors"],
    }


def _httpx2(url: str, scenario: Scenario, duration: float, headers: dict[str, str]) -> Figures:
    command = [sys.executable, "-m", "benchmarks.loadgen", url]
    command += ["--connections", str(scenario.connections), "--duration", str(duration)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    if scenario.stream is not None:
        command += ["--stream", scenario.stream, "--base", str(next_base(scenario.stream))]
    # Run from the repository root, where `benchmarks` is importable.
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    result = json.loads(output)
    return {k: result[k] for k in FIGURES}


def load(
    loadgen: str, url: str, scenario: Scenario, duration: float, headers: dict[str, str]
) -> Figures:
    """Load `url` as `scenario` says for `duration` seconds; requests, rps, p50, p99, errors."""
    run = _wrk if loadgen == "wrk" else _httpx2
    return run(url, scenario, duration, headers)
