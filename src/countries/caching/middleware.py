"""`AnswerCache`: the ASGI middleware that serves the dataset routes' answers from the cache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor

from countries.caching.answers import (
    AnswerCacheStore,
    ASGIApp,
    CachedAnswer,
    Key,
    Message,
    Receive,
    Representation,
    Scope,
    Send,
)
from countries.caching.encodings import ENCODERS, chosen
from countries.caching.single_flight import SingleFlight
from countries.caching.versions import DatasetVersion

# One compression at a time in a process, beside its event loop: each holds megabytes of
# working memory (br's window and hash tables: six at once held 150 MB more after 2,000
# distinct pages), and the one other core is all a second thread could gain.
_ENCODING_THREAD = ThreadPoolExecutor(1, thread_name_prefix="countries-encode")


def _nobody() -> None:
    """Nobody waits for this answer."""


class AnswerCache:
    """ASGI middleware: a cacheable GET answered from the cache while its dataset version holds.

    `cacheable(scope)` is asked once the app has routed the request (its `endpoint` is in
    the scope): only answers of routes that depend on the dataset alone may be cached.
    `encoders` make each content coding, in the server's order of preference.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: AnswerCacheStore,
        version: DatasetVersion,
        cacheable: Callable[[Scope], bool],
        max_wait_seconds: float = 1.0,
        encoders: Mapping[str, Callable[[bytes], bytes]] = ENCODERS,
    ) -> None:
        self.app = app
        self._store = store
        self._version = version
        self._cacheable = cacheable
        # How long a request waits for another computing its URL's answer, at most: a
        # hanging database then costs each request one wait, not two.
        self._computing: SingleFlight[Key] = SingleFlight(max_wait_seconds)
        self._encoding: SingleFlight[tuple[Key, str]] = SingleFlight(max_wait_seconds)
        self._encoders = encoders
        self._codings = tuple(encoders)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        version = self._version.known()  # what nearly every request finds: no await
        if version is None:
            version = await self._current_version()
        answer = self._store.get(key)
        if answer is not None and answer.version == version:
            await self._send(key, answer, scope, send)
            return
        if version is None:  # the database fails: the app answers, as a problem
            await self.app(scope, receive, send)
            return
        async with self._computing.first_or_wait(key) as flight:
            if flight is not None:
                await self.app(
                    scope, receive, self._caching(key, version, scope, send, flight.release)
                )
                return
        # Another request for this URL was computing: send what it cached, or compute our own
        # (its answer was not cacheable, or the data changed meanwhile).
        version = await self._current_version()
        answer = self._store.get(key)
        if answer is not None and answer.version == version:
            await self._send(key, answer, scope, send)
        elif version is not None:
            await self.app(scope, receive, self._caching(key, version, scope, send))
        else:
            await self.app(scope, receive, send)

    async def _current_version(self) -> int | None:
        known = self._version.known()
        if known is not None:
            return known
        try:
            return await self._version.current()
        except Exception:  # the database failed: let the app answer, and report it as a problem
            return None

    def _caching(
        self,
        key: Key,
        version: int,
        scope: Scope,
        send: Send,
        release: Callable[[], None] = _nobody,
    ) -> Send:
        """`send`, also caching a cacheable 200 answer under `key` at `version`.

        `release` is called once the answer is cached or known not to be, before anything
        of it is written to this request's client: the requests waiting for this answer
        never wait on this client.
        """
        start: Message | None = None  # a cacheable answer's start, held until its body
        chunks: list[bytes] = []

        async def caching_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] == 200 and self._cacheable(scope):
                    start = message
                    return
                release()
            elif start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                answer = CachedAnswer.of(version, start, b"".join(chunks), self._codings)
                self._store.put(key, answer)
                release()
                await self._send(key, answer, scope, send)
                return
            await send(message)

        return caching_send

    async def _send(self, key: Key, answer: CachedAnswer, scope: Scope, send: Send) -> None:
        """Send `answer` in the coding the request prefers, or the 304 its validator earns."""
        representation = _replayed(answer, scope) or await self._encode(key, answer, scope)
        # The same message objects every time: nothing downstream may change them.
        await send(representation.start)
        await send(representation.body)

    async def _encode(self, key: Key, answer: CachedAnswer, scope: Scope) -> Representation:
        """`answer` in the coding the request prefers, made once for every request and kept.

        Compressing a large answer takes tens of milliseconds: it runs in the encoding
        thread (each library releases the GIL), so cached answers go on being sent
        meanwhile, and concurrent requests for it wait for the first. An answer the cache
        does not keep (larger than its bound) is sent as it is: it would be compressed for
        every request.
        """
        if self._store.get(key) is not answer:
            return answer.identity
        coding = chosen(_conditions(scope)[0], answer.codings)
        async with self._encoding.first_or_wait((key, coding)):
            made = answer.representation(coding)
            if made is not None:
                return made
            body = await asyncio.get_running_loop().run_in_executor(
                _ENCODING_THREAD, self._encoders[coding], answer.identity.body["body"]
            )
            representation = answer.encode(coding, body)
            if self._store.get(key) is answer:
                self._store.put(key, answer)  # counted again, with this coding, in the bound
            return representation


def _replayed(answer: CachedAnswer, scope: Scope) -> Representation | None:
    """What sends `answer` to this request, if made: the 304 it earns, or its preferred coding."""
    accept_encoding, if_none_match = _conditions(scope)
    coding = chosen(accept_encoding, answer.codings)
    if if_none_match is not None:
        not_modified = answer.revalidation(if_none_match, accept_encoding, coding)
        if not_modified is not None:
            return not_modified
    return answer.representation(coding)


def _conditions(scope: Scope) -> tuple[bytes | None, bytes | None]:
    """The request's `Accept-Encoding` (several joined as one list) and `If-None-Match`."""
    accept_encoding: bytes | None = None
    if_none_match: bytes | None = None
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            accept_encoding = value if accept_encoding is None else accept_encoding + b"," + value
        elif name == b"if-none-match":
            if_none_match = value
    return accept_encoding, if_none_match
