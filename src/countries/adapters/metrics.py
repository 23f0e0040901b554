"""Prometheus metrics of syncs, the upstream payload cache and the daily reports.

They are counted by decorators the container wraps around the use cases (and by the
caching source's hook), so no use case knows a metric exists (docs/architecture.md,
"The container"). Every metric lives in the registry handed in, one per container, so
several apps in one process (the tests) never share or collide.
"""

from __future__ import annotations

from datetime import date

from prometheus_client import CollectorRegistry, Counter, Gauge

from countries.application.errors import SourceNotConfigured, SyncInProgress
from countries.application.reports import ReportRun, SendDailyReport
from countries.application.sync import SyncFromSource, SyncReport


class ServiceMetrics:
    """The metrics of what the service does beyond answering requests."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.syncs = Counter(
            "countries_syncs",
            "Syncs from the source by result: ok, failed, busy (another sync held the lock), "
            "off (no source key), or seeded (an empty database filled from the snapshot).",
            ["result"],
            registry=registry,
        )
        self.last_sync_success = Gauge(
            "countries_last_sync_success_timestamp_seconds",
            "When the last successful sync from the source ran (Unix time; 0 before one).",
            registry=registry,
        )
        self.payload_cache_hits = Counter(
            "countries_payload_cache_hits",
            "Syncs that read the upstream payload from the payload cache.",
            registry=registry,
        )
        self.payload_cache_misses = Counter(
            "countries_payload_cache_misses",
            "Syncs that had to fetch the payload upstream (nothing fresh in the payload cache).",
            registry=registry,
        )
        self.reports = Counter(
            "countries_reports",
            "Daily report messages by result: sent or failed.",
            ["result"],
            registry=registry,
        )
        # Every series is there, at 0, from the start.
        for result in ("ok", "failed", "busy", "off", "seeded"):
            self.syncs.labels(result)
        for result in ("sent", "failed"):
            self.reports.labels(result)

    def payload_cache_lookup(self, hit: bool) -> None:
        """The caching source's hook: one sync's read of the payload cache."""
        (self.payload_cache_hits if hit else self.payload_cache_misses).inc()


class CountedSync(SyncFromSource):
    """A SyncFromSource (wherever one is expected) that counts each run and its result."""

    def __init__(self, sync: SyncFromSource, metrics: ServiceMetrics) -> None:
        # Deliberately no super().__init__(): every call goes to the wrapped sync.
        self._counted = sync
        self._metrics = metrics

    async def __call__(self) -> SyncReport:
        try:
            report = await self._counted()
        except SyncInProgress:
            self._metrics.syncs.labels("busy").inc()
            raise
        except SourceNotConfigured:  # the service runs as told: not a failure to alert on
            self._metrics.syncs.labels("off").inc()
            raise
        except Exception:
            self._metrics.syncs.labels("failed").inc()
            raise
        if report.seeded_because is not None:  # the source was not reached
            self._metrics.syncs.labels("seeded").inc()
            return report
        self._metrics.syncs.labels("ok").inc()
        self._metrics.last_sync_success.set(report.synced_at.timestamp())
        return report


class CountedReports(SendDailyReport):
    """A SendDailyReport that counts the messages each run sent and failed to send."""

    def __init__(self, send: SendDailyReport, metrics: ServiceMetrics) -> None:
        # Deliberately no super().__init__(): every call goes to the wrapped use case.
        self._counted = send
        self._metrics = metrics

    def today(self) -> date:
        return self._counted.today()

    async def __call__(self, day: date | None = None) -> ReportRun:
        run = await self._counted(day)
        self._metrics.reports.labels("sent").inc(len(run.sent))
        self._metrics.reports.labels("failed").inc(len(run.failed))
        return run
