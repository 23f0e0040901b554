"""How processes tell each other of the dataset versions their syncs commit.

A sync publishes the version it committed to its own process at once. Others' commits
(replicas, `countries sync`) arrive here:

- PostgreSQL: `PostgresVersionPublisher` sends `NOTIFY` with the new version once the sync
  committed, and a connection held out of the pool `LISTEN`s: every replica knows within
  a round trip of the commit.
- Every database: a read of the version each `interval` seconds, SQLite's only signal
  (for a `countries sync` run beside the server) and PostgreSQL's safety net. When the
  listening connection drops, the feed listens again and reads the version at once, so a
  sync committed while it was down is not missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from countries.adapters.sqlalchemy.outages import Outage, guard_of
from countries.application.errors import StorageUnavailable
from countries.application.ports import CountryReader, VersionPublisher
from countries.caching.versions import VersionFeed

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "countries_dataset_version"
POLL_SECONDS = 1.0


class SqlVersionFeed(VersionFeed):
    """Reads the version every `interval` seconds and, on PostgreSQL, listens for commits."""

    def __init__(
        self, engine: AsyncEngine, reader: CountryReader, interval: float = POLL_SECONDS
    ) -> None:
        self._engine = engine
        self._reader = reader
        self._interval = interval
        self._listens = engine.url.get_driver_name() == "asyncpg"
        self._guard = guard_of(engine)

    async def follow(self, saw: Callable[[int], None]) -> None:
        lost = asyncio.Event()  # set when the listening connection drops
        listening: AsyncConnection | None = None
        # Other failures than an unreachable database: that one is the engine's guard's
        # to log (once for the whole process), these are the feed's own.
        cannot_listen = _feed_outage("cannot listen for syncs", "listening for syncs again")
        cannot_read = _feed_outage("cannot read it", "reading it again")
        try:
            while True:
                if self._listens and not _alive(listening):
                    await _close(listening)
                    listening = None
                    try:
                        async with self._guard.guarding():
                            listening = await self._listen(saw, lost)
                        cannot_listen.ended()
                    except StorageUnavailable:
                        pass
                    except Exception as error:
                        cannot_listen.began(error)
                try:  # after listening again: nothing committed meanwhile goes unseen
                    saw(await self._reader.dataset_version())
                    cannot_read.ended()
                except StorageUnavailable:
                    pass
                except Exception as error:
                    cannot_read.began(error)
                lost.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), self._interval)
        finally:
            await _close(listening)

    async def _listen(self, saw: Callable[[int], None], lost: asyncio.Event) -> AsyncConnection:
        """A connection held out of the pool, listening for syncs; `lost` is set when it drops."""
        connection = await self._engine.connect()
        try:
            driver: Any = (await connection.get_raw_connection()).driver_connection

            def notified(_connection: Any, _pid: int, _channel: str, payload: str) -> None:
                with contextlib.suppress(ValueError):  # not ours: only syncs notify here
                    saw(int(payload))

            await driver.add_listener(NOTIFY_CHANNEL, notified)
            driver.add_termination_listener(lambda _connection: lost.set())
        except BaseException:
            await _close(connection)
            raise
        return connection


class PostgresVersionPublisher(VersionPublisher):
    """NOTIFY every listening replica of a committed version (on PostgreSQL; a no-op elsewhere).

    A failed notification is logged and the feeds' reads of the version (every second)
    bring the news instead: the sync that committed it has succeeded all the same.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._notifies = engine.url.get_backend_name() == "postgresql"

    async def publish(self, version: int) -> None:
        if not self._notifies:
            return
        try:
            async with self._engine.begin() as connection:
                await connection.execute(select(func.pg_notify(NOTIFY_CHANNEL, str(version))))
        except Exception:
            log.warning("dataset version %d: could not notify the other replicas", version)


def _feed_outage(failing: str, recovered: str) -> Outage:
    return Outage(log, f"dataset version: {failing}", f"dataset version: {recovered}")


def _alive(connection: AsyncConnection | None) -> bool:
    if connection is None or connection.closed or connection.invalidated:
        return False
    raw = connection.sync_connection.connection if connection.sync_connection else None
    driver = None if raw is None else raw.driver_connection
    return driver is not None and not driver.is_closed()


async def _close(connection: AsyncConnection | None) -> None:
    """Close a listening connection for good: it must not go back to the pool listening."""
    if connection is None:
        return
    try:
        if not connection.invalidated:
            await connection.invalidate()
        await connection.close()
    except Exception:  # it may be broken already; it is dropped either way
        log.debug("closing the listening connection failed", exc_info=True)
