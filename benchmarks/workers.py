"""Servers of their own: `--workers 1` beside `--workers 2`, and memory after distinct URLs."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from pathlib import Path

import httpx2

from benchmarks.distinct import pages_url
from benchmarks.figures import BackendResult, Options
from benchmarks.harness import MEASURED_LOG_LEVEL, free_port, rss_mb, serve, wait_health
from benchmarks.rounds import rounds, warm_up
from benchmarks.scenarios import COMPUTED, DISTINCT_URLS, SCENARIOS

WORKER_COUNTS = (1, 2)
# The cached detail and one computed scenario: replayed and computed answers alike.
WORKER_SCENARIOS = tuple(
    s for s in (*SCENARIOS, *COMPUTED) if s.key in {"detail", "computed_query"}
)
FETCHERS = 8  # connections fetching the distinct URLs
# As a browser asks: each answer may then be kept in every encoding the service makes.
BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def _ready(health: dict[str, int]) -> bool:
    return health["countries"] == 250


def workers_flag() -> bool:
    """Whether this checkout's `countries serve` takes `--workers`."""
    command = [sys.executable, "-m", "countries", "serve", "--help"]
    helped = subprocess.run(command, capture_output=True, text=True, check=False)
    return "--workers" in helped.stdout


def compare_workers(
    name: str, database_url: str, options: Options, workdir: Path, result: BackendResult
) -> None:
    """Both worker counts on their own servers, loaded alternately; skipped without the flag."""
    if not workers_flag():
        result.workers_skipped = "`countries serve` has no `--workers` flag in this checkout"
        print(f"[{name}] workers: skipped ({result.workers_skipped})", flush=True)
        return
    with contextlib.ExitStack() as stack:
        bases: dict[str, str] = {}
        for count in WORKER_COUNTS:
            port = free_port()
            log = workdir / f"{name}-workers-{count}.log"
            server = stack.enter_context(
                serve(
                    database_url,
                    port,
                    log,
                    "--workers",
                    str(count),
                    sync_interval_seconds="0",
                    log_level=MEASURED_LOG_LEVEL,
                )
            )
            bases[str(count)] = f"http://127.0.0.1:{port}"
            wait_health(bases[str(count)], server, _ready)
        warm_up(options, WORKER_SCENARIOS, bases, {})
        result.worker_runs = rounds(name, options, WORKER_SCENARIOS, bases, {})


async def _fetch_distinct(base: str, count: int) -> list[int]:
    """GET the first `count` distinct full-list pages; the statuses that were not 200."""
    pending = iter(range(count))
    failed: list[int] = []
    client = httpx2.AsyncClient(base_url=base, headers=BROWSER_ENCODINGS, timeout=30)
    async with client:

        async def fetcher() -> None:
            for n in pending:  # shared: each URL is fetched once, by whichever fetcher is free
                async with client.stream("GET", pages_url(n)) as answer:
                    async for _ in answer.aiter_raw():  # read as sent, nothing decoded
                        pass
                    if answer.status_code != 200:
                        failed.append(answer.status_code)

        await asyncio.gather(*(fetcher() for _ in range(FETCHERS)))
    return failed


def memory_after_distinct(
    name: str, database_url: str, workdir: Path, result: BackendResult
) -> None:
    """A fresh server's resident memory after `DISTINCT_URLS` large answers, each a new URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = workdir / f"{name}-distinct.log"
    quiet = {"sync_interval_seconds": "0", "log_level": MEASURED_LOG_LEVEL}
    with serve(database_url, port, log, **quiet) as server:
        wait_health(base, server, _ready)
        failed = asyncio.run(_fetch_distinct(base, DISTINCT_URLS))
        if failed:
            raise RuntimeError(f"{len(failed)} of the distinct URLs failed: {failed[:5]}")
        result.distinct_rss_mb = rss_mb(server.pid)
    print(f"[{name}] memory after {DISTINCT_URLS} distinct URLs: {result.distinct_rss_mb:.0f} MB")
