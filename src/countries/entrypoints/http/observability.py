"""What the service does, seen from outside: request ids, the access log, HTTP metrics, CORS.

`Observe` is the outermost ASGI middleware (`create_app`): it sees every answer, those
the answer cache sends without entering FastAPI included. `EnteredApp`, just inside the
answer cache, marks the requests the cache did not answer, which is how `Observe` tells a
cache hit from a computed answer without the cache knowing it is watched.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from countries.caching.answers import ASGIApp, Message, Receive, Scope, Send
from countries.entrypoints.http.http_metrics import HttpMetrics
from countries.entrypoints.logs import request_id_var

access_log = logging.getLogger("countries.access")

REQUEST_ID_HEADER = b"x-request-id"
# A request id a client sends is kept only when it is a sane token; anything else (too
# long, spaces, quotes, control characters) would poison logs, so a new one is made.
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")
_ENTERED = "countries.entered_app"  # the scope key `EnteredApp` sets
# Route labels for answers FastAPI never routed: bounded, never a raw path (every
# distinct label value is a series kept for the life of the process).
CACHED, PREFLIGHT, UNMATCHED = "cached", "preflight", "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

CORS_METHODS = ("GET", "HEAD", "POST", "PATCH", "DELETE")
CORS_ALLOWED_HEADERS = ("Authorization", "Content-Type", "If-None-Match", "X-Request-ID")
CORS_EXPOSED_HEADERS = ("ETag", "X-Request-ID")


def metrics_response(registry: CollectorRegistry) -> Response:
    """`GET /metrics`: the registry in Prometheus's text exposition format."""
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _request_id(scope: Scope) -> bytes:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            if _SANE_REQUEST_ID.fullmatch(value):
                return bytes(value)
            break
    return _new_request_id()


# The version (4) and variant (RFC 9562) bits of a UUID: cleared, then set.
_UUID4_CLEARED = ~(0xF << 76) & ~(0x3 << 62)
_UUID4_SET = 0x4 << 76 | 0x2 << 62


def _new_request_id() -> bytes:
    """A random (version 4) UUID, as 32 hex digits.

    From `random`, not `uuid.uuid4()`: an id needs to be unique, not unguessable, and
    uuid4 makes a system call (the OS's random source) on every request of the cached
    fast path. `random` is reseeded in each forked worker, so workers never repeat.
    """
    return b"%032x" % (random.getrandbits(128) & _UUID4_CLEARED | _UUID4_SET)


def _route(scope: Scope, cacheable: Callable[[Scope], bool], metrics: HttpMetrics) -> str:
    """The request's route label, counting an answer cache hit or miss on the way."""
    if _ENTERED not in scope:
        if scope["method"] == "GET":  # only the answer cache answers a GET before FastAPI
            metrics.cache_hits += 1
            return CACHED
        return PREFLIGHT  # only CORS answers anything else before FastAPI
    if scope["method"] == "GET" and cacheable(scope):
        metrics.cache_misses += 1
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path_format", UNMATCHED))
    if "endpoint" in scope:  # a mounted app (the docs' assets): the mount's own path
        return f"{scope.get('root_path', '')}/{{path}}"
    return UNMATCHED


class Observe:
    """ASGI middleware: a request id on every answer, one access-log line, the HTTP metrics.

    The id is the client's `X-Request-ID` when sane, else a new uuid4 (hex); it is sent
    back on the answer, is on every log line written while the request runs, and closes
    the request's access-log line (method, path, status, duration in ms).
    """

    def __init__(
        self, app: ASGIApp, *, metrics: HttpMetrics, cacheable: Callable[[Scope], bool]
    ) -> None:
        self.app = app
        self._metrics = metrics
        self._cacheable = cacheable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        id_header = (REQUEST_ID_HEADER, request_id)
        status = 500  # what the server sends when the app fails before answering

        def identified(message: Message) -> Awaitable[None]:
            # A plain function handing on `send`'s awaitable: no coroutine of its own for
            # each message of every answer (a tenth of a cached answer's own time).
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # A new message: a cached answer's are sent again and again, never changed.
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            return send(message)

        text_id = request_id.decode()
        token = request_id_var.set(text_id)
        try:
            await self.app(scope, receive, identified)
        finally:
            seconds = time.perf_counter() - started
            self._record(scope, status, seconds, text_id)
            request_id_var.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float, request_id: str) -> None:
        method = scope["method"] if scope["method"] in _METHODS else "other"
        self._metrics.observe(
            method, _route(scope, self._cacheable, self._metrics), status, seconds
        )
        if access_log.isEnabledFor(logging.INFO):
            path, ms = scope["path"], round(seconds * 1000, 3)
            access_log.info(
                "%s %s %d %.3f ms request_id=%s",
                method,
                path,
                status,
                ms,
                request_id,
                extra={"method": method, "path": path, "status": status, "duration_ms": ms},
            )


class EnteredApp:
    """ASGI middleware just inside the answer cache: marks a request the cache did not answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_ENTERED] = True
        await self.app(scope, receive, send)


class _FreshStarts:
    """Hands each response start on as a new dict.

    `CORSMiddleware` edits the start message it is given; a cached answer's start is the
    same object at every hit (caching/answers.py), so edited in place it would carry one
    client's CORS headers to the next, and grow its `Vary` at each hit.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def fresh(message: Message) -> None:
            await send(dict(message) if message["type"] == "http.response.start" else message)

        await self.app(scope, receive, fresh)


def with_cors(app: ASGIApp, origins: list[str]) -> ASGIApp:
    """`app` behind Starlette's CORS middleware for these origins (`*`: any); none: `app`."""
    if not origins:
        return app
    cors: ASGIApp = CORSMiddleware(
        _FreshStarts(app),
        allow_origins=origins,
        allow_methods=CORS_METHODS,
        allow_headers=CORS_ALLOWED_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
    )
    return cors
