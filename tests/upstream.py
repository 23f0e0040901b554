"""A real loopback HTTP server that behaves like REST Countries v3.1 and v5, as a pytest plugin.

It is a `ThreadingHTTPServer` in a thread of the test process, so async adapter tests
and subprocess end-to-end tests reach it alike. It serves tests/data (built by
scripts/build_snapshot.py), logs every request, and injects faults on demand: what it
answers is in tests/upstream_answers.py, its HTTP plumbing in tests/upstream_http.py.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Self
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.upstream_answers import (
    DEPRECATED,
    FAULTS,
    FIELDS_ERROR,
    Record,
    fault_answer,
    fixture_records,
    v5_list,
    v31_all,
)
from tests.upstream_http import RequestHandler, SeenRequest, _Server

__all__ = [
    "FAULTS",
    "FIELDS_ERROR",
    "FakeRestCountries",
    "Record",
    "SeenRequest",
    "fake_upstream",
    "fake_upstream_session",
    "fixture_records",
]


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
        self._server = _Server(("127.0.0.1", 0), RequestHandler)
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

    def serve(self, h: RequestHandler) -> None:
        """Answer one GET the server received (a subclass may delay or change it)."""
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
            status, body, extra = v31_all(records[0], query, fault)
        elif path == "/countries/v5":
            status, body, extra = v5_list(
                records[1], query, h.headers.get("Authorization"), self.api_key, fault
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

    def _fault_answer(self, h: RequestHandler, fault: str) -> bool:
        if fault == "hang":
            end = time.monotonic() + self.hang_seconds
            # Small steps, so stop() never waits long for this thread.
            while time.monotonic() < end and not self._stopping.wait(0.05):
                pass
            return True  # close without an answer
        answer = fault_answer(fault, self.retry_after)
        if answer is None:
            return False
        h.answer(*answer)
        return True


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
