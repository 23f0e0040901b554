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


class SingleFlight(Generic[K]):
    """Work in flight, by key, in this process."""

    def __init__(self) -> None:
        self._flights: dict[K, asyncio.Event] = {}

    @asynccontextmanager
    async def first_or_wait(self, key: K) -> AsyncIterator[bool]:
        """True to the caller that should do the work for `key`; False to the others, once it ended.

        The others are not told how it ended: they look for its result where the first
        keeps it, and do the work themselves when there is none (it failed, or was not
        worth keeping).
        """
        flight = self._flights.get(key)
        if flight is not None:
            await flight.wait()
            yield False
            return
        flight = self._flights[key] = asyncio.Event()
        try:
            yield True
        finally:
            del self._flights[key]
            flight.set()

    def __len__(self) -> int:
        """How many keys have work in flight."""
        return len(self._flights)
