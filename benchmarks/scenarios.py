"""What is measured: the URLs loaded beside the ceiling, and the one-off timings' URLs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    """One URL loaded on the service and on the ceiling alike."""

    key: str
    title: str
    path: str
    revalidate: bool = False  # send If-None-Match with the ETag the service gave
    connections: int = 32
    threads: int = 2
    kind: str = "throughput"  # "throughput": ratio to the ceiling; "latency": ms per answer
    stream: str | None = None  # a benchmarks.distinct stream: each request a new URL
    encoding: str | None = None  # sent as Accept-Encoding; the answer is expected so encoded


SCENARIOS = (
    Scenario("list", "full list `GET /countries`", "/countries"),
    Scenario("search", "name search `?name=united`", "/countries?name=united"),
    Scenario(
        "continent",
        "continent by population `?continent=europe&sort=population&order=desc`",
        "/countries?continent=europe&sort=population&order=desc",
    ),
    Scenario("detail", "detail `/countries/ARG`", "/countries/ARG"),
    Scenario("revalidate", "304 revalidation `If-None-Match` on `/countries`", "/countries", True),
    # Exports are timed on one connection: the latency is then the time per workbook.
    Scenario(
        "export_europe",
        "export of Europe `/countries/export?continent=europe`",
        "/countries/export?continent=europe",
        connections=1,
        threads=1,
        kind="latency",
    ),
    Scenario(
        "export_world",
        "export of the world `/countries/export`",
        "/countries/export",
        connections=1,
        threads=1,
        kind="latency",
    ),
)

# Every request a URL never asked before, beside benchmarks/computed.py (its ceiling).
COMPUTED = (
    Scenario(
        "computed_query",
        "new searches `?q=<two letters>&sort&order&limit=20&offset=<n>`",
        "/countries",
        stream="query",
    ),
    Scenario(
        "computed_filters",
        "new filters `?continent=…&sort=…&order=…&offset=<n>&limit=<m>`",
        "/countries",
        stream="filters",
    ),
    Scenario(
        "computed_pages",
        "new full-list pages `?sort=…&order=…&offset=<n>&limit=<m>`",
        "/countries",
        stream="pages",
    ),
)

# Cached answers asked for compressed, beside a ceiling serving the service's own bytes.
COMPRESSED = tuple(
    Scenario(f"{encoding}_{key}", f"{title} `Accept-Encoding: {encoding}`", path, encoding=encoding)
    for encoding in ("gzip", "br")
    for key, title, path in (
        ("list", "full list", "/countries"),
        ("detail", "detail `/countries/ARG`", "/countries/ARG"),
    )
)

# Distinct large answers asked for before the resident memory is read.
DISTINCT_URLS = 2000

# Exports timed once each after an invalidation, so the workbook is written, not replayed.
FRESH_EXPORTS = {"world": "/countries/export", "europe": "/countries/export?continent=europe"}

# Concurrent first requests for the full list on a fresh server, one connection each.
COLD_BURST = 32
