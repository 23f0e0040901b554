"""Read answers served again from memory while the dataset version holds, with ETags and 304s.

The read routes compute an answer once and mark it with the dataset version they saw;
`ReplayCachedReads`, a plain ASGI middleware in front of FastAPI, keeps that answer's bytes
under its exact path and query and sends them again for the same URL, skipping routing,
validation and serialization, as long as the version is unchanged. The version is the one
this process knows (`application.versions`): a sync committed here is seen by the very next
request; one committed by another process as soon as its PostgreSQL notification arrives,
and within the feed's poll interval (a second) otherwise.
Clients revalidate (`Cache-Control: no-cache`) and get a 304 while nothing changed.
Concurrent requests for a URL with no current answer wait (a second at most) for the first
of them to compute it (`SingleFlight`), so a sync under load costs one computation per URL,
not one per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from countries.application.lru import LruMap
from countries.application.single_flight import SingleFlight

CACHE_CONTROL = "no-cache"
# Where a read route leaves the dataset version its answer was computed at.
VERSION_KEY = "countries.dataset_version"
# Where a read route that answered 304 leaves the 200 it stands for, to be kept all the same.
FULL_ANSWER_KEY = "countries.full_answer"
# Answers larger than this are not kept (the whole world as JSON is about 150 kB).
MAX_BODY_BYTES = 4 * 1024 * 1024


def etag_of(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def versioned_json(request: Request, version: int, body: bytes) -> Response:
    """A read route's JSON answer: marked replayable at `version`, with its ETag (or a 304)."""
    request.scope[VERSION_KEY] = version
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    answer = Response(body, media_type="application/json", headers=headers)
    if _matches(request.headers.get("if-none-match"), etag):
        request.scope[FULL_ANSWER_KEY] = answer
        return Response(status_code=304, headers=headers)
    return answer


@dataclass(frozen=True, slots=True)
class _Answer:
    """A kept answer, as the ASGI messages that send it (built once, sent many times)."""

    version: int
    etag: bytes
    etag_text: str
    start: Message
    body: Message
    not_modified_start: Message

    @classmethod
    def of(cls, version: int, headers: list[tuple[bytes, bytes]], body: bytes) -> _Answer:
        etag = next((value for name, value in headers if name == b"etag"), b"")
        not_modified = [(b"etag", etag), (b"cache-control", CACHE_CONTROL.encode())]
        return cls(
            version=version,
            etag=etag,
            etag_text=etag.decode("latin-1"),
            start={"type": "http.response.start", "status": 200, "headers": headers},
            body={"type": "http.response.body", "body": body},
            not_modified_start={
                "type": "http.response.start",
                "status": 304,
                "headers": not_modified,
            },
        )


_EMPTY_BODY: Message = {"type": "http.response.body", "body": b""}


def _no_one() -> None:
    """Nobody waits for this answer."""


def _replayable(scope: Scope, start: Message) -> bool:
    """Whether a read route marked this answer replayable: a 200, or a 304 standing for one."""
    status = start["status"]
    return VERSION_KEY in scope and (status == 200 or (status == 304 and FULL_ANSWER_KEY in scope))


class KeptAnswers(LruMap[tuple[str, bytes], _Answer]):
    """Read answers by exact path and query (1024 by default); those of older versions age out."""

    def __init__(self, max_entries: int = 1024) -> None:
        super().__init__(max_entries)


class ReplayCachedReads:
    """ASGI middleware: sends a read route's 200 answer again for the same URL and version."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        answers: KeptAnswers,
        known: Callable[[], int | None],
        version: Callable[[], Awaitable[int]],
        max_wait_seconds: float = 1.0,
    ) -> None:
        self.app = app
        self._answers = answers
        self._known = known  # the version this process knows, without a coroutine
        self._version = version  # the same, read from the store while none is known
        # How long a request waits for another computing its URL's answer, at most.
        self._computing: SingleFlight[tuple[str, bytes]] = SingleFlight(max_wait_seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        answer = self._answers.get(key)
        if answer is not None and answer.version == await self._current_version():
            await self._replay(answer, scope, send)
            return
        async with self._computing.first_or_wait(key) as flight:
            if flight is not None:
                await self.app(scope, receive, self._keeping(key, scope, send, flight.land))
                return
        # Another request for this URL was computing: send what it kept, or compute our own
        # (its answer was not replayable, or the data changed meanwhile).
        answer = self._answers.get(key)
        if answer is not None and answer.version == await self._current_version():
            await self._replay(answer, scope, send)
        else:
            await self.app(scope, receive, self._keeping(key, scope, send))

    async def _current_version(self) -> int | None:
        known = self._known()
        if known is not None:
            return known
        try:
            return await self._version()
        except Exception:  # the database failed: let the app answer, and report it as a problem
            return None

    def _keeping(
        self,
        key: tuple[str, bytes],
        scope: Scope,
        send: Send,
        settled: Callable[[], None] = _no_one,
    ) -> Send:
        """`send`, also keeping the answer of a read route that marked it replayable.

        `settled` is called once the answer is kept or known not to be, before anything of
        it is written to this request's client: the requests waiting for this answer never
        wait on this client.
        """
        start: Message | None = None  # a replayable answer's start, held until its body
        start_sent = False
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start, start_sent
            if message["type"] == "http.response.start" and _replayable(scope, message):
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, scope, start, b"".join(chunks))
            settled()
            if start is not None and not start_sent:
                start_sent = True
                await send(start)
            await send(message)

        return keep

    def _store(self, key: tuple[str, bytes], scope: Scope, start: Message, body: bytes) -> None:
        if start["status"] == 304:  # the route left the 200 this 304 stands for
            full: Response = scope[FULL_ANSWER_KEY]
            headers, body = full.raw_headers, bytes(full.body)
        else:
            headers = list(start.get("headers", []))
        if len(body) <= MAX_BODY_BYTES:
            self._answers.put(key, _Answer.of(scope[VERSION_KEY], headers, body))

    @staticmethod
    async def _replay(answer: _Answer, scope: Scope, send: Send) -> None:
        for name, value in scope["headers"]:
            # The usual revalidation sends back exactly the ETag it was given.
            if name == b"if-none-match" and (
                value == answer.etag or _matches(value.decode("latin-1"), answer.etag_text)
            ):
                await send(answer.not_modified_start)
                await send(_EMPTY_BODY)
                return
        # The same message objects every time: nothing outside this layer may change them.
        await send(answer.start)
        await send(answer.body)
