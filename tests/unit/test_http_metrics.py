"""The HTTP metrics as Prometheus reads them: counts, sums and `le` buckets per series."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from countries.entrypoints.http.http_metrics import BUCKETS, HttpMetrics

durations = st.lists(
    st.one_of(st.sampled_from(BUCKETS), st.floats(0, 20, allow_nan=False)), max_size=30
)


def _samples(registry: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(registry).decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@given(durations, durations)
def test_each_series_counts_its_answers_and_buckets_them_by_le(
    cached: list[float], computed: list[float]
) -> None:
    registry = CollectorRegistry()
    metrics = HttpMetrics(registry)
    for seconds in cached:
        metrics.observe("GET", "cached", 200, seconds)
    for seconds in computed:
        metrics.observe("GET", "/countries", 200, seconds)
    samples = _samples(registry)
    for route, seen in (("cached", cached), ("/countries", computed)):
        labels = (("method", "GET"), ("route", route), ("status", "200"))
        if not seen:
            assert ("countries_http_requests_total", labels) not in samples
            continue
        assert samples["countries_http_requests_total", labels] == len(seen)
        total = samples["countries_http_request_duration_seconds_sum", labels]
        assert math.isclose(total, sum(seen), rel_tol=1e-9, abs_tol=1e-12)
        for bound in (*BUCKETS, math.inf):
            le = "+Inf" if bound == math.inf else repr(bound)
            bucket = samples[
                "countries_http_request_duration_seconds_bucket", (("le", le), *labels)
            ]
            assert bucket == sum(1 for s in seen if s <= bound), (route, le)


def test_answer_cache_hits_and_misses_are_counters() -> None:
    registry = CollectorRegistry()
    metrics = HttpMetrics(registry)
    metrics.cache_hits += 3
    metrics.cache_misses += 1
    samples = _samples(registry)
    assert samples["countries_answer_cache_hits_total", ()] == 3
    assert samples["countries_answer_cache_misses_total", ()] == 1
