"""The benchmark's figures: a ratio compares the two servers within each round."""

from __future__ import annotations

import pytest

from benchmarks.figures import BackendResult, summarise
from benchmarks.load import Figures
from benchmarks.scenarios import COMPRESSED, COMPUTED, SCENARIOS


def _round(rps: float) -> Figures:
    return {"rps": rps, "p50_ms": 1.0, "p99_ms": 2.0, "status_errors": 0, "socket_errors": 0}


# Three rounds; the machine runs twice as fast in the second. Within every round the first
# server answers 0.8 of the second's requests, except the third round, where the second
# server's load fell in a fast moment the first's did not (0.5).
FIRST = [_round(800), _round(1600), _round(800)]
SECOND = [_round(1000), _round(2000), _round(1600)]


def _result() -> BackendResult:
    every = (*SCENARIOS, *COMPUTED, *COMPRESSED)
    return BackendResult(
        name="sqlite",
        database="sqlite:///bench.db",
        runs={s.key: {"service": FIRST, "ceiling": SECOND} for s in every},
        europe_rows=53,
        warm_sync_ms=[100.0],
        warm_sync_rows_written=[0],
        warm_sync_unchanged=[250],
        upstream_sync_ms=[500.0],
        fresh_export_ms={"world": [100.0], "europe": [20.0]},
        startup_ms=[1000.0],
        cold_burst_rss_mb=[100.0],
        worker_runs={"detail": {"2": FIRST, "1": SECOND}},
        access_log_runs={"detail": {"INFO": FIRST, "WARNING": SECOND}},
    )


def test_a_ratio_is_the_median_of_each_rounds_own_ratio() -> None:
    """Not the ratio of the two medians (800 / 1600 = 0.5), which mixes rounds run at
    different machine speeds."""
    summary = summarise(_result())
    ratios = [row["ratio"] for row in summary["scenarios"].values()]
    assert ratios == [pytest.approx(0.8)] * len(ratios)
    assert summary["workers"]["scenarios"]["detail"]["gain"] == pytest.approx(0.8)
    assert summary["access_log"]["scenarios"]["detail"]["ratio"] == pytest.approx(0.8)


def test_the_req_s_shown_stay_the_medians_of_the_rounds() -> None:
    row = summarise(_result())["scenarios"][SCENARIOS[0].key]
    assert (row["service_rps"], row["ceiling_rps"]) == (800, 1600)
