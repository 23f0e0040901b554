"""Concurrent work on one URL or workbook is done once: `SingleFlight`."""

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from countries.caching.single_flight import SingleFlight

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
    assert list(outcomes[1:]) == [False, False]  # gather answers a list; typeshed says a tuple
    assert events == ["failed", "went on", "went on"]
    assert len(flights) == 0


async def test_callers_after_the_release_do_not_wait_for_the_rest_of_the_work() -> None:
    flights: SingleFlight[str] = SingleFlight()
    finish = asyncio.Event()

    async def first() -> None:
        async with flights.first_or_wait("k") as flight:
            assert flight is not None
            flight.release()  # the result is cached; what is left is, say, writing to a client
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
