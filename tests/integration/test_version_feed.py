"""How a process learns of syncs committed by other processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import asyncpg
import pytest
from sqlalchemy import make_url

from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.repositories import SqlCountryReader
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from countries.adapters.sqlalchemy.versions import (
    NOTIFY_CHANNEL,
    PostgresVersionPublisher,
    SqlVersionFeed,
)
from countries.caching.versions import DatasetVersion
from countries.domain.model import SyncState
from tests.polling import eventually

LISTENING = f"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %{NOTIFY_CHANNEL}%'"


async def commit_version(url: str, version: int) -> None:
    """A sync's commit as another process makes it: its own engine, then its publication."""
    engine = create_engine(url)
    try:
        async with SqlAlchemyUnitOfWork(create_session_factory(engine)) as uow:
            await uow.sync_state.save(replace(SyncState(), version=version))
            await uow.commit()
        await PostgresVersionPublisher(engine).publish(version)  # a no-op on SQLite
    finally:
        await engine.dispose()


@asynccontextmanager
async def following(url: str, interval: float) -> AsyncIterator[DatasetVersion]:
    """A feed on its own engine, following into a DatasetVersion until the block ends."""
    engine = create_engine(url)
    reader = SqlCountryReader(create_session_factory(engine))
    known = DatasetVersion(reader)
    task = asyncio.create_task(known.follow(SqlVersionFeed(engine, reader, interval)))
    try:
        await eventually(lambda: known.known() is not None)
        yield known
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await engine.dispose()


async def test_sqlite_a_commit_by_another_process_is_read_at_the_next_poll(
    migrated_sqlite_url: str,
) -> None:
    async with following(migrated_sqlite_url, interval=0.05) as known:
        assert known.known() == 0
        await commit_version(migrated_sqlite_url, 7)
        await eventually(lambda: known.known() == 7)


@pytest.mark.postgres
async def test_postgres_a_commit_by_another_process_is_notified_at_once(
    migrated_postgres_url: str,
) -> None:
    # An hour between polls: only the notification can bring the new version in time.
    async with following(migrated_postgres_url, interval=3600) as known:
        await commit_version(migrated_postgres_url, 41)
        await eventually(lambda: known.known() == 41)


@pytest.mark.postgres
async def test_postgres_the_feed_listens_again_after_losing_its_connection(
    migrated_postgres_url: str,
) -> None:
    url = make_url(migrated_postgres_url)
    admin = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, database=url.database
    )
    try:
        # An hour between polls: only listening again can bring the new version in time.
        async with following(migrated_postgres_url, interval=3600) as known:
            (first,) = [row["pid"] for row in await admin.fetch(LISTENING)]
            await admin.execute("SELECT pg_terminate_backend($1)", first)

            async def listening_again() -> bool:
                pids = [row["pid"] for row in await admin.fetch(LISTENING)]
                return bool(pids) and first not in pids

            await eventually(listening_again)
            await commit_version(migrated_postgres_url, 12)
            await eventually(lambda: known.known() == 12)
    finally:
        await admin.close()


async def test_a_database_that_does_not_answer_is_logged_once_not_every_second(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A one-shot command run earlier in this process may have quieted this logger.
    caplog.set_level(logging.WARNING, logger="countries.adapters.sqlalchemy.outages")
    # Nothing listens on port 9: every listen and every read of the version fails at once.
    engine = create_engine("postgresql+asyncpg://countries@127.0.0.1:9/none")
    reader = SqlCountryReader(create_session_factory(engine))
    known = DatasetVersion(reader)
    task = asyncio.create_task(known.follow(SqlVersionFeed(engine, reader, 0.02)))
    await asyncio.sleep(0.3)  # about fifteen rounds of the feed
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await engine.dispose()
    assert known.known() is None
    # One line for the whole outage, listening and reading alike (the engine's guard's).
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith("the database cannot be reached")
