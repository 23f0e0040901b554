"""Background schedules: the periodic sync and the daily report, calling use cases only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from countries.application.errors import ApplicationError, SourceNotConfigured, SyncInProgress
from countries.domain.reports import local_day

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")
log = logging.getLogger(__name__)


def _describe(error: Exception) -> str:
    """An error in a log line: its message, or its kind when it has none."""
    return str(error) or type(error).__name__


class _BackgroundTask:
    """One named asyncio task running `run()` until stopped."""

    _name: str
    _task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


class LongRunningTask(_BackgroundTask):
    """Run `job`, which runs until cancelled; should it end or fail, run it again a second later."""

    def __init__(self, name: str, job: Callable[[], Awaitable[object]], pause: float = 1.0) -> None:
        self._name = name
        self._job = job
        self._pause = pause

    async def run(self) -> None:
        while True:
            try:
                await self._job()
                log.warning("%s: ended; running it again", self._name)
            except Exception:
                log.exception("%s failed; running it again", self._name)
            await asyncio.sleep(self._pause)


class PeriodicTask(_BackgroundTask):
    """Run `job` now, then every `interval` seconds (with a little jitter) until stopped.

    - A failure is retried with exponential backoff, never above the interval. A failure
      is a WARNING (with its traceback if unexpected) when it begins a run of failures or
      fails otherwise than the last, a DEBUG line when it repeats the last; the first
      success after them is one INFO line.
    - "Another sync is running" is not a failure: that run is skipped.
    - No source configured (no v5 key) is one WARNING naming the fix and what `meanwhile()`
      says serves instead, and the end of the task: a missing setting cannot fix itself.
    """

    def __init__(
        self,
        name: str,
        job: Callable[[], Awaitable[object]],
        interval: float,
        *,
        jitter: float = 0.05,
        first_retry: float = 30.0,
        meanwhile: Callable[[], Awaitable[str]] | None = None,
    ) -> None:
        self._name = name
        self._meanwhile = meanwhile
        self._job = job
        self._interval = interval
        self._jitter = jitter
        self._first_retry = first_retry
        self._last_told = ""  # the last failure logged, to tell a repeat from news

    async def run(self) -> None:
        failures, self._last_told = 0, ""
        while True:
            try:
                await self._job()
                if failures:
                    log.info("%s succeeded again, after %d failed attempt(s)", self._name, failures)
                failures = 0
            except SyncInProgress:
                log.info("%s: skipped, another run holds the lock", self._name)
            except SourceNotConfigured as error:
                await self._give_up(error)
                return
            except Exception as error:
                failures += 1
                self._tell_failure(error, failures)
            await asyncio.sleep(self._next_delay(failures))

    def _tell_failure(self, error: Exception, failures: int) -> None:
        """A failure that is news a WARNING, one repeating the last DEBUG: no flood."""
        # Expected (source down, data refused): one line; a bug keeps its traceback.
        expected = isinstance(error, ApplicationError)
        # Numbers aside: a retry's elapsed seconds and pauses differ from one to the next.
        kind = f"{type(error).__name__}: {_NUMBERS.sub('#', str(error))}"
        news = failures == 1 or kind != self._last_told
        self._last_told = kind
        level = logging.WARNING if news else logging.DEBUG
        log.log(
            level,
            "%s failed (attempt %d)%s; retrying with backoff",
            self._name,
            failures,
            f": {_describe(error)}" if expected else "",
            exc_info=None if expected else error,
        )

    async def _give_up(self, error: SourceNotConfigured) -> None:
        meanwhile = ""
        if self._meanwhile is not None:
            try:
                meanwhile = f"; meanwhile {await self._meanwhile()}"
            except Exception:  # what serves is a courtesy: never lose the warning over it
                log.debug("could not tell what serves meanwhile", exc_info=True)
        log.warning("%s is off: %s%s", self._name, _describe(error), meanwhile)

    def _next_delay(self, failures: int) -> float:
        if failures:
            return min(self._interval, self._first_retry * 2.0 ** (failures - 1))
        spread = self._interval * self._jitter
        return self._interval + random.uniform(-spread, spread)  # noqa: S311 - not cryptographic


def _seconds_until(target: datetime, now: datetime) -> float:
    # In UTC: aware datetimes sharing one tzinfo subtract as wall times, wrong across DST.
    return max(0.0, (target.astimezone(UTC) - now.astimezone(UTC)).total_seconds())


class DailyTask(_BackgroundTask):
    """Run `job(day)` every day at `at` in `zone`; `job` answers how many deliveries failed.

    - At start, if today's time has passed, today's run happens at once: a day missed while
      the service was down is caught up (the job itself skips what was already done).
    - Failures are retried with exponential backoff (from `first_retry`, at most
      `max_retry`) until none are left or the next day's run is due.
    """

    def __init__(
        self,
        name: str,
        job: Callable[[date], Awaitable[int]],
        at: time,
        zone: tzinfo,
        *,
        now: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        first_retry: float = 60.0,
        max_retry: float = 3600.0,
    ) -> None:
        self._name = name
        self._job = job
        self._at = at
        self._zone = zone
        self._now = now or (lambda: datetime.now(UTC))
        self._sleep = sleep
        self._first_retry = first_retry
        self._max_retry = max_retry

    def _due(self, day: date) -> datetime:
        return datetime.combine(day, self._at, tzinfo=self._zone)

    async def run(self) -> None:
        day = local_day(self._now(), self._zone)
        while True:
            await self._sleep(_seconds_until(self._due(day), self._now()))
            await self._run_day(day)
            day = max(day + timedelta(days=1), local_day(self._now(), self._zone))

    async def _run_day(self, day: date) -> None:
        next_due = self._due(day + timedelta(days=1))
        attempt = 0
        while True:
            try:
                failed = await self._job(day)
            except ApplicationError as error:  # expected (mail server down): one line
                log.warning("%s for %s failed: %s", self._name, day, _describe(error))
                failed = 1
            except Exception:
                log.exception("%s for %s failed", self._name, day)
                failed = 1
            if not failed:
                return
            delay = min(self._max_retry, self._first_retry * 2.0**attempt)
            attempt += 1
            if _seconds_until(next_due, self._now()) <= delay:
                log.warning(
                    "%s for %s: %d still failed; giving up for the day", self._name, day, failed
                )
                return
            log.info("%s for %s: %d failed; retrying in %.0f s", self._name, day, failed, delay)
            await self._sleep(delay)
