"""The ceiling: a bare ASGI callable (no framework) that answers fixed responses.

It serves the very status, headers and bytes the service returned for each URL, captured
in advance by benchmarks/backend.py into a JSON file, and answers 304 (with the service's 304
headers) when `If-None-Match` carries the stored ETag. Run on the same server stack the
service uses (uvicorn with its loop, uvloop accepting in batches, and httptools), nothing a
countries service does can beat it.

    python -m benchmarks.ceiling --port 8001 --responses responses.json
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

NOT_FOUND: tuple[Message, Message] = (
    {"type": "http.response.start", "status": 404, "headers": [(b"content-length", b"0")]},
    {"type": "http.response.body", "body": b""},
)


def _messages(entry: dict[str, Any]) -> tuple[Message, Message]:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in entry["headers"]]
    body = base64.b64decode(entry["body"])
    return (
        {"type": "http.response.start", "status": entry["status"], "headers": headers},
        {"type": "http.response.body", "body": body},
    )


class Ceiling:
    """`{(path, query): (200 messages, etag, 304 messages)}`, answered without any routing."""

    def __init__(self, responses: dict[str, Any]) -> None:
        self._routes: dict[tuple[bytes, bytes], tuple[tuple[Message, Message], bytes, Any]] = {}
        for url, entry in responses.items():
            path, _, query = url.partition("?")
            ok = _messages(entry["ok"])
            etag = entry.get("etag", "").encode("latin-1")
            not_modified = _messages(entry["not_modified"]) if entry.get("not_modified") else None
            self._routes[(path.encode(), query.encode())] = (ok, etag, not_modified)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        route = self._routes.get((scope["raw_path"], scope["query_string"]))
        answer = NOT_FOUND
        if route is not None:
            ok, etag, not_modified = route
            answer = ok
            if not_modified is not None and etag:
                for name, value in scope["headers"]:
                    if name == b"if-none-match" and etag in value:
                        answer = not_modified
                        break
        await send(answer[0])
        await send(answer[1])


def run_on_service_stack(app: Any, host: str, port: int) -> None:
    """Serve `app` on the server stack `countries serve` runs on: its loop (uvloop, accepting
    connections in batches) and uvicorn's default HTTP implementation (httptools)."""
    import uvicorn

    from countries.entrypoints.accepting import UVICORN_LOOP

    uvicorn.run(app, host=host, port=port, loop=UVICORN_LOOP, log_level="info", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description="a bare ASGI app answering fixed responses")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--responses", type=Path, required=True)
    args = parser.parse_args()
    run_on_service_stack(Ceiling(json.loads(args.responses.read_text())), args.host, args.port)


if __name__ == "__main__":
    main()
