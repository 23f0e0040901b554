"""CORS: which origins may call the API from a browser, and what a refused preflight says.

`with_cors` puts Starlette's CORS middleware just inside `Observe` (`create_app`), when
`COUNTRIES_CORS_ORIGINS` names any origin, so cached answers carry the CORS headers too.
"""

from __future__ import annotations

from http import HTTPStatus

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from countries.caching.answers import ASGIApp, Message, Receive, Scope, Send
from countries.entrypoints.http.problems import problem

CORS_METHODS = ("GET", "HEAD", "POST", "PATCH", "DELETE")
CORS_ALLOWED_HEADERS = ("Authorization", "Content-Type", "If-None-Match", "X-Request-ID")
CORS_EXPOSED_HEADERS = ("ETag", "X-Request-ID")


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


class _ProblemCors(CORSMiddleware):
    """Starlette's CORS middleware; a refused preflight is a problem, as every error is."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight's answer; its plain-text 400 refusal said as problem+json."""
        answer = super().preflight_response(request_headers)
        if answer.status_code != HTTPStatus.BAD_REQUEST:
            return answer
        refused = bytes(answer.body).decode().removeprefix("Disallowed CORS ").split(", ")
        reasons = [self._refusal(part, request_headers) for part in refused]
        headers = {k: v for k, v in answer.headers.items() if k.lower().startswith("access-")}
        detail = "this cross-origin request is not allowed: " + "; ".join(reasons)
        return problem(HTTPStatus.BAD_REQUEST, detail, headers=headers)

    def _refusal(self, part: str, request_headers: Headers) -> str:
        """What Starlette refused (`origin`, `method`, `headers`, …), with what is allowed."""
        if part == "origin":
            return "its origin is not one of COUNTRIES_CORS_ORIGINS"
        if part == "method":
            method = request_headers.get("access-control-request-method", "")
            return f"its method {method!r} is none of {', '.join(CORS_METHODS)}"
        if part == "headers":
            # Read as Starlette reads them, against what it allows (the safelisted ones too).
            asked = request_headers.get("access-control-request-headers", "").split(",")
            others = [h.strip() for h in asked if h.strip().lower() not in self.allow_headers]
            allowed = ", ".join(sorted(self.allow_headers))
            return f"it asks to send {', '.join(others)}; a request may send {allowed}"
        return f"its {part}"


def with_cors(app: ASGIApp, origins: list[str]) -> ASGIApp:
    """`app` behind Starlette's CORS middleware for these origins (`*`: any); none: `app`."""
    if not origins:
        return app
    cors: ASGIApp = _ProblemCors(
        _FreshStarts(app),
        allow_origins=origins,
        allow_methods=CORS_METHODS,
        allow_headers=CORS_ALLOWED_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
    )
    return cors
