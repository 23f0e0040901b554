"""The retired REST Countries v3.1 API's error bodies, for every error under `/v3.1`.

The v3.1 server answered an error as `{"status": 404, "message": "Not Found"}`, and a
parameter it could not read as a 400 (README.md, "Replacing REST Countries v3.1"). The
problem handlers (`problems.py`) answer through `v31_aware`, which turns their problem
document into that body for the paths under `/v3.1`; the request guard (`guards.py`), which
answers before FastAPI, turns its own through `as_v31`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http import HTTPStatus

import orjson
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError

V31_PREFIX = "/v3.1"
# What a problem's headers keep on a v3.1 error body (Retry-After, Allow, WWW-Authenticate).
_V31_DROPPED_HEADERS = frozenset({"content-type", "content-length"})

Handler = Callable[[Request, Exception], Awaitable[Response]]


def under_v31(path: str) -> bool:
    """Whether `path` is one of the v3.1 API's, whose errors take its body."""
    return path == V31_PREFIX or path.startswith(V31_PREFIX + "/")


def v31_error(status: int, headers: dict[str, str] | None = None) -> Response:
    """The v3.1 API's error body: its status and the status's reason phrase."""
    body = {"status": status, "message": HTTPStatus(status).phrase}
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/json", headers=headers
    )


def as_v31(response: Response, status: int | None = None) -> Response:
    """The error `response` in the v3.1 body: its status (or `status`), its headers kept."""
    kept = {k: v for k, v in response.headers.items() if k not in _V31_DROPPED_HEADERS}
    return v31_error(status or response.status_code, kept)


def v31_aware(handler: Handler) -> Handler:
    """`handler`, answering the v3.1 error body for paths under `/v3.1`."""

    async def handle(request: Request, error: Exception) -> Response:
        response = await handler(request, error)
        if not under_v31(request.url.path):
            return response
        # The v3.1 server refused a parameter it could not read as a 400.
        return as_v31(response, 400 if isinstance(error, RequestValidationError) else None)

    return handle
