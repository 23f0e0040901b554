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

# Exports timed once each after an invalidation, so the workbook is written, not replayed.
FRESH_EXPORTS = {"world": "/countries/export", "europe": "/countries/export?continent=europe"}

# Concurrent first requests for the full list on a fresh server, one connection each.
COLD_BURST = 32
