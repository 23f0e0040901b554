"""The compressed scenarios: cached answers asked for in gzip and br, beside a ceiling
serving the very bytes the service sent, and the full list's size in each encoding.

Whatever the service answers (compressed or, until it compresses, identity) is what the
ceiling serves, so the ratio compares serving alone; the row says which encoding came back,
and one that is not the one asked for is a miss, not an error.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx2

from benchmarks.figures import BackendResult, Options
from benchmarks.harness import ceiling, free_port, wait_ready
from benchmarks.rounds import rounds, warm_up
from benchmarks.scenarios import COMPRESSED

SKIPPED_HEADERS = {"date", "server"}  # uvicorn adds its own to every answer, on both servers
SIZE_ENCODINGS = ("identity", "gzip", "br")


def fetch_raw(client: httpx2.Client, url: str, encoding: str) -> tuple[dict[str, Any], bytes]:
    """The answer to `url` asked for in `encoding`: its entry for the ceiling, its raw bytes."""
    with client.stream("GET", url, headers={"Accept-Encoding": encoding}) as response:
        response.raise_for_status()
        raw = b"".join(response.iter_raw())
        headers = [
            (k, v) for k, v in response.headers.multi_items() if k.lower() not in SKIPPED_HEADERS
        ]
    entry = {"status": 200, "headers": headers, "body": base64.b64encode(raw).decode()}
    return entry, raw


def _served(entry: dict[str, Any]) -> str:
    found = [v for k, v in entry["headers"] if k.lower() == "content-encoding"]
    return found[0] if found else "identity"


def list_sizes(service: str) -> dict[str, int]:
    """The full list's bytes on the wire per encoding asked for."""
    with httpx2.Client(timeout=30) as client:
        return {e: len(fetch_raw(client, service + "/countries", e)[1]) for e in SIZE_ENCODINGS}


def _capture(service: str, encoding: str, result: BackendResult) -> dict[str, Any]:
    """The service's answers in `encoding`, per URL, as the ceiling's responses file holds them."""
    responses: dict[str, Any] = {}
    with httpx2.Client(timeout=30) as client:
        for scenario in (s for s in COMPRESSED if s.encoding == encoding):
            entry, _ = fetch_raw(client, service + scenario.path, encoding)
            result.encodings[scenario.key] = _served(entry)
            responses[scenario.path] = {"ok": entry}
    return responses


def _check_alike(service: str, ceiling_base: str, encoding: str) -> None:
    with httpx2.Client(timeout=30) as client:
        for scenario in (s for s in COMPRESSED if s.encoding == encoding):
            _, a = fetch_raw(client, service + scenario.path, encoding)
            _, b = fetch_raw(client, ceiling_base + scenario.path, encoding)
            if a != b:
                raise RuntimeError(f"{scenario.key}: service and ceiling send different bytes")


def beside_compressed_ceiling(
    name: str, service: str, options: Options, workdir: Path, result: BackendResult
) -> None:
    """Per encoding: capture the service's bytes, serve them from a ceiling, load both."""
    result.list_sizes = list_sizes(service)
    for encoding in ("gzip", "br"):
        captured = workdir / f"{name}-{encoding}-responses.json"
        captured.write_text(json.dumps(_capture(service, encoding, result)))
        port = free_port()
        ceiling_base = f"http://127.0.0.1:{port}"
        scenarios = [s for s in COMPRESSED if s.encoding == encoding]
        headers_for = {s.key: {"Accept-Encoding": encoding} for s in scenarios}
        log = workdir / f"{name}-{encoding}-ceiling.log"
        with ceiling(port, captured, log) as ceiling_process:
            wait_ready(ceiling_base, ceiling_process)
            _check_alike(service, ceiling_base, encoding)
            bases = {"service": service, "ceiling": ceiling_base}
            warm_up(options, scenarios, bases, headers_for)
            result.runs.update(rounds(name, options, scenarios, bases, headers_for))
