"""The fallback load generator (used only when wrk is not installed): httpx2, asyncio.

Run as its own process, so it never shares a CPU budget with the server's event loop:

    python -m benchmarks.loadgen URL --connections 32 --duration 5 [--header 'Name: value']

Prints one JSON object: requests, duration, rps, p50_ms, p99_ms, status_errors (answers
that are not 2xx/3xx) and socket_errors. Far slower than wrk: its figures are a floor of
what the servers can do, and the service/ceiling ratio is what stays comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx2

from benchmarks.distinct import URLS


class Urls:
    """The URL of each request: always `url`, or a new one per request from a stream."""

    def __init__(self, url: str, stream: str | None, base: int) -> None:
        self._url, self._n = url, base
        self._origin = url.split("/", 3)[:3]
        self._build = URLS[stream] if stream else None

    def next(self) -> str:
        if self._build is None:
            return self._url
        self._n += 1
        return "/".join(self._origin) + self._build(self._n - 1)


async def _worker(
    client: httpx2.AsyncClient,
    url: Urls,
    headers: dict[str, str],
    deadline: float,
    latencies: list[float],
    errors: dict[str, int],
) -> None:
    while (start := time.perf_counter()) < deadline:
        try:
            response = await client.get(url.next(), headers=headers)
            await response.aread()
        except httpx2.TransportError:
            errors["socket"] += 1
            continue
        latencies.append(time.perf_counter() - start)
        if not 200 <= response.status_code < 400:
            errors["status"] += 1


async def run(
    url: Urls, connections: int, duration: float, headers: dict[str, str]
) -> dict[str, float]:
    latencies: list[float] = []
    errors = {"status": 0, "socket": 0}
    limits = httpx2.Limits(max_connections=connections, max_keepalive_connections=connections)
    # As wrk asks: uncompressed, like the ceiling answers.
    identity = {"Accept-Encoding": "identity"}
    async with httpx2.AsyncClient(limits=limits, headers=identity, timeout=10) as client:
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(
            *(
                _worker(client, url, headers, deadline, latencies, errors)
                for _ in range(connections)
            )
        )
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    quantiles = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99
    return {
        "requests": len(latencies),
        "duration": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "status_errors": errors["status"],
        "socket_errors": errors["socket"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="the fallback load generator")
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--stream", choices=sorted(URLS), help="a new URL per request")
    parser.add_argument("--base", type=int, default=0, help="the stream's first request")
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    urls = Urls(args.url, args.stream, args.base)
    print(json.dumps(asyncio.run(run(urls, args.connections, args.duration, headers))))


if __name__ == "__main__":
    main()
