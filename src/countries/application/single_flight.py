"""`SingleFlight`: of concurrent callers doing the same work, the first does it and the rest wait.

After a sync, every cached answer and workbook is stale at once; under load, tens of
requests for the same URL arrive before the first has been answered. Each computing the
same answer costs CPU and, for the full list, tens of megabytes of peak memory that the
allocator keeps. With a `SingleFlight` the first request computes and the others wait for
it, then take what it kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Flight:
    """One caller's part in the work on a key: doing it (`first`), or having waited for it."""

    def __init__(self, first: bool, landed: asyncio.Event) -> None:
        self.first = first
        self._landed = landed

    def land(self) -> None:
        """Release the waiting callers now: the result is kept (or will not be), before the end."""
        self._landed.set()


class SingleFlight(Generic[K]):
    """Work in flight, by key, in this process."""

    def __init__(self) -> None:
        self._flights: dict[K, asyncio.Event] = {}

    @asynccontextmanager
    async def first_or_wait(self, key: K) -> AsyncIterator[Flight]:
        """The first caller for `key` does the work; the others wait until it lands or ends.

        The others are not told how it ended: they look for its result where the first
        keeps it, and do the work themselves when there is none (it failed, or was not
        worth keeping).
        """
        landed = self._flights.get(key)
        if landed is not None:
            await landed.wait()
            yield Flight(False, landed)
            return
        landed = self._flights[key] = asyncio.Event()
        try:
            yield Flight(True, landed)
        finally:
            del self._flights[key]
            landed.set()

    def __len__(self) -> int:
        """How many keys have work in flight."""
        return len(self._flights)
