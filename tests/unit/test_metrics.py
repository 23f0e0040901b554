"""The counting decorators: what a sync or a report run adds to the metrics."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from prometheus_client import CollectorRegistry

from countries.adapters.metrics import CountedReports, CountedSync, ServiceMetrics
from countries.application.errors import SourceNotConfigured, SourceUnavailable, SyncInProgress
from countries.application.reports import FailedDelivery, ReportRun, SendDailyReport
from countries.application.sync import SyncFromSource, SyncReport

SYNCED_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class _Sync(SyncFromSource):
    def __init__(self, *outcomes: SyncReport | Exception) -> None:
        self._outcomes = list(outcomes)

    async def __call__(self) -> SyncReport:
        outcome = self._outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


class _Reports(SendDailyReport):
    def __init__(self, run: ReportRun) -> None:
        self._run = run

    def today(self) -> date:
        return self._run.day

    async def __call__(self, day: date | None = None) -> ReportRun:
        return self._run


def _value(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


async def test_syncs_are_counted_by_result_and_the_last_success_is_kept() -> None:
    registry = CollectorRegistry()
    report = SyncReport(
        source="v3.1",
        inserted=(),
        updated=("ARG",),
        unchanged=249,
        removed=(),
        version=2,
        synced_at=SYNCED_AT,
    )
    sync = CountedSync(
        _Sync(report, SourceUnavailable("down"), SyncInProgress("busy")),
        ServiceMetrics(registry),
    )
    assert await sync() == report
    with pytest.raises(SourceUnavailable):
        await sync()
    with pytest.raises(SyncInProgress):
        await sync()
    for result in ("ok", "failed", "busy"):
        assert _value(registry, "countries_syncs_total", result=result) == 1
    assert _value(registry, "countries_last_sync_success_timestamp_seconds") == (
        SYNCED_AT.timestamp()
    )


async def test_a_sync_without_a_key_or_from_the_snapshot_is_neither_ok_nor_failed() -> None:
    registry = CollectorRegistry()
    seeded = SyncReport(
        source="bundled snapshot",
        inserted=("ARG",),
        updated=(),
        unchanged=0,
        removed=(),
        version=1,
        synced_at=SYNCED_AT,
        seeded_because=SourceNotConfigured("COUNTRIES_SOURCE_API_KEY is not set"),
    )
    sync = CountedSync(
        _Sync(seeded, SourceNotConfigured("COUNTRIES_SOURCE_API_KEY is not set")),
        ServiceMetrics(registry),
    )
    assert await sync() == seeded
    with pytest.raises(SourceNotConfigured):
        await sync()
    for result, count in (("seeded", 1), ("off", 1), ("ok", 0), ("failed", 0)):
        assert _value(registry, "countries_syncs_total", result=result) == count
    assert _value(registry, "countries_last_sync_success_timestamp_seconds") == 0


async def test_report_runs_count_the_messages_sent_and_failed() -> None:
    registry = CollectorRegistry()
    failure = FailedDelivery(subscription_id=3, email="a@example.org", attempts=1, error="550")
    run = ReportRun(day=date(2026, 3, 1), sent=(1, 2), skipped=4, failed=(failure,))
    reports = CountedReports(_Reports(run), ServiceMetrics(registry))
    assert reports.today() == date(2026, 3, 1)
    assert await reports() == run
    assert _value(registry, "countries_reports_total", result="sent") == 2
    assert _value(registry, "countries_reports_total", result="failed") == 1


def test_two_registries_count_apart() -> None:
    first, second = ServiceMetrics(CollectorRegistry()), ServiceMetrics(CollectorRegistry())
    first.payload_cache_lookup(True)
    second.payload_cache_lookup(False)
    assert _value(first.registry, "countries_payload_cache_hits_total") == 1
    assert _value(second.registry, "countries_payload_cache_hits_total") == 0
