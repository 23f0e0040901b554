"""One-off answers: a GET's 200 JSON answer the cache does not keep, sent as a cached one is.

An activity, a subscription, `/health`: computed for every request, so nothing is kept,
but each still gets what a cached answer has (`answers.CachedAnswer.of`): a strong ETag of
its bytes (one per coding), `Cache-Control: no-cache` unless the route set its own,
`Vary: Accept-Encoding`, a `304` when `If-None-Match` names it, and the coding the request
prefers when it is large enough to gain from one. Answers that are not 200, not JSON, or
streamed in several messages of unknown total length go through untouched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import Executor

from countries.caching.answers import (
    CachedAnswer,
    Message,
    Scope,
    Send,
    conditions,
    representation_for,
)
from countries.caching.encodings import chosen

# The version of an answer never cached: it is never looked up, and no dataset has it.
NOT_CACHED = -1

# Compressed on the event loop up to this size: well under a millisecond in each coding,
# less than handing it to the encoding thread and back costs a busy loop in latency.
INLINE_MAX = 16 * 1024

_JSON = b"application/json"


def one_off(start: Message) -> bool:
    """Whether the answer `start` begins is a 200 in JSON (`application/json`, any parameters)."""
    if start["status"] != 200:
        return False
    for name, value in start.get("headers", ()):
        if name == b"content-type":
            return bool(value.partition(b";")[0].strip().lower() == _JSON)
    return False


def _length_known(start: Message) -> bool:
    return any(name == b"content-length" for name, _ in start.get("headers", ()))


class OneOffAnswers:
    """Sends the answers the cache does not keep with a cached answer's ETag, 304 and coding.

    `encoders` make each coding, in the server's order of preference; one larger than
    `inline_max` is made in `executor`, so a large answer never holds up the event loop.
    """

    def __init__(
        self,
        encoders: Mapping[str, Callable[[bytes], bytes]],
        executor: Executor,
        inline_max: int = INLINE_MAX,
    ) -> None:
        self._encoders = encoders
        self._codings = tuple(encoders)
        self._executor = executor
        self._inline_max = inline_max

    def send(self, scope: Scope, send: Send) -> Send:
        """`send` for one GET's answer: a 200 JSON one is gathered, then sent as a cached one."""
        held: Message | None = None  # a one-off answer's start, held until its whole body
        chunks: list[bytes] = []

        async def one_off_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start" and one_off(message):
                held = message
                return
            if held is not None:
                start = held
                if message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        await self._send(scope, send, start, b"".join(chunks))
                        return
                    if _length_known(start):  # its total is bounded: keep gathering
                        return
                # Streamed with no length said (so `chunks` holds this message's body alone),
                # or an extension's message: sent as it comes, as it was before.
                held = None
                await send(start)
            await send(message)

        return one_off_send

    async def _send(self, scope: Scope, send: Send, start: Message, body: bytes) -> None:
        """The answer `start` and `body` make, in the coding the request prefers, or its 304."""
        answer = CachedAnswer.of(NOT_CACHED, start, body, self._codings)
        representation = representation_for(answer, scope)
        if representation is None:  # a coding not made yet: a one-off has none made
            coding = chosen(conditions(scope)[0], answer.codings)
            representation = answer.encode(coding, await self._encoded(coding, body))
        await send(representation.start)
        await send(representation.body)

    async def _encoded(self, coding: str, body: bytes) -> bytes:
        """`body` in `coding`: made here when small, in the encoding thread when not."""
        encode = self._encoders[coding]
        if len(body) <= self._inline_max:
            return encode(body)
        return await asyncio.get_running_loop().run_in_executor(self._executor, encode, body)
