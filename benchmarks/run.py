"""The benchmark: `countries serve` beside a ceiling on the same server stack, side by side.

    make bench          # every scenario, several rounds, SQLite and PostgreSQL -> docs/performance.md
    make bench-smoke    # ~1 s per scenario, one round, SQLite only; fails on any error

What it does, per database:
1. starts the local REST Countries stand-in (tests/upstream.py) and `python -m countries
   serve --port P` on a fresh database (a new SQLite file, or a uniquely named PostgreSQL
   database it creates and drops), synced from the stand-in's /v3.1;
2. fetches every scenario's URL from the service once and starts the ceiling
   (benchmarks/ceiling.py: a bare ASGI callable answering those very bytes and headers,
   under uvicorn with the same loop and HTTP parser), then checks both answer alike;
3. loads both with wrk (or, without wrk, benchmarks/loadgen.py in its own process),
   alternating service and ceiling, several rounds; times syncs and start-up; reads the
   server's resident memory from /proc;
4. writes the figures, the targets of issue 6 and pass/miss as markdown.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))

from tests.upstream import FakeRestCountries  # noqa: E402

ADMIN_TOKEN = "bench-admin-token"
POSTGRES_ADMIN_URL = os.environ.get(
    "COUNTRIES_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
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
INSTALL_WRK = "apt-get install -y wrk  (Debian/Ubuntu; as root)"


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    path: str
    revalidate: bool = False  # send If-None-Match with the ETag the service gave
    connections: int = 32
    threads: int = 2
    kind: str = "throughput"  # "throughput": ratio to the ceiling; "latency": ms per answer


SCENARIOS = (
    Scenario("list", "full list `GET /countries`", "/countries"),
    Scenario("search", "name search `?name=united`", "/countries?name=united"),
    Scenario(
        "continent",
        "continent by population `?continent=europe&sort=population&order=desc`",
        "/countries?continent=europe&sort=population&order=desc",
    ),
    Scenario("detail", "detail `/countries/ARG`", "/countries/ARG"),
    Scenario("revalidate", "304 revalidation `If-None-Match` on `/countries`", "/countries", True),
    # Exports are timed on one connection: the latency is then the time per workbook.
    Scenario(
        "export_europe",
        "export of Europe `/countries/export?continent=europe`",
        "/countries/export?continent=europe",
        connections=1,
        threads=1,
        kind="latency",
    ),
    Scenario(
        "export_world",
        "export of the world `/countries/export`",
        "/countries/export",
        connections=1,
        threads=1,
        kind="latency",
    ),
)
THROUGHPUT_RATIO = {"list": 0.7, "search": 0.7, "continent": 0.7, "detail": 0.7, "revalidate": 0.8}
P99_LIMIT_MS = 50.0
EXPORT_WORLD_MS = 150.0
WARM_SYNC_MS = 300.0
UPSTREAM_SYNC_MS = 1000.0
STARTUP_MS = 2000.0
RSS_MB = 150.0


@dataclass
class Options:
    duration: float
    rounds: int
    warmup: float
    repeats: int
    backends: tuple[str, ...]
    loadgen: str  # "wrk" or "httpx2"


@dataclass
class BackendResult:
    name: str
    database: str
    runs: dict[str, dict[str, list[dict[str, float]]]] = field(default_factory=dict)
    europe_rows: int = 0
    warm_sync_ms: list[float] = field(default_factory=list)
    warm_sync_rows_written: list[int] = field(default_factory=list)
    warm_sync_unchanged: list[int] = field(default_factory=list)
    upstream_sync_ms: list[float] = field(default_factory=list)
    fresh_export_ms: dict[str, list[float]] = field(default_factory=dict)
    startup_ms: list[float] = field(default_factory=list)
    cold_burst_rss_mb: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    ceiling_rss_mb: float = 0.0
    skipped: str | None = None


# Processes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _service_env(database_url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    env["COUNTRIES_DATABASE_URL"] = database_url
    env.update({f"COUNTRIES_{k.upper()}": v for k, v in settings.items()})
    return env


@contextlib.contextmanager
def _process(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _serve(database_url: str, port: int, log: Path, **settings: str) -> Any:
    command = [sys.executable, "-m", "countries", "serve", "--port", str(port)]
    return _process(command, _service_env(database_url, **settings), log)


def _wait_health(
    base: str,
    process: subprocess.Popen[bytes],
    ready: Any,
    timeout: float = 60,
    client: httpx2.Client | None = None,
) -> float:
    """Poll /health until `ready(health)`; the seconds it took.

    One client for every poll (pass one made beforehand when timing a start-up): making a
    client sets up TLS, tens of milliseconds of CPU taken from the server starting beside it.
    """
    if client is None:
        with httpx2.Client(timeout=2) as own:
            return _wait_health(base, process, ready, timeout, own)
    started = time.perf_counter()
    deadline = started + timeout
    last: Any = None
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {base} exited with {process.returncode}")
        try:
            response = client.get(f"{base}/health")
            last = response.json() if response.status_code == 200 else response.status_code
            if response.status_code == 200 and ready(last):
                return time.perf_counter() - started
        except (httpx2.TransportError, ValueError):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{base} never became ready; last /health: {last}")


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else float("nan")


# Load


def _wrk(
    url: str, scenario: Scenario, duration: float, headers: dict[str, str]
) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{scenario.threads}",
        f"-c{scenario.connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(BENCH / "report.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
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


def _httpx2(
    url: str, scenario: Scenario, duration: float, headers: dict[str, str]
) -> dict[str, float]:
    command = [sys.executable, str(BENCH / "loadgen.py"), url]
    command += ["--connections", str(scenario.connections), "--duration", str(duration)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return {
        k: result[k]
        for k in ("requests", "rps", "p50_ms", "p99_ms", "status_errors", "socket_errors")
    }


def _load(
    options: Options, url: str, scenario: Scenario, duration: float, headers: dict[str, str]
) -> dict[str, float]:
    run = _wrk if options.loadgen == "wrk" else _httpx2
    return run(url, scenario, duration, headers)


# Capturing the service's answers for the ceiling

SKIPPED_HEADERS = {"date", "server"}  # uvicorn adds its own to every answer, on both servers


def _entry(response: httpx2.Response) -> dict[str, Any]:
    import base64

    headers = [
        (k, v) for k, v in response.headers.multi_items() if k.lower() not in SKIPPED_HEADERS
    ]
    return {
        "status": response.status_code,
        "headers": headers,
        "body": base64.b64encode(response.content).decode(),
    }


def _capture(base: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's answers per URL (and their 304s), and the ETag per URL."""
    responses: dict[str, Any] = {}
    etags: dict[str, str] = {}
    with httpx2.Client(base_url=base, timeout=30) as client:
        for scenario in SCENARIOS:
            if scenario.path in responses:
                continue
            ok = client.get(scenario.path)
            ok.raise_for_status()
            entry: dict[str, Any] = {"ok": _entry(ok)}
            etag = ok.headers.get("etag")
            if etag:
                not_modified = client.get(scenario.path, headers={"If-None-Match": etag})
                if not_modified.status_code != 304:
                    raise RuntimeError(
                        f"{scenario.path}: If-None-Match gave {not_modified.status_code}"
                    )
                entry["etag"] = etag
                entry["not_modified"] = _entry(not_modified)
                etags[scenario.path] = etag
            responses[scenario.path] = entry
    return responses, etags


def _check_alike(service: str, ceiling: str, headers_for: dict[str, dict[str, str]]) -> None:
    with httpx2.Client(timeout=30) as client:
        for scenario in SCENARIOS:
            headers = headers_for[scenario.key]
            a = client.get(service + scenario.path, headers=headers)
            b = client.get(ceiling + scenario.path, headers=headers)
            expected = 304 if scenario.revalidate else 200
            # A workbook records when it was made, so two exports differ in their bytes.
            same_bytes = a.content == b.content or scenario.kind == "latency"
            if (a.status_code, b.status_code) != (expected, expected) or not same_bytes:
                raise RuntimeError(f"{scenario.key}: service and ceiling answer differently")
            for name in ("content-type", "etag", "cache-control"):
                if a.headers.get(name) != b.headers.get(name):
                    raise RuntimeError(f"{scenario.key}: header {name} differs")


# Syncs and start-up


def _admin_client(base: str) -> httpx2.Client:
    """One client for the timed requests, so no timing includes making a client."""
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    return httpx2.Client(base_url=base, headers=headers, timeout=60)


def _post(client: httpx2.Client, path: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = client.post(path)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def _syncs(client: httpx2.Client, result: BackendResult, repeats: int) -> None:
    _post(client, "/admin/sync")  # the payload cache is warm from here on
    for _ in range(repeats):
        ms, report = _post(client, "/admin/sync")
        result.warm_sync_ms.append(ms)
        written = len(report["inserted"]) + len(report["updated"]) + len(report["removed"])
        result.warm_sync_rows_written.append(written)
        result.warm_sync_unchanged.append(report["unchanged"])
    for _ in range(repeats):
        _post(client, "/admin/cache/invalidate")
        ms, _ = _post(client, "/admin/sync")
        result.upstream_sync_ms.append(ms)


FRESH_EXPORTS = {"world": "/countries/export", "europe": "/countries/export?continent=europe"}


def _fresh_exports(client: httpx2.Client, result: BackendResult, repeats: int) -> None:
    """Exports made afresh: the service keeps a workbook per data and query, so drop it first."""
    for _ in range(repeats):
        for key, path in FRESH_EXPORTS.items():
            _post(client, "/admin/cache/invalidate")
            started = time.perf_counter()
            client.get(path).raise_for_status()
            ms = (time.perf_counter() - started) * 1000
            result.fresh_export_ms.setdefault(key, []).append(ms)


COLD_BURST = 32  # concurrent first requests for the full list, on 32 connections


async def _burst(url: str, requests: int) -> None:
    """`requests` GETs of `url` at once, each on its own connection; all must be 200."""
    limits = httpx2.Limits(max_connections=requests)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as client:
        answers = await asyncio.gather(*(client.get(url) for _ in range(requests)))
    failed = [a.status_code for a in answers if a.status_code != 200]
    if failed:
        raise RuntimeError(f"{url}: the burst of first requests got {failed}")


def _startups(database_url: str, workdir: Path, result: BackendResult, repeats: int) -> None:
    """Each start-up timed to its first answer, then hit by 32 concurrent first requests.

    That burst is what a server meets after every sync under load: no answer is kept yet,
    and all 32 ask for the full list at once. Its resident memory afterwards shows whether
    each request computed the list (tens of megabytes more) or one did and the rest waited.
    """
    for i in range(repeats):
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with httpx2.Client(timeout=2) as client:  # made before the clock starts
            started = time.perf_counter()
            with _serve(
                database_url, port, workdir / f"startup-{i}.log", sync_interval_seconds="0"
            ) as process:
                _wait_health(base, process, lambda h: h["countries"] == 250, client=client)
                result.startup_ms.append((time.perf_counter() - started) * 1000)
                asyncio.run(_burst(base + "/countries", COLD_BURST))
                result.cold_burst_rss_mb.append(_rss_mb(process.pid))


# One database


def _run_backend(
    name: str, database_url: str, upstream: FakeRestCountries, options: Options, workdir: Path
) -> BackendResult:
    result = BackendResult(name, database_url)
    port, ceiling_port = _free_port(), _free_port()
    service, ceiling = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{ceiling_port}"
    settings = {"source_url": upstream.v31_url, "admin_token": ADMIN_TOKEN}
    log = workdir / f"{name}-serve.log"
    print(f"[{name}] starting countries serve on {service} ({database_url})", flush=True)
    with _serve(database_url, port, log, **settings) as process:
        _wait_health(
            service, process, lambda h: "v3.1" in str(h["data"]["source"]) and h["countries"] == 250
        )
        responses, etags = _capture(service)
        europe = httpx2.get(f"{service}/countries?continent=europe", timeout=30).json()
        result.europe_rows = europe["total"]
        captured = workdir / f"{name}-responses.json"
        captured.write_text(json.dumps(responses))
        command = [
            sys.executable,
            str(BENCH / "ceiling.py"),
            "--port",
            str(ceiling_port),
            "--responses",
            str(captured),
        ]
        with _process(
            command, dict(os.environ), workdir / f"{name}-ceiling.log"
        ) as ceiling_process:
            _wait_ready(ceiling, ceiling_process)
            headers_for = {
                s.key: ({"If-None-Match": etags[s.path]} if s.revalidate else {}) for s in SCENARIOS
            }
            _check_alike(service, ceiling, headers_for)
            targets = {"service": service, "ceiling": ceiling}
            if options.warmup > 0:
                for scenario in SCENARIOS:
                    for base in targets.values():
                        _load(
                            options,
                            base + scenario.path,
                            scenario,
                            options.warmup,
                            headers_for[scenario.key],
                        )
            for round_ in range(options.rounds):
                order = ("service", "ceiling") if round_ % 2 == 0 else ("ceiling", "service")
                for scenario in SCENARIOS:
                    for who in order:
                        figures = _load(
                            options,
                            targets[who] + scenario.path,
                            scenario,
                            options.duration,
                            headers_for[scenario.key],
                        )
                        result.runs.setdefault(scenario.key, {}).setdefault(who, []).append(figures)
                        print(
                            f"[{name}] round {round_ + 1} {scenario.key:<14} {who:<8} "
                            f"{figures['rps']:9.0f} req/s  p50 {figures['p50_ms']:7.2f} ms  "
                            f"p99 {figures['p99_ms']:7.2f} ms  errors {figures['status_errors'] + figures['socket_errors']:.0f}",
                            flush=True,
                        )
            result.ceiling_rss_mb = _rss_mb(ceiling_process.pid)
        with _admin_client(service) as admin:
            _syncs(admin, result, options.repeats)
            _fresh_exports(admin, result, options.repeats)
        print(
            f"[{name}] warm syncs {result.warm_sync_ms}, upstream syncs {result.upstream_sync_ms}",
            flush=True,
        )
        print(f"[{name}] exports made afresh {result.fresh_export_ms}", flush=True)
        result.rss_mb = _rss_mb(process.pid)
    _startups(database_url, workdir, result, options.repeats)
    print(f"[{name}] start-ups {result.startup_ms}", flush=True)
    return result


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the ceiling exited with {process.returncode}")
        with contextlib.suppress(httpx2.TransportError):
            httpx2.get(base + "/", timeout=1)
            return
        time.sleep(0.02)
    raise RuntimeError("the ceiling never answered")


@contextlib.contextmanager
def _postgres_database() -> Iterator[str]:
    import asyncpg

    name = f"countries_bench_{uuid.uuid4().hex[:12]}"

    async def execute(sql: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _postgres_version() -> str:
    import asyncpg

    async def version() -> str:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
        try:
            return str(await connection.fetchval("SHOW server_version"))
        finally:
            await connection.close()

    try:
        return asyncio.run(version())
    except Exception as error:  # reported as the reason PostgreSQL was skipped
        raise RuntimeError(
            f"PostgreSQL at {POSTGRES_ADMIN_URL} does not answer: {error}"
        ) from error


# Reporting


def _machine(loadgen: str) -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, AttributeError):
        kb = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = f"{int(kb.group(1)) / 1024 / 1024:.1f} GiB" if kb else "unknown"
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    if loadgen == "wrk":
        wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        generator = (wrk.stdout or wrk.stderr).splitlines()[0].split(" [")[0]
    else:
        generator = f"benchmarks/loadgen.py (httpx2 {importlib.metadata.version('httpx2')})"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load generator": generator,
        "commit": commit.stdout.strip() or "unknown",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _errors(runs: list[dict[str, float]]) -> int:
    return int(sum(r["status_errors"] + r["socket_errors"] for r in runs))


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**miss**"


def _summary(result: BackendResult) -> dict[str, Any]:
    """Medians per scenario and the verdicts, as plain data (also kept as JSON)."""
    out: dict[str, Any] = {"scenarios": {}, "skipped": result.skipped}
    if result.skipped:
        return out
    for scenario in SCENARIOS:
        runs = result.runs[scenario.key]
        s, c = runs["service"], runs["ceiling"]
        row = {
            "service_rps": _median(s, "rps"),
            "ceiling_rps": _median(c, "rps"),
            "service_p50_ms": _median(s, "p50_ms"),
            "service_p99_ms": _median(s, "p99_ms"),
            "ceiling_p50_ms": _median(c, "p50_ms"),
            "ceiling_p99_ms": _median(c, "p99_ms"),
            "service_errors": _errors(s),
            "ceiling_errors": _errors(c),
            "connections": scenario.connections,
        }
        row["ratio"] = row["service_rps"] / row["ceiling_rps"]
        if scenario.kind == "throughput":
            target = THROUGHPUT_RATIO[scenario.key]
            ok = row["ratio"] >= target
            text = f"≥ {target} of ceiling"
            if scenario.key != "revalidate":
                ok = ok and row["service_p99_ms"] < P99_LIMIT_MS
                text += f", p99 < {P99_LIMIT_MS:.0f} ms"
        else:
            limit = (
                EXPORT_WORLD_MS
                if scenario.key == "export_world"
                else EXPORT_WORLD_MS * result.europe_rows / 250
            )
            ok = row["service_p50_ms"] < limit
            text = f"< {limit:.0f} ms per workbook"
        ok = ok and row["service_errors"] == 0 and row["ceiling_errors"] == 0
        row["target"], row["pass"] = text, ok
        out["scenarios"][scenario.key] = row
    out["warm_sync_ms"] = statistics.median(result.warm_sync_ms)
    out["warm_sync_written"] = max(result.warm_sync_rows_written)
    out["warm_sync_unchanged"] = min(result.warm_sync_unchanged)
    out["upstream_sync_ms"] = statistics.median(result.upstream_sync_ms)
    out["fresh_export_world_ms"] = statistics.median(result.fresh_export_ms["world"])
    out["fresh_export_europe_ms"] = statistics.median(result.fresh_export_ms["europe"])
    out["startup_ms"] = statistics.median(result.startup_ms)
    out["cold_burst_rss_mb"] = statistics.median(result.cold_burst_rss_mb)
    out["rss_mb"] = result.rss_mb
    out["ceiling_rss_mb"] = result.ceiling_rss_mb
    out["europe_rows"] = result.europe_rows
    out["runs"] = {"warm_sync": len(result.warm_sync_ms), "startup": len(result.startup_ms)}
    return out


def _all_pass(summaries: dict[str, dict[str, Any]]) -> bool:
    """Zero errors in every scenario that ran (the smoke run's only assertion)."""
    return all(
        row["service_errors"] == 0 and row["ceiling_errors"] == 0
        for summary in summaries.values()
        for row in summary["scenarios"].values()
    )


def _markdown(
    machine: dict[str, str],
    options: Options,
    summaries: dict[str, dict[str, Any]],
    baseline: dict[str, Any] | None,
    command: str,
) -> str:
    lines = [
        "# Performance",
        "",
        "Generated by `benchmarks/run.py`; every figure below comes from the run, none is typed in.",
        "Rerun it on your machine with:",
        "",
        "```sh",
        command,
        "```",
        "",
        "The service is `python -m countries serve` (one process, uvicorn) on a fresh database synced",
        "from the local REST Countries stand-in (`tests/upstream.py`). The **ceiling** is",
        "`benchmarks/ceiling.py`, a bare ASGI callable on the same server stack (uvicorn, same loop and",
        "HTTP parser) answering the same URLs with the very bytes and headers the service returned",
        "(and its 304s). Both are loaded alternately, from a separate load-generator process on loopback;",
        "medians over the rounds. Errors are answers that are not 2xx/3xx plus socket errors.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {v} |" for k, v in machine.items()]
    lines += [
        f"| run | {options.rounds} round(s) of {options.duration:g} s per scenario and server "
        f"(after {options.warmup:g} s warm-up), 2 threads × 32 connections (exports: 1 × 1, so the "
        f"latency is the time per workbook); {options.repeats} sync(s) and start-up(s) each |",
        "",
    ]
    for backend, summary in summaries.items():
        lines += [f"## {backend}", ""]
        if summary["skipped"]:
            lines += [f"Skipped: {summary['skipped']}", ""]
            continue
        before = (baseline or {}).get("summaries", {}).get(backend)
        header = "| scenario | service req/s | ceiling req/s | ratio | service p50 / p99 ms | ceiling p50 / p99 ms | errors | target | |"
        if before:
            header = header[:-4] + " | before: req/s, ratio, p99 ms | |"
        lines += [header, "|" + " --- |" * header.count(" |")]
        for scenario in SCENARIOS:
            row = summary["scenarios"][scenario.key]
            cells = [
                scenario.title,
                f"{row['service_rps']:,.0f}",
                f"{row['ceiling_rps']:,.0f}",
                f"{row['ratio']:.2f}",
                f"{row['service_p50_ms']:.2f} / {row['service_p99_ms']:.2f}",
                f"{row['ceiling_p50_ms']:.2f} / {row['ceiling_p99_ms']:.2f}",
                f"{row['service_errors']} / {row['ceiling_errors']}",
                row["target"],
            ]
            if before:
                old = before["scenarios"].get(scenario.key)
                cells.append(
                    f"{old['service_rps']:,.0f}, {old['ratio']:.2f}, {old['service_p99_ms']:.2f}"
                    if old
                    else "–"
                )
            cells.append(_verdict(row["pass"]))
            lines.append("| " + " | ".join(cells) + " |")
        lines += [
            "",
            "| measure | service | ceiling | target | |" + (" before |" if before else ""),
            "| --- | --- | --- | --- | --- |" + (" --- |" if before else ""),
        ]
        europe_limit = EXPORT_WORLD_MS * summary["europe_rows"] / 250
        measures = [
            (
                f"export of the world made afresh, after invalidation (median of {summary['runs']['warm_sync']})",
                f"{summary['fresh_export_world_ms']:.0f} ms",
                f"< {EXPORT_WORLD_MS:.0f} ms",
                summary["fresh_export_world_ms"] < EXPORT_WORLD_MS,
                "fresh_export_world_ms",
            ),
            (
                f"export of Europe made afresh, after invalidation (median of {summary['runs']['warm_sync']})",
                f"{summary['fresh_export_europe_ms']:.0f} ms",
                f"< {europe_limit:.0f} ms",
                summary["fresh_export_europe_ms"] < europe_limit,
                "fresh_export_europe_ms",
            ),
            (
                f"sync from a warm cache (median of {summary['runs']['warm_sync']})",
                f"{summary['warm_sync_ms']:.0f} ms; unchanged={summary['warm_sync_unchanged']}, "
                f"rows written={summary['warm_sync_written']}",
                f"< {WARM_SYNC_MS:.0f} ms, no row written",
                summary["warm_sync_ms"] < WARM_SYNC_MS and summary["warm_sync_written"] == 0,
                "warm_sync_ms",
            ),
            (
                "sync from the upstream stand-in (after invalidation)",
                f"{summary['upstream_sync_ms']:.0f} ms",
                f"< {UPSTREAM_SYNC_MS:.0f} ms",
                summary["upstream_sync_ms"] < UPSTREAM_SYNC_MS,
                "upstream_sync_ms",
            ),
            (
                f"start-up to first answer, existing database (median of {summary['runs']['startup']})",
                f"{summary['startup_ms']:.0f} ms",
                f"< {STARTUP_MS:.0f} ms",
                summary["startup_ms"] < STARTUP_MS,
                "startup_ms",
            ),
            (
                f"server resident memory after start-up and {COLD_BURST} concurrent first requests "
                f"for the full list (median of {summary['runs']['startup']})",
                f"{summary['cold_burst_rss_mb']:.0f} MB",
                f"< {RSS_MB:.0f} MB",
                summary["cold_burst_rss_mb"] < RSS_MB,
                "cold_burst_rss_mb",
            ),
            (
                "server resident memory (VmRSS) after the run",
                f"{summary['rss_mb']:.0f} MB",
                f"< {RSS_MB:.0f} MB",
                summary["rss_mb"] < RSS_MB,
                "rss_mb",
            ),
        ]
        for title, value, target, ok, key in measures:
            ceiling = f"{summary['ceiling_rss_mb']:.0f} MB" if key == "rss_mb" else "–"
            cells = [title, value, ceiling, target, _verdict(ok)]
            if before:
                cells.append(f"{before[key]:.0f}" if key in before else "–")
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if baseline:
        lines += [
            "The *before* figures are those of `docs/performance-baseline.json`, a run of this same",
            f"benchmark at commit {baseline['machine']['commit']} on {baseline['machine']['date']}"
            f" ({baseline['machine']['nproc']} CPUs, {baseline['machine']['cpu']}), before the changes below.",
            "",
        ]
    notes = BENCH / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="countries serve beside its ceiling (issue 6)")
    parser.add_argument(
        "--duration", type=float, default=5.0, help="seconds per scenario, server and round"
    )
    parser.add_argument(
        "--rounds", type=int, default=5
    )  # this VM's speed wanders: more rounds, steadier medians
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of unrecorded load first"
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed syncs and start-ups")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--baseline", type=Path, help="a --json file from an earlier run: 'before' figures"
    )
    parser.add_argument("--smoke", action="store_true", help="1 s, 1 round, SQLite, temp output")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "httpx2"), default="auto")
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.rounds, args.warmup, args.repeats, args.backends = (
            1.0,
            1,
            0.0,
            1,
            "sqlite",
        )
        if args.output == ROOT / "docs" / "performance.md":
            args.output = Path(tempfile.gettempdir()) / f"countries-bench-smoke-{os.getpid()}.md"

    loadgen = args.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "httpx2"
    if loadgen == "wrk" and not shutil.which("wrk"):
        parser.error(f"wrk is not installed; install it with: {INSTALL_WRK}")
    if loadgen == "httpx2":
        print(
            f"wrk not found (install it with: {INSTALL_WRK}); falling back to benchmarks/loadgen.py (httpx2)"
        )
    print(f"load generator: {loadgen}", flush=True)
    options = Options(
        duration=args.duration,
        rounds=args.rounds,
        warmup=args.warmup,
        repeats=args.repeats,
        backends=tuple(b.strip() for b in args.backends.split(",") if b.strip()),
        loadgen=loadgen,
    )
    machine = _machine(loadgen)
    summaries: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="countries-bench-") as tmp,
        FakeRestCountries.from_fixtures() as upstream,
    ):
        workdir = Path(tmp)
        for backend in options.backends:
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'countries.db'}"
                summaries["SQLite"] = _summary(
                    _run_backend("sqlite", url, upstream, options, workdir)
                )
            elif backend == "postgresql":
                try:
                    machine["postgresql"] = _postgres_version()
                except RuntimeError as error:
                    print(error, flush=True)
                    summaries["PostgreSQL"] = {"skipped": str(error), "scenarios": {}}
                    continue
                with _postgres_database() as url:
                    summaries["PostgreSQL"] = _summary(
                        _run_backend("postgresql", url, upstream, options, workdir)
                    )
            else:
                parser.error(f"unknown backend {backend!r}")

    command = "make bench-smoke" if args.smoke else "make bench"
    baseline = (
        json.loads(args.baseline.read_text()) if args.baseline and args.baseline.exists() else None
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(_markdown(machine, options, summaries, baseline, command))
    print(f"wrote {args.output}")
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine, "summaries": summaries}, indent=2) + "\n"
        )
        print(f"wrote {args.json}")
    if not _all_pass(summaries):
        print("errors in some scenario: see the table", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
