"""The periodic sync: one asyncio task per process, calling the sync use case only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable

from countries.application.errors import SyncInProgress

log = logging.getLogger(__name__)


class PeriodicTask:
    """Run `job` now, then every `interval` seconds (with a little jitter) until stopped.

    - A failure is logged and retried with exponential backoff, never above the interval.
    - "Another sync is running" is not a failure: that run is skipped.
    """

    def __init__(
        self,
        name: str,
        job: Callable[[], Awaitable[object]],
        interval: float,
        *,
        jitter: float = 0.05,
        first_retry: float = 30.0,
    ) -> None:
        self._name = name
        self._job = job
        self._interval = interval
        self._jitter = jitter
        self._first_retry = first_retry
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self._job()
                failures = 0
            except SyncInProgress:
                log.info("%s: skipped, another run holds the lock", self._name)
            except Exception:
                failures += 1
                log.exception("%s failed (attempt %d); retrying with backoff", self._name, failures)
            await asyncio.sleep(self._next_delay(failures))

    def _next_delay(self, failures: int) -> float:
        if failures:
            return min(self._interval, self._first_retry * 2.0 ** (failures - 1))
        spread = self._interval * self._jitter
        return self._interval + random.uniform(-spread, spread)  # noqa: S311 - not cryptographic
