"""Waiting for what another process or a database will do, with a deadline."""

from __future__ import annotations

import asyncio
import inspect
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
