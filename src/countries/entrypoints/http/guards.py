"""Hostile input at the HTTP edge, refused before it costs anything.

`RequestGuard` is plain ASGI middleware in front of FastAPI (see `create_app`):

- the admin token is checked before a byte of the body is read, for every admin route
  (everything under `/admin`, and writes under `/countries/{code}/activities`): FastAPI
  reads and parses a body before it solves dependencies, so `deps.AdminDep` alone comes
  too late;
- a body is read here, at most `COUNTRIES_MAX_BODY_BYTES` (a larger `Content-Length` is
  refused before reading, a chunked body as soon as it grows past the limit: 413) within
  `COUNTRIES_BODY_TIMEOUT_SECONDS` (408), then checked (`bodies.py`: not encoded, UTF-8,
  its JSON nesting bounded) and handed to the app as one message (under `/v3.1`, a refusal is in that API's own error body);
- a redirect never names the request's `Host`: Starlette builds the trailing-slash
  redirect from it, so its `Location` is made relative.

GETs, HEADs and OPTIONS take no body here: they pass with a prefix check and nothing more.
"""

from __future__ import annotations

import asyncio
import hmac
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from countries.caching.answers import ASGIApp, Message, Receive, Scope, Send
from countries.entrypoints.http.bodies import body_refusal
from countries.entrypoints.http.problems import BODY_TIMEOUT, BODY_TOO_LARGE, problem
from countries.entrypoints.http.v31_errors import as_v31, under_v31

_BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The admin writes on activities, exactly: any other method (PUT, TRACE, …) is left to
# routing, which answers 405 for a method the route does not take.
_ACTIVITY_WRITES = (
    (re.compile(r"/countries/[^/]+/activities/?"), frozenset({"POST"})),
    (re.compile(r"/countries/[^/]+/activities/[^/]+/?"), frozenset({"PATCH", "DELETE"})),
)
_CLOSE = {"Connection": "close"}
# The scope key of a request answered here, before FastAPI routed it (for the metrics).
REFUSED_BEFORE_ROUTING = "countries.refused_before_routing"


@dataclass(frozen=True)
class AdminRefusal:
    """Why a request may not use an admin route: its status, detail and headers."""

    status: int
    detail: str
    headers: dict[str, str] = field(default_factory=dict)


def admin_refusal(authorization: bytes | None, expected: bytes | None) -> AdminRefusal | None:
    """Why this `Authorization` header does not grant admin, or None when it does."""
    if expected is None:
        return AdminRefusal(403, "admin routes are disabled: COUNTRIES_ADMIN_TOKEN is not set")
    scheme, _, token = (authorization or b"").partition(b" ")
    # Constant-time, on the bytes as sent: the token may hold any UTF-8.
    if scheme.lower() != b"bearer" or not hmac.compare_digest(token.strip(), expected):
        return AdminRefusal(
            401, "a valid admin bearer token is required", {"WWW-Authenticate": "Bearer"}
        )
    return None


def needs_admin(method: str, path: str) -> bool:
    """Whether this request is for an admin route (reads of activities are public)."""
    if path == "/admin" or path.startswith("/admin/"):
        return True
    return any(
        method in methods and pattern.fullmatch(path) is not None
        for pattern, methods in _ACTIVITY_WRITES
    )


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _relative_location(location: bytes) -> bytes:
    parts = urlsplit(location)
    # A leading "//" would read as another host.
    path = b"/" + parts.path.lstrip(b"/")
    return path + (b"?" + parts.query if parts.query else b"")


def _without_host_in_redirects(send: Send) -> Send:
    async def send_relative(message: Message) -> None:
        if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
            message["headers"] = [
                (name, _relative_location(value) if name.lower() == b"location" else value)
                for name, value in message.get("headers", [])
            ]
        await send(message)

    return send_relative


class _Refused(Exception):
    """The body is refused: the problem to answer."""

    def __init__(self, status: int, slug: str | None, detail: str) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail = status, slug, detail


class RequestGuard:
    """ASGI middleware: the admin token before the body, then a bounded body, read in time."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        admin_token: bytes | None,
        max_body_bytes: int,
        body_timeout_seconds: float,
    ) -> None:
        self.app = app
        self._admin_token = admin_token
        self._max_body_bytes = max_body_bytes
        self._body_timeout_seconds = body_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        if len(path) > 1 and path.endswith("/"):
            send = _without_host_in_redirects(send)
        if needs_admin(method, path):
            refusal = admin_refusal(_header(scope, b"authorization"), self._admin_token)
            if refusal is not None:
                # The body is never read: the connection closes rather than wait for it.
                headers = refusal.headers | ({} if method in _BODILESS_METHODS else _CLOSE)
                answer = problem(refusal.status, refusal.detail, headers=headers)
                scope[REFUSED_BEFORE_ROUTING] = True
                await answer(scope, receive, send)
                return
        if method in _BODILESS_METHODS:
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except _Refused as refused:
            answer = problem(refused.status, refused.detail, slug=refused.slug, headers=_CLOSE)
            if under_v31(path):  # a v3.1 client reads that API's own error body
                answer = as_v31(answer)
            scope[REFUSED_BEFORE_ROUTING] = True
            await answer(scope, receive, send)
            return
        if body is not None:  # None: the client left
            await self.app(scope, _replaying(body, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        limit = self._max_body_bytes
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            raise _Refused(413, BODY_TOO_LARGE, f"the request body exceeds {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self._body_timeout_seconds):
                more = True
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise _Refused(
                            413, BODY_TOO_LARGE, f"the request body exceeds {limit} bytes"
                        )
                    chunks.append(chunk)
                    more = message.get("more_body", False)
        except TimeoutError:
            seconds = f"{self._body_timeout_seconds:g}"
            raise _Refused(
                408, BODY_TIMEOUT, f"the request body did not arrive within {seconds} s"
            ) from None
        body = b"".join(chunks)
        refusal = body_refusal(
            _header(scope, b"content-type"), _header(scope, b"content-encoding"), body
        )
        if refusal is not None:
            raise _Refused(refusal.status, refusal.slug, refusal.detail)
        return body


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the app the body already read, then the client's own messages."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
