"""RFC 9457 problem details: the one place where errors become HTTP responses.

Routes never catch exceptions: application errors, validation errors and HTTP errors
all end here and leave as `application/problem+json`, except under `/v3.1`, where they
leave as the retired REST Countries v3.1 API answered them (README.md, "Replacing REST
Countries v3.1"): `{"status": 404, "message": "Not Found"}`, a bad parameter a 400
(`v31_errors.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from countries.application.errors import (
    ApplicationError,
    CacheUnavailable,
    Conflict,
    MailNotConfigured,
    NotFound,
    NotReady,
    SourceInvalid,
    SourceNotConfigured,
    SourceRefused,
    SourceUnavailable,
    StorageUnavailable,
    SyncRejected,
)
from countries.entrypoints.http.schemas.messages import in_words
from countries.entrypoints.http.v31_errors import v31_aware

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Problem types of the HTTP edge (`guards.RequestGuard`): the body, before any route sees it.
BODY_TOO_LARGE = "body-too-large"  # 413: over COUNTRIES_MAX_BODY_BYTES
BODY_TIMEOUT = "body-timeout"  # 408: not all there within COUNTRIES_BODY_TIMEOUT_SECONDS
JSON_TOO_DEEP = "json-too-deep"  # 400: nested deeper than any body the API takes
MALFORMED_REQUEST = "malformed-request"  # 400 from the server's parser (`protocol.py`)

# A validation problem lists this many errors and counts the rest: a body of 100,000
# unknown fields must not answer megabytes.
MAX_LISTED_ERRORS = 20


class ParameterError(BaseModel):
    """One bad parameter: where it is, its name and what is wrong with it."""

    name: str
    location: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ParameterError] | None = None


# For the OpenAPI document: every 4xx and 5xx answer is a problem document.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "model": Problem,
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for code, description in (
        ("4XX", "The request was wrong: a problem document says what and where."),
        ("5XX", "The service or its upstream failed: a problem document says what."),
    )
}

# Application errors by the status they answer, most specific first.
_STATUS_OF: tuple[tuple[type[ApplicationError], HTTPStatus, str], ...] = (
    (NotFound, HTTPStatus.NOT_FOUND, "not-found"),
    (Conflict, HTTPStatus.CONFLICT, "conflict"),
    (SourceNotConfigured, HTTPStatus.SERVICE_UNAVAILABLE, "source-not-configured"),
    (SourceRefused, HTTPStatus.SERVICE_UNAVAILABLE, "source-refused"),
    (MailNotConfigured, HTTPStatus.SERVICE_UNAVAILABLE, "mail-not-configured"),
    (SourceUnavailable, HTTPStatus.SERVICE_UNAVAILABLE, "source-unavailable"),
    (SourceInvalid, HTTPStatus.BAD_GATEWAY, "source-invalid"),
    (SyncRejected, HTTPStatus.BAD_GATEWAY, "sync-rejected"),
    (StorageUnavailable, HTTPStatus.SERVICE_UNAVAILABLE, "storage-unavailable"),
    (CacheUnavailable, HTTPStatus.SERVICE_UNAVAILABLE, "cache-unavailable"),
    (NotReady, HTTPStatus.SERVICE_UNAVAILABLE, "not-ready"),
)

# Passing conditions: the client may try again after this many seconds (`Retry-After`).
# A database restart or a first sync takes seconds; the pool reconnects by itself.
_RETRY_AFTER_SECONDS: tuple[tuple[type[ApplicationError], int], ...] = (
    (StorageUnavailable, 5),
    (CacheUnavailable, 5),
    (NotReady, 5),
)


def problem(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem+json response; `slug` names the problem type, else the status's phrase does
    (401 `/problems/unauthorized`): one scheme for every error (README.md, "Problem types")."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": f"/problems/{slug or phrase.lower().replace(' ', '-')}",
        "title": phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _parameter_errors(items: Sequence[Any]) -> list[dict[str, str]]:
    found = []
    for item in items:
        loc = [str(part) for part in item.get("loc", ())]
        location = loc[0] if loc else "request"
        name = ".".join(loc[1:]) if len(loc) > 1 else location  # "" for `?=x`: no name
        found.append({"name": name, "location": location, "message": in_words(name, item)})
    return found


def _unreadable_body(error: Mapping[str, Any]) -> str:
    """What FastAPI's JSON decoder said of a body it could not read, and where."""
    loc = tuple(error.get("loc", ()))
    reason = (error.get("ctx") or {}).get("error", "not JSON")
    where = f" (at character {loc[1]})" if len(loc) > 1 else ""
    return f"the body is not valid JSON: {reason}{where}"


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    every_error = error.errors()
    for item in every_error:
        if item.get("type") == "json_invalid":  # nothing in the body could be read: no field
            return problem(400, _unreadable_body(item))
    errors = _parameter_errors(every_error[:MAX_LISTED_ERRORS])
    names = ", ".join(dict.fromkeys(e["name"] or "parameter with no name" for e in errors))
    unlisted = len(every_error) - len(errors)
    more = f"; {unlisted} more errors not listed" if unlisted else ""
    return problem(422, f"invalid {names}{more}", slug="validation-error", errors=errors)


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
    headers = dict(error.headers or {})
    if error.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        # Starlette's Allow names only the first route of the path; list them all.
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    if detail == HTTPStatus(error.status_code).phrase:  # the router's own, saying no more
        detail = _routing_detail(request, error.status_code, headers.get("Allow", "")) or detail
    return problem(error.status_code, detail, headers=headers)


def _routing_detail(request: Request, status: int, allowed: str) -> str | None:
    """What the router's bare 404 and 405 mean, in words that say what to do."""
    path = request.url.path
    if status == HTTPStatus.NOT_FOUND:
        return f"no route answers {path}: the API's routes are listed at /docs"
    if status == HTTPStatus.METHOD_NOT_ALLOWED and allowed:
        return f"{request.method} is not allowed on {path}: it takes {allowed}"
    return None


def _allowed_methods(request: Request) -> str:
    def collect(routes: list[Any]) -> set[str]:
        methods: set[str] = set()
        for route in routes:
            # FastAPI 0.16x keeps included routers as branches holding the original router.
            included = getattr(route, "original_router", None)
            if included is not None:
                methods |= collect(included.routes)
            elif route.matches(request.scope)[0] is not Match.NONE:
                methods |= getattr(route, "methods", None) or set()
        return methods

    methods = collect(request.app.router.routes)
    if "GET" in methods:
        methods.add("HEAD")  # every GET takes HEAD (`AnswerCache` answers it)
    return ", ".join(sorted(methods))


async def _on_application_error(request: Request, error: Exception) -> Response:
    for kind, status, slug in _STATUS_OF:
        if isinstance(error, kind):
            return problem(status, str(error), slug=slug, headers=_retry_after(error))
    return _on_unexpected_error_response(error)


def _retry_after(error: ApplicationError) -> dict[str, str] | None:
    for kind, seconds in _RETRY_AFTER_SECONDS:
        if isinstance(error, kind):
            return {"Retry-After": str(seconds)}
    return None


# Where the handler of unexpected errors leaves the error it logged and answered. Starlette
# raises it again after the handler (for the server to log), and `EnteredApp` stops it
# there: a second traceback, without the request id, would tell nothing new.
ANSWERED_ERROR = "countries.answered_error"


async def _on_unexpected_error(request: Request, error: Exception) -> Response:
    request.scope[ANSWERED_ERROR] = error
    return _on_unexpected_error_response(error)


def _on_unexpected_error_response(error: Exception) -> Response:
    log.exception("unexpected error", exc_info=error)
    return problem(500, "the service failed unexpectedly; the error was logged", slug="internal")


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error the app can raise answer as problem+json (the v3.1 body under /v3.1)."""
    app.add_exception_handler(RequestValidationError, v31_aware(_on_validation_error))
    app.add_exception_handler(HTTPException, v31_aware(_on_http_error))
    app.add_exception_handler(ApplicationError, v31_aware(_on_application_error))
    app.add_exception_handler(Exception, v31_aware(_on_unexpected_error))
