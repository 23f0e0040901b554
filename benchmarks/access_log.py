"""The cost of the access log: two servers of their own on the same database, one with the
default `COUNTRIES_LOG_LEVEL=INFO` (one `countries.access` line per request, its stderr to
its log file) and one at WARNING as every other measured server, loaded alternately on
cached answers. A measurement, not a target: the ratio is what the access log leaves."""

from __future__ import annotations

import contextlib
from pathlib import Path

import httpx2

from benchmarks.figures import BackendResult, Options
from benchmarks.harness import MEASURED_LOG_LEVEL, free_port, serve, wait_health
from benchmarks.rounds import rounds, warm_up
from benchmarks.scenarios import SCENARIOS

# The cached detail and the cached full list: where the framework costs least, the log most.
ACCESS_LOG_SCENARIOS = tuple(s for k in ("detail", "list") for s in SCENARIOS if s.key == k)
# Per server: its COUNTRIES_* settings beyond the database. INFO is the default, left unset.
LOG_LEVELS = {"INFO": {}, MEASURED_LOG_LEVEL: {"log_level": MEASURED_LOG_LEVEL}}


def _ready(health: dict[str, int]) -> bool:
    return health["countries"] == 250


def _prime(bases: dict[str, str]) -> None:
    """One request per URL and server, so even a run without warm-up loads cached answers."""
    with httpx2.Client(timeout=30) as client:
        for base in bases.values():
            for scenario in ACCESS_LOG_SCENARIOS:
                client.get(base + scenario.path).raise_for_status()


def cost_of_access_log(
    name: str, database_url: str, options: Options, workdir: Path, result: BackendResult
) -> None:
    """The cached scenarios on an INFO server beside a WARNING one, alternating who goes first."""
    with contextlib.ExitStack() as stack:
        bases: dict[str, str] = {}
        for level, settings in LOG_LEVELS.items():
            port = free_port()
            log = workdir / f"{name}-access-log-{level.lower()}.log"
            server = stack.enter_context(
                serve(database_url, port, log, sync_interval_seconds="0", **settings)
            )
            bases[level] = f"http://127.0.0.1:{port}"
            wait_health(bases[level], server, _ready)
        _prime(bases)
        warm_up(options, ACCESS_LOG_SCENARIOS, bases, {})
        result.access_log_runs = rounds(name, options, ACCESS_LOG_SCENARIOS, bases, {})
