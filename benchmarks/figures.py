"""The figures of a run: what was measured per database, and its medians and verdicts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from benchmarks.load import Figures
from benchmarks.scenarios import COMPRESSED, COMPUTED, SCENARIOS, Scenario
from benchmarks.targets import judge_scenario


@dataclass
class Options:
    """How long and how often to measure, on which databases, with which load generator."""

    duration: float
    rounds: int
    warmup: float
    repeats: int
    backends: tuple[str, ...]
    loadgen: str  # "wrk" or "httpx2"


@dataclass
class BackendResult:
    """Every figure measured on one database, before medians are taken."""

    name: str
    database: str
    runs: dict[str, dict[str, list[Figures]]] = field(default_factory=dict)
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
    encodings: dict[str, str] = field(default_factory=dict)  # the encoding each key was sent in
    list_sizes: dict[str, int] = field(default_factory=dict)  # the full list's bytes, per encoding
    worker_runs: dict[str, dict[str, list[Figures]]] = field(default_factory=dict)
    workers_skipped: str | None = None
    distinct_rss_mb: float = 0.0
    access_log_runs: dict[str, dict[str, list[Figures]]] = field(default_factory=dict)


def _median(runs: list[Figures], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _paired_ratio(first: list[Figures], second: list[Figures]) -> float:
    """The median over the rounds of `first`'s req/s over `second`'s in the same round.

    A round loads the two back to back, so each pair shares the machine's speed of that
    moment. This VM's speed drifts by up to a factor of two within minutes (NOTES.md), and
    a ratio of the two medians, each taken from whichever round it fell in, carries that.
    """
    ratios = [a["rps"] / b["rps"] for a, b in zip(first, second, strict=True) if b["rps"]]
    # A round where `second` answered nothing says nothing of the ratio (its errors show).
    return statistics.median(ratios) if ratios else 0.0


def _errors(runs: list[Figures]) -> int:
    return int(sum(r["status_errors"] + r["socket_errors"] for r in runs))


def _scenario_row(scenario: Scenario, result: BackendResult) -> dict[str, Any]:
    runs = result.runs[scenario.key]
    service, ceiling = runs["service"], runs["ceiling"]
    row: dict[str, Any] = {
        "service_rps": _median(service, "rps"),
        "ceiling_rps": _median(ceiling, "rps"),
        "service_p50_ms": _median(service, "p50_ms"),
        "service_p99_ms": _median(service, "p99_ms"),
        "ceiling_p50_ms": _median(ceiling, "p50_ms"),
        "ceiling_p99_ms": _median(ceiling, "p99_ms"),
        "service_errors": _errors(service),
        "ceiling_errors": _errors(ceiling),
        "connections": scenario.connections,
    }
    row["ratio"] = _paired_ratio(service, ceiling)
    if scenario.encoding is not None:
        row["encoding"] = result.encodings.get(scenario.key, "identity")
    row["target"], row["pass"] = judge_scenario(scenario, row, result.europe_rows)
    return row


def _side_by_side(
    runs: dict[str, dict[str, list[Figures]]], over: tuple[str, str], name: str
) -> dict[str, Any]:
    """Per scenario, per variant: medians and errors, and as `name` the first variant of
    `over`'s req/s over the second's (`_paired_ratio`)."""
    rows: dict[str, Any] = {}
    for key, by_variant in runs.items():
        row: dict[str, Any] = {
            variant: {
                "rps": _median(variant_runs, "rps"),
                "p99_ms": _median(variant_runs, "p99_ms"),
                "errors": _errors(variant_runs),
            }
            for variant, variant_runs in by_variant.items()
        }
        row[name] = _paired_ratio(by_variant[over[0]], by_variant[over[1]])
        rows[key] = row
    return rows


def _workers(result: BackendResult) -> dict[str, Any]:
    """Per scenario, per worker count: medians, errors, and the gain of 2 workers over 1."""
    if result.workers_skipped:
        return {"skipped": result.workers_skipped, "scenarios": {}}
    return {"skipped": None, "scenarios": _side_by_side(result.worker_runs, ("2", "1"), "gain")}


def _access_log(result: BackendResult) -> dict[str, Any]:
    """Per scenario, per log level: medians and errors, and INFO's req/s over WARNING's."""
    return {"scenarios": _side_by_side(result.access_log_runs, ("INFO", "WARNING"), "ratio")}


def summarise(result: BackendResult) -> dict[str, Any]:
    """Medians per scenario and the verdicts, as plain data (also kept as JSON)."""
    out: dict[str, Any] = {"scenarios": {}, "skipped": result.skipped}
    if result.skipped:
        return out
    for scenario in (*SCENARIOS, *COMPUTED, *COMPRESSED):
        out["scenarios"][scenario.key] = _scenario_row(scenario, result)
    out["workers"] = _workers(result)
    out["access_log"] = _access_log(result)
    out["list_sizes"] = result.list_sizes
    out["distinct_rss_mb"] = result.distinct_rss_mb
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


def all_pass(summaries: dict[str, dict[str, Any]]) -> bool:
    """Zero errors in every scenario that ran (the smoke run's only assertion)."""
    loaded = all(
        row["service_errors"] == 0 and row["ceiling_errors"] == 0
        for summary in summaries.values()
        for row in summary["scenarios"].values()
    )
    side_by_side = all(
        figures["errors"] == 0
        for summary in summaries.values()
        for section in ("workers", "access_log")
        for row in summary.get(section, {}).get("scenarios", {}).values()
        for figures in row.values()
        if isinstance(figures, dict)  # not the gain or the ratio
    )
    return loaded and side_by_side
