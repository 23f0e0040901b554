"""One database's run: the service, its captured answers, the ceiling, the load rounds."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx2

from benchmarks.access_log import cost_of_access_log
from benchmarks.compression import beside_compressed_ceiling
from benchmarks.computed_run import beside_computed_ceiling
from benchmarks.figures import BackendResult, Options
from benchmarks.harness import (
    ADMIN_TOKEN,
    MEASURED_LOG_LEVEL,
    ceiling,
    free_port,
    migrate,
    rss_mb,
    serve,
    wait_health,
    wait_ready,
)
from benchmarks.rounds import HeadersFor, rounds, warm_up
from benchmarks.scenarios import SCENARIOS
from benchmarks.timings import admin_client, time_fresh_exports, time_startups, time_syncs
from benchmarks.workers import compare_workers, memory_after_distinct

SKIPPED_HEADERS = {"date", "server"}  # uvicorn adds its own to every answer, on both servers
# The ceiling replays what it was given as is: both servers are asked for uncompressed answers.
UNCOMPRESSED = {"Accept-Encoding": "identity"}


def _entry(response: httpx2.Response) -> dict[str, Any]:
    headers = [
        (k, v) for k, v in response.headers.multi_items() if k.lower() not in SKIPPED_HEADERS
    ]
    return {
        "status": response.status_code,
        "headers": headers,
        "body": base64.b64encode(response.content).decode(),
    }


def capture(base: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's answers per URL (and their 304s), and the ETag per URL."""
    responses: dict[str, Any] = {}
    etags: dict[str, str] = {}
    with httpx2.Client(base_url=base, headers=UNCOMPRESSED, timeout=30) as client:
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


def check_alike(service: str, ceiling_base: str, headers_for: HeadersFor) -> None:
    """Raise unless service and ceiling give the same status, bytes and caching headers."""
    with httpx2.Client(headers=UNCOMPRESSED, timeout=30) as client:
        for scenario in SCENARIOS:
            headers = headers_for[scenario.key]
            a = client.get(service + scenario.path, headers=headers)
            b = client.get(ceiling_base + scenario.path, headers=headers)
            expected = 304 if scenario.revalidate else 200
            # A workbook records when it was made, so two exports differ in their bytes.
            same_bytes = a.content == b.content or scenario.kind == "latency"
            if (a.status_code, b.status_code) != (expected, expected) or not same_bytes:
                raise RuntimeError(f"{scenario.key}: service and ceiling answer differently")
            for name in ("content-type", "etag", "cache-control"):
                if a.headers.get(name) != b.headers.get(name):
                    raise RuntimeError(f"{scenario.key}: header {name} differs")


def _beside_ceiling(
    name: str, service: str, options: Options, workdir: Path, result: BackendResult
) -> None:
    """Capture the service's answers, start the ceiling on them, and load both."""
    responses, etags = capture(service)
    europe = httpx2.get(f"{service}/countries?continent=europe", timeout=30).json()
    result.europe_rows = europe["total"]
    captured = workdir / f"{name}-responses.json"
    captured.write_text(json.dumps(responses))
    port = free_port()
    ceiling_base = f"http://127.0.0.1:{port}"
    with ceiling(port, captured, workdir / f"{name}-ceiling.log") as ceiling_process:
        wait_ready(ceiling_base, ceiling_process)
        headers_for = {
            s.key: ({"If-None-Match": etags[s.path]} if s.revalidate else {}) for s in SCENARIOS
        }
        check_alike(service, ceiling_base, headers_for)
        bases = {"service": service, "ceiling": ceiling_base}
        warm_up(options, SCENARIOS, bases, headers_for)
        result.runs = rounds(name, options, SCENARIOS, bases, headers_for)
        result.ceiling_rss_mb = rss_mb(ceiling_process.pid)


def _synced_from_stand_in(health: Any) -> bool:
    return "v3.1" in str(health["data"]["source"]) and health["countries"] == 250


def run_backend(
    name: str, database_url: str, source_url: str, options: Options, workdir: Path
) -> BackendResult:
    """Every measure on one database, the service synced from the stand-in at `source_url`."""
    result = BackendResult(name, database_url)
    port = free_port()
    service = f"http://127.0.0.1:{port}"
    settings = {"source_url": source_url, "admin_token": ADMIN_TOKEN}
    settings["log_level"] = MEASURED_LOG_LEVEL
    print(f"[{name}] starting countries serve on {service} ({database_url})", flush=True)
    migrate(database_url, workdir / f"{name}-serve.log")
    with serve(database_url, port, workdir / f"{name}-serve.log", **settings) as server:
        wait_health(service, server, _synced_from_stand_in)
        _beside_ceiling(name, service, options, workdir, result)
        beside_computed_ceiling(name, service, options, workdir, result)
        beside_compressed_ceiling(name, service, options, workdir, result)
        with admin_client(service) as admin:
            time_syncs(admin, result, options.repeats)
            time_fresh_exports(admin, result, options.repeats)
        print(
            f"[{name}] warm syncs {result.warm_sync_ms}, upstream syncs {result.upstream_sync_ms}",
            flush=True,
        )
        print(f"[{name}] exports made afresh {result.fresh_export_ms}", flush=True)
        result.rss_mb = rss_mb(server.pid)
    compare_workers(name, database_url, options, workdir, result)
    cost_of_access_log(name, database_url, options, workdir, result)
    memory_after_distinct(name, database_url, workdir, result)
    time_startups(database_url, workdir, result, options.repeats)
    print(f"[{name}] start-ups {result.startup_ms}", flush=True)
    return result
