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
    conditions,
    representation_for,
)
from countries.caching.encodings import ENCODERS, FAST_ENCODERS, chosen
from countries.caching.one_off import OneOffAnswers
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
    Another GET's 200 JSON answer is sent as a cached one is, without being kept
    (`one_off.py`). `encoders` make each content coding, in the server's order of preference;
    `one_off_encoders` the same for those answers, made for every request (faster levels).
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
        one_off_encoders: Mapping[str, Callable[[bytes], bytes]] = FAST_ENCODERS,
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
        self._one_off = OneOffAnswers(one_off_encoders, _ENCODING_THREAD)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            head = scope["type"] == "http" and scope["method"] == "HEAD"
            await (self._head if head else self.app)(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        version = self._version.known()  # what nearly every request finds: no await
        if version is None:
            version = await self._current_version()
        answer = self._store.get(key)
        if answer is not None and answer.version == version:
            await self._send(key, answer, scope, send)
            return
        if version is None:  # the database fails: the app answers (a problem, or a one-off)
            await self.app(scope, receive, self._one_off.send(scope, send))
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
            await self.app(scope, receive, self._one_off.send(scope, send))

    async def _head(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A HEAD, answered as its GET (from the cache if it holds it), body left out (RFC 9110).

        Every GET route takes HEAD so, and a HEAD gets its GET's ETag, coding and 304.
        What the layers inside learn of the request (the route it matched) goes back on
        its own scope, where the layers outside (the metrics) read it.
        """
        as_get = {**scope, "method": "GET"}
        try:
            await self(as_get, receive, _headers_only(send))
        finally:
            scope.update((key, as_get[key]) for key in as_get.keys() - scope.keys())

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
        never wait on this client. An answer not cached goes on as a one-off.
        """
        start: Message | None = None  # a cacheable answer's start, held until its body
        chunks: list[bytes] = []
        passing = send  # where an answer not cached goes: its one-off treatment, once known

        async def caching_send(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                if message["status"] == 200 and self._cacheable(scope):
                    start = message
                    return
                release()
                passing = self._one_off.send(scope, send)
            elif start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                answer = CachedAnswer.of(version, start, b"".join(chunks), self._codings)
                self._store.put(key, answer)
                release()
                await self._send(key, answer, scope, send)
                return
            await passing(message)

        return caching_send

    async def _send(self, key: Key, answer: CachedAnswer, scope: Scope, send: Send) -> None:
        """Send `answer` in the coding the request prefers, or the 304 its validator earns."""
        representation = representation_for(answer, scope) or await self._encode(key, answer, scope)
        # The same message objects every time: nothing downstream may change them.
        await send(representation.start)
        await send(representation.body)

    async def _encode(self, key: Key, answer: CachedAnswer, scope: Scope) -> Representation:
        """`answer` in the coding the request prefers, made once and cached with the answer.

        Compressing a large answer takes tens of milliseconds: it runs in the encoding
        thread (each library releases the GIL), so cached answers go on being sent
        meanwhile, and concurrent requests for it wait for the first. An answer the cache
        does not keep (larger than its bound) is sent as it is: it would be compressed for
        every request.
        """
        if self._store.get(key) is not answer:
            return answer.identity
        coding = chosen(conditions(scope)[0], answer.codings)
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


def _headers_only(send: Send) -> Send:
    """`send`, leaving out the body (its length stays in the headers, as a HEAD's must)."""

    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only
