"""`AnswerCache`: the ASGI middleware that serves the dataset routes' answers from the cache."""

from __future__ import annotations

from collections.abc import Callable

from countries.caching.answers import (
    AnswerCacheStore,
    ASGIApp,
    CachedAnswer,
    Key,
    Message,
    Receive,
    Scope,
    Send,
)
from countries.caching.single_flight import SingleFlight
from countries.caching.versions import DatasetVersion


def _nobody() -> None:
    """Nobody waits for this answer."""


class AnswerCache:
    """ASGI middleware: a cacheable GET answered from the cache while its dataset version holds.

    `cacheable(scope)` is asked once the app has routed the request (its `endpoint` is in
    the scope): only answers of routes that depend on the dataset alone may be cached.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: AnswerCacheStore,
        version: DatasetVersion,
        cacheable: Callable[[Scope], bool],
        max_wait_seconds: float = 1.0,
    ) -> None:
        self.app = app
        self._store = store
        self._version = version
        self._cacheable = cacheable
        # How long a request waits for another computing its URL's answer, at most: a
        # hanging database then costs each request one wait, not two.
        self._computing: SingleFlight[Key] = SingleFlight(max_wait_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        version = await self._current_version()
        answer = self._store.get(key)
        if answer is not None and answer.version == version:
            await answer.send_to(scope, send)
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
            await answer.send_to(scope, send)
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
                answer = CachedAnswer.of(version, start, b"".join(chunks))
                self._store.put(key, answer)
                release()
                await answer.send_to(scope, send)
                return
            await send(message)

        return caching_send
