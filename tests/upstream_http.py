"""The stand-in's HTTP plumbing: a threading server whose handler hands every GET to the fake."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.upstream import FakeRestCountries


@dataclass(frozen=True)
class SeenRequest:
    """One request as the server saw it; `headers` keeps authorization, user-agent and accept."""

    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)


class RequestHandler(BaseHTTPRequestHandler):
    # HTTP/1.0 closes each connection after its answer, so no handler waits on keep-alive.
    protocol_version = "HTTP/1.0"
    timeout = 5  # a client that connects and sends nothing cannot hold a thread for long
    server: _Server

    def do_GET(self) -> None:
        self.server.fake.serve(self)

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
