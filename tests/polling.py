"""Waiting for what another process or a database will do, with a deadline."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable


async def eventually(
    condition: Callable[[], bool | Awaitable[bool]], within: float = 10.0, every: float = 0.02
) -> None:
    """Return once `condition()` holds; TimeoutError after `within` seconds."""
    async with asyncio.timeout(within):
        while True:
            held = condition()
            if await held if inspect.isawaitable(held) else held:
                return
            # Polling, not an Event: the change happens in another process or database.
            await asyncio.sleep(every)


def eventually_sync(
    condition: Callable[[], bool], within: float = 10.0, every: float = 0.1
) -> None:
    """`eventually` for tests that are not coroutines (a server in another process)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {within} s")
        time.sleep(every)
