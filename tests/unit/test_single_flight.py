"""Concurrent work on one URL or workbook is done once: `SingleFlight` and the replay layer on it."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st
from starlette.types import Message, Receive, Scope, Send

from countries.application.single_flight import SingleFlight
from countries.entrypoints.http.responses import VERSION_KEY, KeptAnswers, ReplayCachedReads


@given(st.lists(st.sampled_from("abc"), min_size=1, max_size=30))
def test_one_caller_per_key_works_and_the_others_wait_for_it(keys: list[str]) -> None:
    async def scenario() -> None:
        flights: SingleFlight[str] = SingleFlight()
        finished: set[str] = set()
        started_after_it: dict[str, list[bool]] = {}

        async def call(key: str) -> bool:
            async with flights.first_or_wait(key) as flight:
                if flight.first:
                    await asyncio.sleep(0.001)
                    finished.add(key)
                else:
                    started_after_it.setdefault(key, []).append(key in finished)
                return flight.first

        firsts = await asyncio.gather(*(call(k) for k in keys))
        working = [k for k, first in zip(keys, firsts, strict=True) if first]
        assert sorted(working) == sorted(set(keys))  # exactly one caller per key
        assert all(all(seen) for seen in started_after_it.values())  # the rest, after it
        assert len(flights) == 0

    asyncio.run(scenario())


async def test_when_the_first_fails_the_others_are_released_to_try() -> None:
    flights: SingleFlight[str] = SingleFlight()

    async def failing() -> None:
        async with flights.first_or_wait("k"):
            await asyncio.sleep(0.001)
            raise RuntimeError("the database went away")

    async def waiting() -> bool:
        async with flights.first_or_wait("k") as flight:
            return flight.first

    outcomes = await asyncio.gather(failing(), waiting(), waiting(), return_exceptions=True)
    assert isinstance(outcomes[0], RuntimeError)
    assert outcomes[1:] == [False, False]
    async with flights.first_or_wait("k") as flight:
        assert flight.first  # nothing is left in flight


class CountingApp:
    """An ASGI read route: computes slowly, and marks its answer replayable or not."""

    def __init__(self, *, replayable: bool, fail: bool = False) -> None:
        self.calls = 0
        self.replayable = replayable
        self.fail = fail

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        call = self.calls
        await asyncio.sleep(0.01)  # the other requests arrive meanwhile
        if self.fail and call == 1:
            raise RuntimeError("first computation failed")
        if self.replayable:
            scope[VERSION_KEY] = 7
        headers = [(b"content-type", b"application/json"), (b"etag", b'"e7"')]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": f'{{"n": {call}}}'.encode()})


async def get(
    app: ReplayCachedReads, path: str, client_reads: asyncio.Event | None = None
) -> bytes:
    """GET `path`; a client that reads nothing until `client_reads` is set, when given."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        if client_reads is not None:
            await client_reads.wait()
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    await app(scope, receive, send)
    assert sent[0]["status"] == 200
    return b"".join(m.get("body", b"") for m in sent[1:])


def replaying(inner: CountingApp) -> ReplayCachedReads:
    async def version() -> int:
        return 7

    return ReplayCachedReads(inner, answers=KeptAnswers(), known=lambda: 7, version=version)


async def test_concurrent_first_reads_of_a_url_compute_its_answer_once() -> None:
    inner = CountingApp(replayable=True)
    app = replaying(inner)
    bodies = await asyncio.gather(*(get(app, "/countries") for _ in range(20)))
    assert inner.calls == 1
    assert set(bodies) == {b'{"n": 1}'}
    await asyncio.gather(get(app, "/countries"), get(app, "/countries/ARG"))
    assert inner.calls == 2  # another URL is another answer


async def test_answers_that_are_not_replayable_are_computed_for_every_request() -> None:
    inner = CountingApp(replayable=False)
    app = replaying(inner)
    bodies = await asyncio.gather(*(get(app, "/health") for _ in range(5)))
    assert inner.calls == 5
    assert len(set(bodies)) == 5


async def test_when_the_first_computation_fails_the_waiting_requests_compute_their_own() -> None:
    inner = CountingApp(replayable=True, fail=True)
    app = replaying(inner)
    outcomes = await asyncio.gather(
        *(get(app, "/countries") for _ in range(4)), return_exceptions=True
    )
    assert isinstance(outcomes[0], RuntimeError)
    assert sorted(outcomes[1:]) == [b'{"n": 2}', b'{"n": 3}', b'{"n": 4}']


async def test_the_waiting_requests_are_answered_without_waiting_on_the_first_ones_client() -> None:
    inner = CountingApp(replayable=True)
    app = replaying(inner)
    slow_client = asyncio.Event()
    first = asyncio.create_task(get(app, "/countries", client_reads=slow_client))
    await asyncio.sleep(0)  # the first request is computing
    others = await asyncio.wait_for(asyncio.gather(*(get(app, "/countries") for _ in range(5))), 5)
    assert set(others) == {b'{"n": 1}'}
    assert not first.done()  # its client still reads nothing
    slow_client.set()
    assert await first == b'{"n": 1}'
    assert inner.calls == 1
