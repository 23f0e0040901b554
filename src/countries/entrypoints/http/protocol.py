"""uvicorn's HTTP protocol, answering a request it cannot parse as a problem document.

Passed to `uvicorn.run(http=...)` by `countries serve`: a malformed request line or
header, or a URL too long for the parser, never reaches the app, and uvicorn's own answer
is a plain-text 400; this one is the same 400 as `application/problem+json`.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from countries.entrypoints.http.observability import REQUEST_ID_HEADER, access_log
from countries.entrypoints.http.problems import MALFORMED_REQUEST, PROBLEM_MEDIA_TYPE

_BODY = orjson.dumps(
    {
        "type": f"/problems/{MALFORMED_REQUEST}",
        "title": "Bad Request",
        "status": 400,
        "detail": (
            "the request line or headers could not be read: malformed (a URL is ASCII: "
            "percent-encode anything else, `ô` as `%C3%B4`), or too long"
        ),
    }
)


# What uvicorn logs, as a WARNING, before it answers a request it cannot parse.
_UVICORN_UNREADABLE = "Invalid HTTP request received."


class _AnsweredAsAProblem(logging.Filter):
    """Drops uvicorn's warning for an unparsable request: its access-log line says it.

    A WARNING for each one let any client write the log at the level an operator keeps.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _UVICORN_UNREADABLE


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol; an unparsable request gets a problem+json 400."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # uvicorn's own logger, shared by every connection: filtered once.
        if not any(isinstance(f, _AnsweredAsAProblem) for f in self.logger.filters):
            self.logger.addFilter(_AnsweredAsAProblem())

    def send_400_response(self, msg: str) -> None:
        """Answer 400 as a problem document, then close (uvicorn's own, in another type)."""
        request_id = uuid.uuid4().hex
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        head += [
            name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers
        ]
        head += [
            b"content-type: " + PROBLEM_MEDIA_TYPE.encode() + b"\r\n",
            b"content-length: " + str(len(_BODY)).encode() + b"\r\n",
            # As on every answer; the request was never read, so never the client's own.
            REQUEST_ID_HEADER + b": " + request_id.encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + _BODY)
        self.transport.close()
        # Its access-log line, as every answer has, so the id can be looked up; nothing of
        # the request could be read, so no method or path.
        access_log.info(
            "- - 400 0.000 ms request_id=%s (a request that could not be read)",
            request_id,
            extra={"status": 400, "request_id": request_id},
        )
