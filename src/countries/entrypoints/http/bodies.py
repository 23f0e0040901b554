"""What a request body must be before FastAPI parses it: sent as it is, UTF-8, not too deep.

FastAPI parses a JSON body before any route or dependency sees it, and answers every body
its parser trips on in its own way (a Latin-1 body, brackets nested past Python's
recursion limit: "There was an error parsing the body"). `RequestGuard` asks `body_refusal`
first, so each gets a problem naming what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from countries.entrypoints.http.problems import JSON_TOO_DEEP

# Deeper than any body the API takes (a subscription's filters are two levels), far below
# where the JSON parser would hit Python's recursion limit.
MAX_JSON_DEPTH = 32

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS_ONLY = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_UTF_8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})  # ASCII text is UTF-8 too


@dataclass(frozen=True)
class BodyRefusal:
    """Why a body is refused: its status, problem type (None: the status's own) and detail."""

    status: int
    slug: str | None
    detail: str


def is_json(media_type: str) -> bool:
    """`application/json`, or a JSON-based type (`application/merge-patch+json`)."""
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def json_deeper_than(body: bytes, limit: int) -> bool:
    """Whether the brackets of this JSON text nest deeper than `limit` (strings ignored).

    Brackets left open count: `[[[[…` never closed nests as deep for the parser.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING.sub(b"", body).translate(_BRACKETS_ONLY, _NOT_BRACKETS)
    # Each pass drops the innermost pairs, one level of every nest: C speed, `limit` passes.
    for _ in range(limit):
        if b"[]" not in brackets:
            break
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets or b"[" * (limit + 1) in brackets


def body_refusal(
    content_type: bytes | None, content_encoding: bytes | None, body: bytes
) -> BodyRefusal | None:
    """Why this body cannot be read as the API reads bodies, or None when it can."""
    coding = (content_encoding or b"").decode("latin-1").strip().lower()
    if body and coding not in ("", "identity"):
        return BodyRefusal(
            415, None, f"the request body must be sent as it is, not encoded ({coding})"
        )
    if json_deeper_than(body, MAX_JSON_DEPTH):
        return BodyRefusal(
            400, JSON_TOO_DEEP, f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels"
        )
    media_type, _, parameters = (content_type or b"").decode("latin-1").partition(";")
    if not body or not is_json(media_type.strip().lower()):
        return None  # a body of another type is the route's to refuse (a 415)
    charset = _charset(parameters)
    if charset is not None and charset not in _UTF_8:
        return BodyRefusal(415, None, f"a JSON body is UTF-8, not charset={charset}")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return BodyRefusal(
            400, None, f"the body is not UTF-8 text (byte {error.start}): JSON is sent as UTF-8"
        )
    return None


def _charset(parameters: str) -> str | None:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None
