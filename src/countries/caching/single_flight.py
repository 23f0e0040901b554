"""`SingleFlight`: of concurrent callers doing the same work, the first does it and the rest wait.

After a sync, every cached answer and workbook is stale at once; under load, tens of
requests for the same URL arrive before the first has been answered. Each computing the
same answer costs CPU and, for the full list, tens of megabytes of peak memory that the
allocator keeps. With a `SingleFlight` the first request computes and the others wait for
it, then take what it cached.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager, suppress
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Flight:
    """The first caller's handle on its work for a key."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._release = release

    def release(self) -> None:
        """Release the waiting callers now: the result is cached, or it is known it will not be.

        Callers arriving after this no longer wait for this work: they find its result, or
        start their own.
        """
        self._release()


class SingleFlight(Generic[K]):
    """Work in flight, by key, in this process.

    A caller waits for another's work at most `max_wait_seconds`: when the work hangs (a
    database not answering), each caller then waits for it once, not twice.
    """

    def __init__(self, max_wait_seconds: float = 1.0) -> None:
        self._flights: dict[K, asyncio.Event] = {}
        self._max_wait = max_wait_seconds

    @asynccontextmanager
    async def first_or_wait(self, key: K) -> AsyncIterator[Flight | None]:
        """A `Flight` to the first caller for `key`; None to the others, once it is released.

        The others are not told how it went: they look for its result where the first
        caches it, and do the work themselves when there is none (it failed, was not worth
        keeping, or took longer than they wait).
        """
        released = self._flights.get(key)
        if released is not None:
            with suppress(TimeoutError):
                await asyncio.wait_for(released.wait(), self._max_wait)
            yield None
            return
        released = self._flights[key] = asyncio.Event()

        def release() -> None:
            if self._flights.get(key) is released:
                del self._flights[key]
            released.set()

        try:
            yield Flight(release)
        finally:
            release()

    def __len__(self) -> int:
        """How many keys have work in flight."""
        return len(self._flights)
