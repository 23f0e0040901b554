"""The answer cache driven as a server drives it: one request in, the ASGI messages out."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from starlette.types import ASGIApp, Message

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.caching.versions import DatasetVersion

# A byte bound no answer of the answer cache's tests comes near.
ROOMY = 64 * 1024 * 1024


def version_at(number: int) -> DatasetVersion:
    """A dataset version already known to be `number`: no request reads the database."""
    version = DatasetVersion(InMemoryCountryReader(InMemoryStore()))
    version.saw(number)
    return version


async def request(
    app: ASGIApp,
    path: str,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    client_reads: asyncio.Event | None = None,
) -> tuple[int, dict[str, str], list[Message]]:
    """The status, headers and body messages `app` sends for one request without a body.

    The client then neither sends more nor leaves (a streamed answer listens meanwhile);
    with `client_reads`, it reads nothing the app sends until that is set.
    """
    sent: list[Message] = []
    received: list[bool] = []

    async def receive() -> Message:
        if received:
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        if client_reads is not None:
            await client_reads.wait()
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "http_version": "1.1",
        "scheme": "http",
        "server": ("countries.test", 80),
        "root_path": "",
    }
    await app(scope, receive, send)
    start, *bodies = sent
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, bodies


def body_of(messages: list[Message]) -> bytes:
    """The body the messages carry, joined."""
    return b"".join(m.get("body", b"") for m in messages)
