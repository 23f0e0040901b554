"""Loading servers side by side: unrecorded warm-up, then rounds alternating who goes first."""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.figures import Options
from benchmarks.load import Figures, load
from benchmarks.scenarios import Scenario

HeadersFor = dict[str, dict[str, str]]  # the request headers per scenario key
Runs = dict[str, dict[str, list[Figures]]]  # per scenario key, per server, one per round


def warm_up(
    options: Options, scenarios: Sequence[Scenario], bases: dict[str, str], headers_for: HeadersFor
) -> None:
    """Unrecorded load on every scenario and server, so no round pays for a cold start."""
    if options.warmup <= 0:
        return
    for scenario in scenarios:
        for base in bases.values():
            url, headers = base + scenario.path, headers_for.get(scenario.key, {})
            load(options.loadgen, url, scenario, options.warmup, headers)


def report_line(name: str, label: str, key: str, who: str, figures: Figures) -> None:
    """One load run's figures as it ends, so a long run shows its progress."""
    errors = figures["status_errors"] + figures["socket_errors"]
    print(
        f"[{name}] {label} {key:<16} {who:<8} "
        f"{figures['rps']:9.0f} req/s  p50 {figures['p50_ms']:7.2f} ms  "
        f"p99 {figures['p99_ms']:7.2f} ms  errors {errors:.0f}",
        flush=True,
    )


def rounds(
    name: str,
    options: Options,
    scenarios: Sequence[Scenario],
    bases: dict[str, str],
    headers_for: HeadersFor,
) -> Runs:
    """Every scenario on every server of `bases`, alternating which goes first, per round."""
    runs: Runs = {}
    for round_ in range(options.rounds):
        order = list(bases) if round_ % 2 == 0 else list(reversed(bases))
        for scenario in scenarios:
            for who in order:
                url, headers = bases[who] + scenario.path, headers_for.get(scenario.key, {})
                figures = load(options.loadgen, url, scenario, options.duration, headers)
                runs.setdefault(scenario.key, {}).setdefault(who, []).append(figures)
                report_line(name, f"round {round_ + 1}", scenario.key, who, figures)
    return runs
