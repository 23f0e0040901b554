"""What the service does, seen from outside: request ids, the access log, HTTP metrics.

`Observe` is the outermost ASGI middleware (`create_app`): it sees every answer, those
the answer cache sends without entering FastAPI included. `EnteredApp`, just inside the
answer cache, marks the requests the cache did not answer, which is how `Observe` tells a
cache hit from a computed answer without the cache knowing it is watched, and puts the
request id in the log context for what the app logs while it computes.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import time
import uuid
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from starlette.responses import Response

from countries.caching.answers import ASGIApp, Message, Receive, Scope, Send
from countries.entrypoints.http.guards import REFUSED_BEFORE_ROUTING
from countries.entrypoints.http.http_metrics import HttpMetrics
from countries.entrypoints.http.problems import ANSWERED_ERROR
from countries.entrypoints.logs import request_id_var

access_log = logging.getLogger("countries.access")

REQUEST_ID_HEADER = b"x-request-id"
# A request id a client sends is kept only when it is a sane token; anything else (too
# long, spaces, quotes, control characters) would poison logs, so a new one is made.
_SANE_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")
_ENTERED = "countries.entered_app"  # the scope key `EnteredApp` sets
_REQUEST_ID = "countries.request_id"  # the scope key `Observe` sets, for `EnteredApp`
# Route labels for answers FastAPI never routed: bounded, never a raw path (every
# distinct label value is a series kept for the life of the process).
CACHED, PREFLIGHT, REFUSED, UNMATCHED = "cached", "preflight", "refused", "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def metrics_response(registry: CollectorRegistry) -> Response:
    """`GET /metrics`: the registry in Prometheus's text exposition format."""
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def _sane_request_id(scope: Scope) -> bytes | None:
    """The client's `X-Request-ID`, when it sent a sane one."""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            return bytes(value) if _SANE_REQUEST_ID.fullmatch(value) else None
    return None


class RequestIds:
    """New request ids: 32 hex digits in the form of a version 4 UUID, never repeated.

    A random prefix of 20 digits, drawn for each app (each worker builds its own), then
    a count in 12 digits (2^48 requests). Unique in the process, and across processes
    and restarts as unlikely to meet as two random UUIDs of the same length. Not random
    per request: an id needs to be unique, not unguessable, and 128 random bits drawn for
    every answer were part of what a cached answer's cost over HTTP lost in change 17 of
    benchmarks/NOTES.md.
    """

    def __init__(self) -> None:
        # The first 20 digits of a random uuid4: its version and variant digits are in them.
        self._prefix = uuid.UUID(int=random.getrandbits(128), version=4).hex[:20].encode()
        self._count = itertools.count()

    def new(self) -> bytes:
        """The next id."""
        return self._prefix + b"%012x" % next(self._count)


def _escaped(text: str) -> str:
    """`text` with its unprintable characters written as escapes (`\\n`, `\\x1b`)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _route(scope: Scope, cacheable: Callable[[Scope], bool], metrics: HttpMetrics) -> str:
    """The request's route label, counting an answer cache hit or miss on the way."""
    if _ENTERED not in scope:
        if scope["method"] in ("GET", "HEAD"):  # the answer cache answers these before FastAPI
            metrics.cache_hits += 1
            return CACHED
        return PREFLIGHT  # only CORS answers anything else before FastAPI
    if scope["method"] == "GET" and cacheable(scope):
        metrics.cache_misses += 1
    if REFUSED_BEFORE_ROUTING in scope:  # the request guard's answer: no token, a bad body
        return REFUSED
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path_format", UNMATCHED))
    if "endpoint" in scope:  # a mounted app (the docs' assets): the mount's own path
        return f"{scope.get('root_path', '')}/{{path}}"
    return UNMATCHED


class Observe:
    """ASGI middleware: a request id on every answer, one access-log line, the HTTP metrics.

    The id is the client's `X-Request-ID` when sane, else a new one (`RequestIds`); it is
    sent back on the answer, closes the request's access-log line (method, path, status,
    duration in ms), and `EnteredApp` puts it on every line logged while the app runs.
    Every answer pays for what is here, a cached one's few microseconds included.
    """

    def __init__(
        self, app: ASGIApp, *, metrics: HttpMetrics, cacheable: Callable[[Scope], bool]
    ) -> None:
        self.app = app
        self._metrics = metrics
        self._cacheable = cacheable
        self._ids = RequestIds()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = scope[_REQUEST_ID] = _sane_request_id(scope) or self._ids.new()
        status = 500  # what the server sends when the app fails before answering

        def identified(message: Message) -> Awaitable[None]:
            # A plain function handing on `send`'s awaitable: no coroutine of its own for
            # each message of every answer.
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # A new message: a cached answer's are sent again and again, never changed.
                headers = [*message.get("headers", ()), (REQUEST_ID_HEADER, request_id)]
                message = {**message, "headers": headers}
            return send(message)

        try:
            await self.app(scope, receive, identified)
        finally:
            self._record(scope, status, time.perf_counter() - started, request_id)

    def _record(self, scope: Scope, status: int, seconds: float, request_id: bytes) -> None:
        method = scope["method"] if scope["method"] in _METHODS else "other"
        self._metrics.observe(
            method, _route(scope, self._cacheable, self._metrics), status, seconds
        )
        if access_log.isEnabledFor(logging.INFO):
            path, ms, text_id = scope["path"], round(seconds * 1000, 3), request_id.decode()
            access_log.info(
                "%s %s %d %.3f ms request_id=%s",
                method,
                # A client's %0A or %1B must not start a line of its own, or colour the log.
                path if path.isprintable() else _escaped(path),
                status,
                ms,
                text_id,
                extra={
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": ms,
                    "request_id": text_id,
                },
            )


class EnteredApp:
    """ASGI middleware just inside the answer cache: a request the cache did not answer.

    It marks the request so (for the metrics) and puts its id in the log context, so
    every line the app logs while it runs carries it. An unexpected error the app logged
    and answered (a 500 problem) ends here, not logged again by the server. A cached
    answer logs nothing but its access-log line, which carries the id itself: it never
    pays for the context.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_ENTERED] = True
        request_id = scope.get(_REQUEST_ID)
        if request_id is None:  # the lifespan, which has no request
            await self.app(scope, receive, send)
            return
        token = request_id_var.set(request_id.decode())
        try:
            await self.app(scope, receive, send)
        except Exception as error:
            if scope.get(ANSWERED_ERROR) is not error:
                raise  # not one the app logged and answered as a 500 problem
        finally:
            request_id_var.reset(token)
