"""HTTP answers of the dataset routes, cached per URL and dataset version, with ETags and 304s.

`AnswerCache` is plain ASGI middleware, outermost in `create_app`. For a GET whose route
the app says is cacheable (its answer depends on the dataset alone), it

- sends the cached answer again while the dataset version it was computed at holds,
  without routing, validation or serialization;
- otherwise lets the app compute it, adds its `ETag` and `Cache-Control: no-cache`,
  caches it, and answers `304` when the client's `If-None-Match` already names it;
- lets concurrent requests for a URL with no current answer wait (a second at most) for
  the first of them (`SingleFlight`): after a sync, one computation per URL, not per request.

Everything else goes through untouched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from countries.caching.lru import LruCache

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Key = tuple[str, bytes]

CACHE_CONTROL = b"no-cache"
_EMPTY_BODY: Message = {"type": "http.response.body", "body": b""}


def etag_of(body: bytes) -> bytes:
    """A strong ETag for these bytes."""
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def names(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an `If-None-Match` value names `etag` (weak or strong, or `*`)."""
    if if_none_match == etag:  # the usual revalidation sends back exactly what it was given
        return True
    tags = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
    return b"*" in tags or etag in tags


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A 200 answer as the ASGI messages that send it (built once, sent many times)."""

    version: int
    etag: bytes
    start: Message
    body: Message
    not_modified: Message

    @classmethod
    def of(cls, version: int, start: Message, body: bytes) -> CachedAnswer:
        etag = etag_of(body)
        headers = [
            *(h for h in start.get("headers", []) if h[0] not in (b"etag", b"cache-control")),
            (b"etag", etag),
            (b"cache-control", _cache_control(start)),
        ]
        validators = [(b"etag", etag), (b"cache-control", _cache_control(start))]
        return cls(
            version=version,
            etag=etag,
            start={"type": "http.response.start", "status": 200, "headers": headers},
            body={"type": "http.response.body", "body": body},
            not_modified={"type": "http.response.start", "status": 304, "headers": validators},
        )

    @property
    def size(self) -> int:
        """Roughly what it costs to cache: its body and headers."""
        return len(self.body["body"]) + sum(len(n) + len(v) for n, v in self.start["headers"])

    async def send_to(self, scope: Scope, send: Send) -> None:
        """Send it, or a 304 when the request's `If-None-Match` names it."""
        for name, value in scope["headers"]:
            if name == b"if-none-match" and names(value, self.etag):
                await send(self.not_modified)
                await send(_EMPTY_BODY)
                return
        # The same message objects every time: nothing downstream may change them.
        await send(self.start)
        await send(self.body)


def _cache_control(start: Message) -> bytes:
    """The route's own `Cache-Control` when it set one, else `no-cache` (always revalidate)."""
    return next((v for n, v in start.get("headers", []) if n == b"cache-control"), CACHE_CONTROL)


class AnswerCacheStore(LruCache[Key, CachedAnswer]):
    """Cached answers by exact path and query, bounded by count and bytes."""

    def __init__(self, *, max_entries: int = 1024, max_bytes: int = 64 * 1024 * 1024) -> None:
        super().__init__(max_entries=max_entries, max_bytes=max_bytes, size=lambda a: a.size)
