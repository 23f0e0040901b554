"""Retrying one upstream request (fetch and decode) with backoff and jitter under a deadline."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from countries.application.errors import SourceUnavailable

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard to try: attempts per request, backoff bounds, and one deadline for a whole fetch."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    deadline: float = 60.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.deadline <= 0 or self.base_delay < 0:
            raise ValueError(
                "a retry policy needs attempts >= 1, a positive deadline and delays >= 0"
            )

    def backoff(self, attempt: int) -> float:
        """The pause after failed attempt `attempt` (1-based): exponential, with equal jitter."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        # Jitter spreads replicas that failed together; it is not security-relevant.
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311


class Retryable(Exception):
    """A failure worth another attempt (transport error, timeout, 429, 5xx)."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Deadline:
    """A point in time shared by every request of one fetch."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self._end - time.monotonic())

    def elapsed(self) -> float:
        """Seconds since the deadline was set."""
        return self._seconds - (self._end - time.monotonic())


async def retrying(
    operation: Callable[[], Awaitable[T]], *, policy: RetryPolicy, deadline: Deadline, what: str
) -> T:
    """The result of `operation`, retried on `Retryable` until it succeeds or time runs out.

    Any other exception (SourceInvalid, SourceUnavailable for a 4xx, ...) passes through at
    once. Giving up raises SourceUnavailable naming the last reason.
    """
    reason = "the deadline had already passed"
    for attempt in range(1, policy.attempts + 1):
        remaining = deadline.remaining()
        if remaining <= 0:
            break
        try:
            async with asyncio.timeout(remaining):
                return await operation()
        except TimeoutError:
            reason = f"no answer within the {policy.deadline:g} s deadline"
            break
        except Retryable as exc:
            reason = exc.reason
            pause = policy.backoff(attempt)
            if exc.retry_after is not None:
                pause = max(pause, exc.retry_after)
        if attempt == policy.attempts:
            break
        if pause >= deadline.remaining():
            reason += (
                f" (the next try, in {pause:.1f} s, would pass the {policy.deadline:g} s deadline)"
            )
            break
        # DEBUG: a retry that succeeds is no news, and one that fails is told once, with
        # the last reason, by whoever reports the SourceUnavailable (never a line per try).
        log.debug(
            "%s: attempt %d of %d failed (%s); retrying in %.2f s",
            what,
            attempt,
            policy.attempts,
            reason,
            pause,
        )
        await asyncio.sleep(pause)
    raise SourceUnavailable(
        f"{what} failed after {attempt} attempt(s) in {deadline.elapsed():.1f} s: {reason}"
    )
