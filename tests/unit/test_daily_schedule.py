"""The daily report loop on a fake clock: when it runs, the catch-up at start, the retries."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from countries.entrypoints.scheduler import DailyTask

MADRID = ZoneInfo("Europe/Madrid")


class Timeline:
    """A clock that only moves when the task sleeps; stops the task after `until`."""

    def __init__(self, start: datetime, until: datetime) -> None:
        self.now = start
        self.until = until
        self.sleeps: list[float] = []

    def clock(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)
        if self.now >= self.until:
            raise asyncio.CancelledError


def _task(timeline: Timeline, outcomes: list[int], runs: list[tuple[date, datetime]]) -> DailyTask:
    async def job(day: date) -> int:
        runs.append((day, timeline.now))
        return outcomes.pop(0) if outcomes else 0

    return DailyTask("report", job, time(7, 0), MADRID, now=timeline.clock, sleep=timeline.sleep)


async def test_it_waits_for_the_report_time_in_the_zone_and_runs_daily() -> None:
    start = datetime(2026, 11, 28, 5, 0, tzinfo=UTC)  # 06:00 in Madrid
    timeline = Timeline(start, start + timedelta(days=2, hours=1))
    runs: list[tuple[date, datetime]] = []
    with pytest.raises(asyncio.CancelledError):
        await _task(timeline, [], runs).run()
    assert runs == [
        (date(2026, 11, 28), datetime(2026, 11, 28, 6, 0, tzinfo=UTC)),
        (date(2026, 11, 29), datetime(2026, 11, 29, 6, 0, tzinfo=UTC)),
    ]


async def test_a_start_after_the_report_time_catches_up_today_at_once() -> None:
    start = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    timeline = Timeline(start, start + timedelta(hours=20))
    runs: list[tuple[date, datetime]] = []
    with pytest.raises(asyncio.CancelledError):
        await _task(timeline, [], runs).run()
    assert runs == [
        (date(2026, 11, 28), start),
        (date(2026, 11, 29), datetime(2026, 11, 29, 6, 0, tzinfo=UTC)),
    ]


async def test_failures_are_retried_with_backoff_until_none_are_left() -> None:
    start = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    timeline = Timeline(start, start + timedelta(hours=3))
    runs: list[tuple[date, datetime]] = []
    with pytest.raises(asyncio.CancelledError):
        await _task(timeline, [2, 1, 1, 0], runs).run()
    assert [r[0] for r in runs] == [date(2026, 11, 28)] * 4
    gaps = [(b[1] - a[1]).total_seconds() for a, b in itertools.pairwise(runs)]
    assert gaps == [60.0, 120.0, 240.0]
