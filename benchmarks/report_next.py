"""The next targets' sections of docs/performance.md: computed and compressed answers beside
their ceilings, the full list's size per encoding, one worker beside two, and the cost of
the access log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.scenarios import COMPRESSED, COMPUTED, SCENARIOS, Scenario
from benchmarks.targets import COMPRESSED_SIZE, judge_size, verdict

Summary = dict[str, Any]
TITLES = {s.key: s.title for s in (*SCENARIOS, *COMPUTED)}
ScenarioTable = Callable[[Summary, Summary | None, Sequence[Scenario]], list[str]]


def _sizes(summary: Summary) -> list[str]:
    sizes = summary.get("list_sizes") or {}
    if not sizes:
        return []
    lines = [
        "| full list `GET /countries` asked for in | bytes sent | share of identity | target | |",
        "| --- | --- | --- | --- | --- |",
        f"| identity | {sizes['identity']:,} | 100 % | – | |",
    ]
    for encoding in ("gzip", "br"):
        share, ok = judge_size(sizes["identity"], sizes[encoding])
        target = f"≤ {COMPRESSED_SIZE.value * 100:.0f} %"
        cells = f"{sizes[encoding]:,} | {share * 100:.0f} % | {target} | {verdict(ok)}"
        lines.append(f"| {encoding} | {cells} |")
    return [*lines, ""]


def _workers(summary: Summary) -> list[str]:
    workers = summary.get("workers") or {}
    if workers.get("skipped"):
        return [f"Workers: skipped, {workers['skipped']}.", ""]
    lines = [
        "| `countries serve --workers` | 1: req/s, p99 ms | 2: req/s, p99 ms | gain | errors |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, row in workers.get("scenarios", {}).items():
        one, two = row["1"], row["2"]
        lines.append(
            f"| {TITLES.get(key, key)} | {one['rps']:,.0f}, {one['p99_ms']:.2f} | {two['rps']:,.0f}, "
            f"{two['p99_ms']:.2f} | {row['gain']:.2f}× | {one['errors']} / {two['errors']} |"
        )
    note = (
        "The load generator shares the machine's cores with the workers, so the gain is a "
        "floor of what a second core gives a server of its own."
    )
    return [*lines, "", note, ""]


def _access_log(summary: Summary) -> list[str]:
    rows = (summary.get("access_log") or {}).get("scenarios", {})
    if not rows:
        return []
    lines = [
        "| the cost of the access log | INFO: req/s, p99 ms | WARNING: req/s, p99 ms "
        "| INFO / WARNING | errors |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, row in rows.items():
        info, warning = row["INFO"], row["WARNING"]
        lines.append(
            f"| {TITLES.get(key, key)} | {info['rps']:,.0f}, {info['p99_ms']:.2f} "
            f"| {warning['rps']:,.0f}, {warning['p99_ms']:.2f} | {row['ratio']:.2f} "
            f"| {info['errors']} / {warning['errors']} |"
        )
    note = (
        "Two servers of their own on the same database, loaded alternately on cached answers: "
        "one with the default `COUNTRIES_LOG_LEVEL=INFO`, one `countries.access` line per "
        "request written to its log file, beside one at WARNING. A measurement, no target."
    )
    return [*lines, "", note, ""]


def next_sections(summary: Summary, before: Summary | None, table: ScenarioTable) -> list[str]:
    """The computed and compressed tables (as the first one), sizes and workers."""
    lines = ["Computed answers: every request a URL never asked before, beside"]
    lines += ["`benchmarks/computed.py` (the dataset in memory, the domain's query, orjson).", ""]
    lines += [*table(summary, before, COMPUTED), ""]
    lines += ["Compressed answers, beside a ceiling serving the bytes the service sent", ""]
    lines += [*table(summary, before, COMPRESSED), ""]
    return lines + _sizes(summary) + _workers(summary) + _access_log(summary)
