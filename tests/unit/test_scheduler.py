"""Background tasks: the periodic one runs at once, repeats, backs off; neither dies of a failure."""

from __future__ import annotations

import asyncio
import itertools
import logging

import pytest

from countries.application.errors import SourceNotConfigured, SourceUnavailable, SyncInProgress
from countries.entrypoints.scheduler import LongRunningTask, PeriodicTask


async def test_it_runs_at_once_and_then_every_interval() -> None:
    runs: list[float] = []

    async def job() -> None:
        runs.append(asyncio.get_running_loop().time())

    task = PeriodicTask("test", job, interval=0.05, jitter=0)
    task.start()
    await asyncio.sleep(0.18)
    await task.stop()
    assert 3 <= len(runs) <= 5
    assert all(b - a >= 0.045 for a, b in itertools.pairwise(runs))


async def test_a_failure_is_retried_with_backoff_and_the_schedule_survives() -> None:
    outcomes: list[str] = []

    async def job() -> None:
        if len(outcomes) < 2:
            outcomes.append("failed")
            raise SourceUnavailable("down")
        outcomes.append("ok")

    task = PeriodicTask("test", job, interval=10, first_retry=0.02)
    task.start()
    await asyncio.sleep(0.15)
    await task.stop()
    assert outcomes == ["failed", "failed", "ok"]


async def test_a_run_of_failures_is_one_warning_then_one_line_when_it_succeeds_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs = 0

    async def job() -> None:
        nonlocal runs
        runs += 1
        if runs <= 4:  # as a source given up on says it: the seconds differ each time
            raise SourceUnavailable(f"the source is down (failed after {runs / 10} s)")

    caplog.set_level(logging.DEBUG, logger="countries.entrypoints.scheduler")
    task = PeriodicTask("sync", job, interval=10, first_retry=0.005)
    task.start()
    await asyncio.sleep(0.3)
    await task.stop()
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.INFO]
    assert said == [
        (
            "WARNING",
            "sync failed (attempt 1): the source is down (failed after 0.1 s); retrying with backoff",
        ),
        ("INFO", "sync succeeded again, after 4 failed attempt(s)"),
    ]


async def test_another_sync_holding_the_lock_is_not_a_failure() -> None:
    calls = 0

    async def job() -> None:
        nonlocal calls
        calls += 1
        raise SyncInProgress

    task = PeriodicTask("test", job, interval=0.03, jitter=0, first_retry=10)
    task.start()
    await asyncio.sleep(0.1)
    await task.stop()
    assert calls >= 3, "a skipped run waits the interval, not the failure backoff"


async def test_a_long_running_job_that_fails_is_run_again_until_stopped() -> None:
    started: list[int] = []
    running = asyncio.Event()

    async def job() -> None:
        started.append(len(started))
        if len(started) < 3:
            raise SourceUnavailable("down")
        running.set()
        await asyncio.Event().wait()  # the healthy job runs until cancelled

    task = LongRunningTask("test", job, pause=0.01)
    task.start()
    await asyncio.wait_for(running.wait(), timeout=5)
    await task.stop()
    assert started == [0, 1, 2]


async def test_an_expected_failure_is_one_line_and_a_bug_keeps_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    errors: list[Exception] = [SourceUnavailable("no key"), KeyError("bug")]

    async def job() -> None:
        if errors:
            raise errors.pop(0)

    task = PeriodicTask("sync", job, interval=10, first_retry=0.01)
    with caplog.at_level(logging.WARNING, logger="countries.entrypoints.scheduler"):
        task.start()
        await asyncio.sleep(0.1)
        await task.stop()
    expected, bug = [r for r in caplog.records if r.name == "countries.entrypoints.scheduler"]
    assert "no key" in expected.getMessage()
    assert expected.exc_info is None
    assert bug.exc_info is not None


async def test_no_source_configured_is_one_warning_and_no_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(1)
        raise SourceNotConfigured("COUNTRIES_SOURCE_API_KEY is not set")

    async def meanwhile() -> str:
        return "the service answers from the stored bundled snapshot"

    task = PeriodicTask("sync", job, interval=10, first_retry=0.01, meanwhile=meanwhile)
    with caplog.at_level(logging.DEBUG, logger="countries.entrypoints.scheduler"):
        task.start()
        await asyncio.sleep(0.1)
        await task.stop()
    assert runs == [1]
    (said,) = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert said.levelno == logging.WARNING
    assert "COUNTRIES_SOURCE_API_KEY is not set" in said.getMessage()
    assert "bundled snapshot" in said.getMessage()
