"""Migrations are safe to race: replicas or tasks migrating at once leave one schema, once."""

from __future__ import annotations

import asyncio
import sys
from asyncio.subprocess import PIPE

from sqlalchemy import text

from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.migrate import current_revision, upgrade_database
from countries.adapters.sqlalchemy.tables import metadata
from tests.integration.migrated import HEAD, REPO, table_names

# A replica: imports, says it is ready, and migrates when told to go.
REPLICA = """
import asyncio, sys
from countries.adapters.sqlalchemy.migrate import upgrade_database
print("ready", flush=True)
sys.stdin.readline()
asyncio.run(upgrade_database(sys.argv[1]))
"""


async def _migrate_in_processes_at_once(url: str, replicas: int) -> None:
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", REPLICA, url, cwd=REPO, stdin=PIPE, stdout=PIPE, stderr=PIPE
        )
        for _ in range(replicas)
    ]
    for process in processes:  # a barrier, so the migrations really start together
        assert process.stdout is not None
        assert await process.stdout.readline() == b"ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
    outcomes = await asyncio.gather(*(process.communicate() for process in processes))
    failures = [
        err.decode() for (_, err), p in zip(outcomes, processes, strict=True) if p.returncode
    ]
    assert failures == []


async def _assert_migrated_once(database_url: str) -> None:
    assert await current_revision(database_url) == HEAD
    assert await table_names(database_url) == {"alembic_version", *metadata.tables}
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            versions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).all()
    finally:
        await engine.dispose()
    assert versions == [(HEAD,)]


async def test_replicas_migrating_at_once_all_succeed_with_one_schema(database_url: str) -> None:
    await _migrate_in_processes_at_once(database_url, replicas=3)
    await _assert_migrated_once(database_url)


async def test_concurrent_migrations_in_one_process_take_turns(database_url: str) -> None:
    await asyncio.gather(*(upgrade_database(database_url) for _ in range(3)))
    await _assert_migrated_once(database_url)
