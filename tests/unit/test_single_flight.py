"""Concurrent work on one URL or workbook is done once: `SingleFlight` and the replay layer on it."""

import asyncio
from collections.abc import Awaitable

from fastapi import FastAPI, Request, Response
from hypothesis import given
from hypothesis import strategies as st
from starlette.types import Message

from countries.application.single_flight import SingleFlight
from countries.entrypoints.http.responses import (
    KeptAnswers,
    ReplayCachedReads,
    etag_of,
    versioned_json,
)

# Every test bounds its wait: a waiter never released fails it instead of hanging the suite.
BOUND = 5


@given(st.lists(st.sampled_from("abc"), min_size=1, max_size=30))
def test_one_caller_per_key_works_and_the_others_wait_for_it(keys: list[str]) -> None:
    async def scenario() -> None:
        flights: SingleFlight[str] = SingleFlight()
        finished: set[str] = set()
        waited: dict[str, list[bool]] = {}

        async def call(key: str) -> bool:
            async with flights.first_or_wait(key) as flight:
                if flight is not None:
                    await asyncio.sleep(0.001)
                    finished.add(key)
                else:
                    waited.setdefault(key, []).append(key in finished)
                return flight is not None

        firsts = await asyncio.wait_for(asyncio.gather(*(call(k) for k in keys)), BOUND)
        working = [k for k, first in zip(keys, firsts, strict=True) if first]
        assert sorted(working) == sorted(set(keys))  # exactly one caller per key
        assert all(all(after) for after in waited.values())  # the rest, after it
        assert len(flights) == 0

    asyncio.run(scenario())


async def test_when_the_first_fails_the_others_go_on_only_after_it() -> None:
    flights: SingleFlight[str] = SingleFlight()
    events: list[str] = []

    async def failing() -> None:
        async with flights.first_or_wait("k"):
            await asyncio.sleep(0.01)
            events.append("failed")
            raise RuntimeError("the database went away")

    async def waiting() -> bool:
        async with flights.first_or_wait("k") as flight:
            events.append("went on")
            return flight is not None

    outcomes = await asyncio.wait_for(
        asyncio.gather(failing(), waiting(), waiting(), return_exceptions=True), BOUND
    )
    assert isinstance(outcomes[0], RuntimeError)
    assert outcomes[1:] == [False, False]
    assert events == ["failed", "went on", "went on"]
    assert len(flights) == 0


async def test_callers_after_the_landing_do_not_wait_for_the_rest_of_the_work() -> None:
    flights: SingleFlight[str] = SingleFlight()
    finish = asyncio.Event()

    async def first() -> None:
        async with flights.first_or_wait("k") as flight:
            assert flight is not None
            flight.land()  # the result is kept; what is left is, say, writing to a client
            await finish.wait()

    working = asyncio.create_task(first())
    await asyncio.sleep(0)
    async with flights.first_or_wait("k") as later:
        assert later is not None  # its own flight, at once
    finish.set()
    await working


async def test_a_caller_waits_for_work_that_hangs_only_as_long_as_it_is_allowed() -> None:
    flights: SingleFlight[str] = SingleFlight(max_wait_seconds=0.05)
    hang = asyncio.Event()

    async def hanging() -> None:
        async with flights.first_or_wait("k"):
            await hang.wait()

    working = asyncio.create_task(hanging())
    await asyncio.sleep(0)
    async with asyncio.timeout(BOUND), flights.first_or_wait("k") as flight:
        assert flight is None  # it waited, gave up, and does the work itself
    assert not working.done()
    hang.set()
    await working


def read_api(*, fail_first: bool = False) -> tuple[FastAPI, list[str]]:
    """Two slow routes, one replayable (the way the countries routes answer), one not."""
    calls: list[str] = []
    api = FastAPI()

    @api.get("/countries")
    async def countries(request: Request) -> Response:
        calls.append("countries")
        n = len(calls)
        await asyncio.sleep(0.01)  # the other requests arrive meanwhile
        if fail_first and n == 1:
            raise RuntimeError("first computation failed")
        return versioned_json(request, 7, f'{{"n": {n}}}'.encode())

    @api.get("/health")
    async def health() -> dict[str, int]:
        calls.append("health")
        n = len(calls)
        await asyncio.sleep(0.01)
        return {"n": n}

    return api, calls


def replaying(api: FastAPI) -> ReplayCachedReads:
    async def version() -> int:
        return 7

    # Waiting requests are released by the first one's answer alone, never by their bound.
    return ReplayCachedReads(
        api, answers=KeptAnswers(), known=lambda: 7, version=version, max_wait_seconds=60
    )


async def get(
    app: ReplayCachedReads,
    path: str,
    headers: dict[str, str] | None = None,
    client_reads: asyncio.Event | None = None,
) -> tuple[int, bytes]:
    """GET `path`: the status and body; with `client_reads`, a client that reads nothing until set."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        if client_reads is not None:
            await client_reads.wait()
        sent.append(message)

    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": raw,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("countries.test", 80),
        "root_path": "",
    }
    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def gather(*requests: Awaitable[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    return list(await asyncio.wait_for(asyncio.gather(*requests), BOUND))


async def test_concurrent_first_reads_of_a_url_compute_its_answer_once() -> None:
    api, calls = read_api()
    app = replaying(api)
    answers = await gather(*(get(app, "/countries") for _ in range(20)))
    assert calls == ["countries"]
    assert set(answers) == {(200, b'{"n": 1}')}


async def test_a_first_read_answered_304_is_kept_for_the_others() -> None:
    api, calls = read_api()
    app = replaying(api)
    etag = {"If-None-Match": etag_of(b'{"n": 1}')}  # a client revalidating what it had
    first, *others = await gather(
        get(app, "/countries", headers=etag), *(get(app, "/countries") for _ in range(5))
    )
    assert first == (304, b"")
    assert set(others) == {(200, b'{"n": 1}')}
    assert calls == ["countries"]


async def test_answers_that_are_not_replayable_are_computed_for_every_request() -> None:
    api, calls = read_api()
    app = replaying(api)
    answers = await gather(*(get(app, "/health") for _ in range(5)))
    assert calls == ["health"] * 5
    assert len(set(answers)) == 5


async def test_when_the_first_computation_fails_the_waiting_requests_compute_their_own() -> None:
    api, calls = read_api(fail_first=True)
    app = replaying(api)
    outcomes = await asyncio.wait_for(
        asyncio.gather(*(get(app, "/countries") for _ in range(4)), return_exceptions=True),
        BOUND,
    )
    assert isinstance(outcomes[0], RuntimeError)
    assert sorted(outcomes[1:]) == [(200, b'{"n": 2}'), (200, b'{"n": 3}'), (200, b'{"n": 4}')]
    assert calls == ["countries"] * 4  # one failed; each waiting request then computed once


async def test_the_waiting_requests_are_answered_without_waiting_on_the_first_ones_client() -> None:
    api, calls = read_api()
    app = replaying(api)
    slow_client = asyncio.Event()
    first = asyncio.create_task(get(app, "/countries", client_reads=slow_client))
    await asyncio.sleep(0)  # the first request is computing
    others = await gather(*(get(app, "/countries") for _ in range(5)))
    assert set(others) == {(200, b'{"n": 1}')}
    assert not first.done()  # its client still reads nothing
    slow_client.set()
    assert await first == (200, b'{"n": 1}')
    assert calls == ["countries"]
