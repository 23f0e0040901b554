"""The HTTP metrics: requests and latency by route, answer cache hits and misses.

Counted on every answer, the cached ones included, where a whole answer costs a few
microseconds: `prometheus_client`'s own metrics take a lock and walk the buckets in Python
at each count (about 2 µs a request, a third of a cached answer's own work). So the counts
are plain numbers, changed only on the event loop's thread, and `prometheus_client` renders
them when `/metrics` is scraped, as a custom collector.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import accumulate

from prometheus_client import CollectorRegistry
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

LABELS = ("method", "route", "status")
# From a tenth of a millisecond (a cached answer) to ten seconds (a slow export).
BUCKETS = (
    *(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1),
    *(0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class _Series:
    """One (method, route, status): its total seconds and count per bucket (their sum: its count)."""

    __slots__ = ("buckets", "seconds")

    def __init__(self) -> None:
        self.seconds = 0.0
        self.buckets = [0] * (len(BUCKETS) + 1)  # the last one is +Inf's own


class HttpMetrics(Collector):
    """Requests and latency by method, route template and status; answer cache hits and misses."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._series: dict[tuple[str, str, int], _Series] = {}
        self.cache_hits = 0
        self.cache_misses = 0
        registry.register(self)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answer and how long it took."""
        key = (method, route, status)
        try:
            series = self._series[key]
        except KeyError:  # a new series: once per route and status
            series = self._series[key] = _Series()
        series.seconds += seconds
        # The first bound at or above `seconds`: Prometheus's `le` (less than or equal).
        series.buckets[bisect_left(BUCKETS, seconds)] += 1

    def collect(self) -> Iterator[Metric]:
        """The counts as Prometheus metric families (called by the registry at a scrape)."""
        requests = CounterMetricFamily(
            "countries_http_requests", "HTTP requests answered.", labels=LABELS
        )
        latency = HistogramMetricFamily(
            "countries_http_request_duration_seconds",
            "Time from a request's arrival to the end of its answer.",
            labels=LABELS,
        )
        bounds = [*(floatToGoString(b) for b in BUCKETS), "+Inf"]  # type: ignore[no-untyped-call]
        for (method, route, status), series in list(self._series.items()):
            labels = [method, route, str(status)]
            requests.add_metric(labels, sum(series.buckets))
            cumulative = zip(bounds, accumulate(series.buckets), strict=True)
            latency.add_metric(labels, list(cumulative), series.seconds)
        yield requests
        yield latency
        yield _counter(
            "countries_answer_cache_hits",
            "GET answers sent from the answer cache, without entering FastAPI.",
            self.cache_hits,
        )
        yield _counter(
            "countries_answer_cache_misses",
            "GET requests to a cacheable route that had to be computed.",
            self.cache_misses,
        )


def _counter(name: str, documentation: str, value: int) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)
