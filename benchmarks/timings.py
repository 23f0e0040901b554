"""The one-off timings: syncs, exports made afresh, start-ups and the burst after them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx2

from benchmarks.figures import BackendResult
from benchmarks.harness import (
    ADMIN_TOKEN,
    MEASURED_LOG_LEVEL,
    free_port,
    rss_mb,
    serve,
    wait_health,
)
from benchmarks.scenarios import COLD_BURST, FRESH_EXPORTS


def admin_client(base: str) -> httpx2.Client:
    """One client for the timed requests, so no timing includes making a client."""
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    return httpx2.Client(base_url=base, headers=headers, timeout=60)


def _post(client: httpx2.Client, path: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = client.post(path)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def time_syncs(client: httpx2.Client, result: BackendResult, repeats: int) -> None:
    """`repeats` syncs from the warm payload cache, then as many from the upstream."""
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


def time_fresh_exports(client: httpx2.Client, result: BackendResult, repeats: int) -> None:
    """Exports made afresh: the service keeps a workbook per data and query, so drop it first."""
    for _ in range(repeats):
        for key, path in FRESH_EXPORTS.items():
            _post(client, "/admin/cache/invalidate")
            started = time.perf_counter()
            client.get(path).raise_for_status()
            ms = (time.perf_counter() - started) * 1000
            result.fresh_export_ms.setdefault(key, []).append(ms)


async def _burst(url: str, requests: int) -> None:
    """`requests` GETs of `url` at once, each on its own connection; all must be 200."""
    limits = httpx2.Limits(max_connections=requests)
    async with httpx2.AsyncClient(limits=limits, timeout=30) as client:
        answers = await asyncio.gather(*(client.get(url) for _ in range(requests)))
    failed = [a.status_code for a in answers if a.status_code != 200]
    if failed:
        raise RuntimeError(f"{url}: the burst of first requests got {failed}")


def time_startups(database_url: str, workdir: Path, result: BackendResult, repeats: int) -> None:
    """Each start-up timed to its first answer, then hit by 32 concurrent first requests.

    That burst is what a server meets after every sync under load: no answer is kept yet,
    and all 32 ask for the full list at once. Its resident memory afterwards shows whether
    each request computed the list (tens of megabytes more) or one did and the rest waited.
    """
    for i in range(repeats):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = workdir / f"startup-{i}.log"
        with httpx2.Client(timeout=2) as client:  # made before the clock starts
            started = time.perf_counter()
            with serve(
                database_url, port, log, sync_interval_seconds="0", log_level=MEASURED_LOG_LEVEL
            ) as server:
                wait_health(base, server, lambda h: h["countries"] == 250, client=client)
                result.startup_ms.append((time.perf_counter() - started) * 1000)
                asyncio.run(_burst(base + "/countries", COLD_BURST))
                result.cold_burst_rss_mb.append(rss_mb(server.pid))
