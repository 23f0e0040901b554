"""A real loopback HTTP server that behaves like REST Countries v3.1 and v5, as a pytest plugin.

It is a `ThreadingHTTPServer` in a thread of the test process, so async adapter tests
and subprocess end-to-end tests reach it alike. It serves tests/data (built by
scripts/build_snapshot.py), logs every request, and injects faults on demand.
"""

from __future__ import annotations

import copy
import gzip
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

import pytest

DATA = Path(__file__).parent / "data"
FIXTURES = ("v31-all.json.gz", "v5-all.json.gz")
FIELDS_ERROR = {
    "message": "'fields' query not specified or you're requesting more than 10 fields",
    "status": 400,
}
DEPRECATED = {
    "success": False,
    "data": None,
    "errors": [{"message": "This API version has been deprecated. Please use v5."}],
}
FAULTS = frozenset(
    {"500", "503-retry-after", "non-json", "truncated", "drift", "short", "empty", "hang"}
    | {"401", "403"}
)
Record = dict[str, Any]


@cache
def fixture_records() -> tuple[list[Record], list[Record]]:
    """The v3.1 and v5 records of tests/data, read once; shared, so never change them."""
    v31, v5 = (json.loads(gzip.decompress((DATA / n).read_bytes())) for n in FIXTURES)
    return v31, v5


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server saw it; `headers` keeps authorization, user-agent and accept."""

    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0 closes each connection after its answer, so no handler waits on keep-alive.
    protocol_version = "HTTP/1.0"
    timeout = 5  # a client that connects and sends nothing cannot hold a thread for long
    server: _Server

    def do_GET(self) -> None:
        self.server.fake._serve(self)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the fake keeps its own log
        pass

    def answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() then joins every handler: no thread outlives stop()
    fake: FakeRestCountries


class FakeRestCountries:
    """REST Countries on 127.0.0.1: `/v3.1/all`, `/countries/v5`, and a retired `/v3.1` path."""

    api_key = "test-key"

    def __init__(self, v31_records: list[Record], v5_records: list[Record]) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._log: list[SeenRequest] = []
        self.set_records(v31_records, v5_records)
        self.fault: str | None = None
        self.fault_times: int | None = None  # None: every request; n: the next n data requests
        self.retry_after = "1"  # the Retry-After of the "503-retry-after" fault
        self.hang_seconds = 30.0
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.v31_url = f"{self.base_url}/v3.1"
        self.v5_url = f"{self.base_url}/countries/v5"
        self.retired_url = f"{self.base_url}/retired/v3.1"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @classmethod
    def from_fixtures(cls) -> FakeRestCountries:
        """A server for the 250 records of tests/data."""
        return cls(*fixture_records())

    # Life cycle

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # What tests steer and inspect

    def set_fault(self, fault: str | None, *, times: int | None = None) -> None:
        """Answer with `fault` (one of FAULTS) on every data request, or on the next `times`."""
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {sorted(FAULTS)}")
        with self._lock:
            self.fault, self.fault_times = fault, times

    def set_records(self, v31_records: list[Record], v5_records: list[Record]) -> None:
        """Serve these records (same countries in both shapes); the fake never changes them."""
        with self._lock:
            # Copy on write: lists are replaced, never changed, so a request can serve
            # the lists it took under the lock while a test swaps in others.
            self._v31, self._v5 = list(v31_records), list(v5_records)

    def mutate(self, code: str, *, population: int | None = None, name: str | None = None) -> None:
        """Change one country in both views, as an upstream data update would."""
        with self._lock:
            i, j = self._find(code)
            v31, v5 = copy.deepcopy(self._v31[i]), copy.deepcopy(self._v5[j])
            if population is not None:
                v31["population"] = v5["population"] = population
            if name is not None:
                v31["name"]["common"] = v5["names"]["common"] = name
            self._v31 = [*self._v31[:i], v31, *self._v31[i + 1 :]]
            self._v5 = [*self._v5[:j], v5, *self._v5[j + 1 :]]

    def drop(self, code: str) -> None:
        """Stop listing one country in both views."""
        with self._lock:
            i, j = self._find(code)
            self._v31 = [*self._v31[:i], *self._v31[i + 1 :]]
            self._v5 = [*self._v5[:j], *self._v5[j + 1 :]]

    @property
    def requests(self) -> list[SeenRequest]:
        with self._lock:
            return list(self._log)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self._log)

    def reset(self) -> None:
        """Back to the fixture data, no fault, an empty log."""
        self.set_records(*fixture_records())
        self.set_fault(None)
        with self._lock:
            self._log.clear()

    def _find(self, code: str) -> tuple[int, int]:
        i = next(i for i, r in enumerate(self._v31) if r["cca3"] == code)
        return i, next(j for j, r in enumerate(self._v5) if r["codes"]["alpha_3"] == code)

    # Serving

    def _serve(self, h: _Handler) -> None:
        url = urlsplit(h.path)
        path, query = url.path.rstrip("/"), dict(parse_qsl(url.query, keep_blank_values=True))
        kept = ("authorization", "user-agent", "accept")
        headers = {k.lower(): v for k, v in h.headers.items() if k.lower() in kept}
        with self._lock:
            self._log.append(SeenRequest(path, query, headers))
            records = (self._v31, self._v5)
            fault = self._take_fault() if path in ("/v3.1/all", "/countries/v5") else None
        if path.startswith("/retired/v3.1"):
            return h.answer(301, b"", {"Location": f"{self.base_url}/legacy{path}"})
        if path.startswith("/legacy/"):
            return h.answer(200, DEPRECATED)
        if fault and self._fault_answer(h, fault):
            return None
        if path == "/v3.1/all":
            status, body, extra = self._v31_all(records[0], query, fault)
        elif path == "/countries/v5":
            status, body, extra = self._v5_list(
                records[1], query, h.headers.get("Authorization"), fault
            )
        else:
            status, body, extra = 404, {"message": "Not Found", "status": 404}, {}
        raw = json.dumps(body, ensure_ascii=False).encode()
        h.answer(status, raw[: len(raw) // 2] if fault == "truncated" else raw, extra)
        return None

    def _take_fault(self) -> str | None:
        fault = self.fault
        if fault is not None and self.fault_times is not None:
            self.fault_times -= 1
            if self.fault_times <= 0:
                self.fault, self.fault_times = None, None
        return fault

    def _fault_answer(self, h: _Handler, fault: str) -> bool:
        if fault == "hang":
            end = time.monotonic() + self.hang_seconds
            # Small steps, so stop() never waits long for this thread.
            while time.monotonic() < end and not self._stopping.wait(0.05):
                pass
            return True  # close without an answer
        answers: dict[str, tuple[int, Any, dict[str, str]]] = {
            "500": (500, {"message": "Internal Server Error", "status": 500}, {}),
            "503-retry-after": (503, {"message": "busy"}, {"Retry-After": self.retry_after}),
            "non-json": (
                200,
                b"<html><body>Bad gateway</body></html>",
                {"Content-Type": "text/html"},
            ),
            "401": (401, {"errors": [{"message": "Invalid API key"}]}, {}),
            "403": (403, {"errors": [{"message": "Account frozen: monthly quota exceeded"}]}, {}),
        }
        if fault not in answers:
            return False
        h.answer(*answers[fault])
        return True

    @staticmethod
    def _degrade(records: list[Record], fault: str | None) -> list[Record]:
        if fault == "short":
            return records[:5]
        if fault == "empty":
            return []
        if fault == "drift":  # a required field renamed, another of the wrong type
            drifted = [{k: v for k, v in r.items() if k != "region"} for r in records]
            for new, old in zip(drifted, records, strict=True):
                new["regionName"], new["population"] = old.get("region"), str(old["population"])
            return drifted
        return records

    def _v31_all(
        self, records: list[Record], query: dict[str, str], fault: str | None
    ) -> tuple[int, Any, dict[str, str]]:
        fields = query.get("fields", "").split(",")
        if not all(fields) or len(fields) > 10:
            return 400, FIELDS_ERROR, {}
        projected = [{f: r[f] for f in fields if f in r} for r in self._degrade(records, fault)]
        return 200, projected, {"Cache-Control": "public, immutable, max-age=31556926"}

    def _v5_list(
        self, records: list[Record], query: dict[str, str], auth: str | None, fault: str | None
    ) -> tuple[int, Any, dict[str, str]]:
        if auth != f"Bearer {self.api_key}":
            return 401, {"errors": [{"message": "Missing or invalid API key"}]}, {}
        try:
            limit, offset = int(query.get("limit", "25")), int(query.get("offset", "0"))
        except ValueError:
            limit = offset = -1
        if not 1 <= limit <= 100 or offset < 0:
            return 400, {"errors": [{"message": "limit must be 1..100 and offset >= 0"}]}, {}
        records = self._degrade(records, fault)
        keep = [f for f in query.get("response_fields", "").split(",") if f]
        omit = {f for f in query.get("response_fields_omit", "").split(",") if f}
        page = [
            {k: v for k, v in r.items() if (not keep or k in keep) and k not in omit}
            for r in records[offset : offset + limit]
        ]
        meta = {
            "total": len(records),
            "count": len(page),
            "limit": limit,
            "offset": offset,
            "more": offset + len(page) < len(records),
            "request_id": str(uuid.uuid4()),
            "duration": 0.001,
        }
        return 200, {"data": {"objects": page, "meta": meta}}, {}


@pytest.fixture
def fake_upstream() -> Iterator[FakeRestCountries]:
    """A fresh fake REST Countries for one test, stopped (threads joined) after it."""
    with FakeRestCountries.from_fixtures() as fake:
        yield fake


@pytest.fixture(scope="session")
def fake_upstream_session() -> Iterator[FakeRestCountries]:
    """One fake REST Countries for the whole session; call `reset()` before relying on its state."""
    with FakeRestCountries.from_fixtures() as fake:
        yield fake
