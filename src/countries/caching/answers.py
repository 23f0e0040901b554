"""HTTP answers of the dataset routes, cached per URL and dataset version, with ETags and 304s.

`AnswerCache` (`middleware.py`) is plain ASGI middleware in front of FastAPI, inside
`Observe` and CORS (`create_app`). For a GET whose route
the app says is cacheable (its answer depends on the dataset alone), it

- sends the cached answer again while the dataset version it was computed at holds,
  without routing, validation or serialization;
- otherwise lets the app compute it, adds its `ETag`, `Cache-Control: no-cache` and
  `Vary: Accept-Encoding`, caches it, and answers `304` when the client's `If-None-Match`
  already names it;
- sends it in the coding the request's `Accept-Encoding` prefers (`encodings`): each
  coding made once, on the first request for it, cached with the answer and counted in the
  cache's byte bound, with its own ETag (`"abc-br"` beside `"abc"`);
- lets concurrent requests for a URL with no current answer wait (a second at most) for
  the first of them (`SingleFlight`): after a sync, one computation per URL, not per request.

Any other GET's 200 JSON answer is sent the same way without being cached (`one_off`);
everything else goes through untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import xxhash

from countries.caching.encodings import IDENTITY, MIN_SIZE, accepted, chosen
from countries.caching.lru import LruCache

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Key = tuple[str, bytes]

CACHE_CONTROL = b"no-cache"
EMPTY_BODY: Message = {"type": "http.response.body", "body": b""}
# Set by the cache on every coding of an answer, whatever the app sent.
_SET_PER_CODING = frozenset({b"etag", b"cache-control", b"content-length", b"vary"})


def etag_of(body: bytes) -> bytes:
    """A strong ETag for these bytes."""
    # A fast non-cryptographic hash: an ETag guards against stale copies, not forgery, and
    # every computed answer is hashed once (900 kB: 7 µs here, against 490 µs for blake2b).
    return b'"' + xxhash.xxh3_128_hexdigest(body).encode() + b'"'


def names(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an `If-None-Match` value names `etag` (weak or strong, or `*`)."""
    if if_none_match == etag:  # the usual revalidation sends back exactly what it was given
        return True
    tags = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
    return b"*" in tags or etag in tags


def tag_for(etag: bytes, coding: str) -> bytes:
    """The ETag of an answer's `coding`, from its identity ETag: `"abc"` and `"abc-gzip"`."""
    return etag if coding == IDENTITY else etag[:-1] + b"-" + coding.encode() + b'"'


@dataclass(frozen=True, slots=True)
class Representation:
    """An answer in one coding, as the ASGI messages that send it (built once, sent many times)."""

    start: Message
    body: Message


@dataclass(eq=False, slots=True)
class CachedAnswer:
    """A 200 answer: identity, the codings it may be sent in, and those made so far.

    A coding is made by `encode`, at most once (the middleware decides when); until
    then only its ETag and its 304 exist.
    """

    version: int
    etag: bytes  # the identity's; each coding's adds a suffix (`tag_for`)
    headers: list[tuple[bytes, bytes]]  # what every coding sends: the app's, Vary, Cache-Control
    codings: tuple[str, ...]  # besides identity, in the server's order of preference
    identity: Representation
    not_modified: dict[str, Representation]  # the 304 of each coding, identity included
    encoded: dict[str, Representation] = field(default_factory=dict)

    @classmethod
    def of(
        cls, version: int, start: Message, body: bytes, codings: tuple[str, ...] = ()
    ) -> CachedAnswer:
        """The answer the app started with `start` and sent as `body`.

        It is offered in `codings` unless it is too small to gain from them, or the app
        already encoded it.
        """
        own = start.get("headers", [])
        headers = [(n, v) for n, v in own if n not in _SET_PER_CODING]
        if len(body) < MIN_SIZE or any(n == b"content-encoding" for n, _ in own):
            codings = ()
        etag = etag_of(body)
        validators = [(b"vary", _vary(own)), (b"cache-control", _cache_control(start))]
        headers = [*headers, *validators]
        return cls(
            version=version,
            etag=etag,
            headers=headers,
            codings=codings,
            identity=_represent(headers, etag, IDENTITY, body),
            not_modified={
                coding: Representation(
                    _start(304, [(b"etag", tag_for(etag, coding)), *validators]), EMPTY_BODY
                )
                for coding in (IDENTITY, *codings)
            },
        )

    def representation(self, coding: str) -> Representation | None:
        """The answer in `coding`, if made (identity always is)."""
        return self.identity if coding == IDENTITY else self.encoded.get(coding)

    def encode(self, coding: str, body: bytes) -> Representation:
        """Keep `body` as the answer in `coding` (one of its `codings`), and give it."""
        representation = self.encoded[coding] = _represent(self.headers, self.etag, coding, body)
        return representation

    def revalidation(
        self, if_none_match: bytes, accept_encoding: bytes | None, chosen: str
    ) -> Representation | None:
        """The 304 for the representation `If-None-Match` names, if it names one.

        The one this request would get (`chosen`), or another coding it accepts: a client
        revalidating the copy it holds keeps it, whichever coding the server prefers now.
        """
        if names(if_none_match, tag_for(self.etag, chosen)):
            return self.not_modified[chosen]
        acceptable = accepted(accept_encoding)
        for coding in (IDENTITY, *self.codings):
            if acceptable.accepts(coding) and names(if_none_match, tag_for(self.etag, coding)):
                return self.not_modified[coding]
        return None

    @property
    def size(self) -> int:
        """Roughly what it costs to cache: the body and headers of each coding made."""
        return sum(
            len(r.body["body"]) + sum(len(n) + len(v) for n, v in r.start["headers"])
            for r in (self.identity, *self.encoded.values())
        )


def representation_for(answer: CachedAnswer, scope: Scope) -> Representation | None:
    """What sends `answer` to this request, if made: the 304 it earns, or its preferred coding."""
    accept_encoding, if_none_match = conditions(scope)
    coding = chosen(accept_encoding, answer.codings)
    if if_none_match is not None:
        not_modified = answer.revalidation(if_none_match, accept_encoding, coding)
        if not_modified is not None:
            return not_modified
    return answer.representation(coding)


def conditions(scope: Scope) -> tuple[bytes | None, bytes | None]:
    """The request's `Accept-Encoding` (several joined as one list) and `If-None-Match`."""
    accept_encoding: bytes | None = None
    if_none_match: bytes | None = None
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            accept_encoding = value if accept_encoding is None else accept_encoding + b"," + value
        elif name == b"if-none-match":
            if_none_match = value
    return accept_encoding, if_none_match


def _represent(
    headers: list[tuple[bytes, bytes]], etag: bytes, coding: str, body: bytes
) -> Representation:
    """The messages sending `body`, the answer in `coding`."""
    own = [
        *headers,
        (b"etag", tag_for(etag, coding)),
        (b"content-length", str(len(body)).encode()),
    ]
    if coding != IDENTITY:
        own.append((b"content-encoding", coding.encode()))
    return Representation(start=_start(200, own), body={"type": "http.response.body", "body": body})


def _start(status: int, headers: list[tuple[bytes, bytes]]) -> Message:
    return {"type": "http.response.start", "status": status, "headers": headers}


def _vary(headers: list[tuple[bytes, bytes]]) -> bytes:
    """The answer's `Vary` with `Accept-Encoding`: every coding of it is cached by URL alone."""
    own = b", ".join(v for n, v in headers if n == b"vary")
    if not own:
        return b"Accept-Encoding"
    if b"accept-encoding" in own.lower() or own.strip() == b"*":
        return own
    return own + b", Accept-Encoding"


def _cache_control(start: Message) -> bytes:
    """The route's own `Cache-Control` when it set one, else `no-cache` (always revalidate)."""
    return next((v for n, v in start.get("headers", []) if n == b"cache-control"), CACHE_CONTROL)


class AnswerCacheStore(LruCache[Key, CachedAnswer]):
    """Cached answers by exact path and query, bounded by count and bytes."""

    def __init__(self, *, max_entries: int = 1024, max_bytes: int) -> None:
        super().__init__(max_entries=max_entries, max_bytes=max_bytes, size=lambda a: a.size)
