"""Migrations: every step reversible, the result equal to tables.py, however they are run."""

from __future__ import annotations

import asyncio
import os
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    downgrade_database,
    upgrade_database,
)
from countries.adapters.sqlalchemy.tables import metadata
from tests.integration.migrated import HEAD, REPO, table_names


async def test_every_migration_goes_up_down_and_up_again(database_url: str) -> None:
    """The stairway: each revision upgrades, downgrades to its parent, and upgrades again."""
    revisions = list(reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())))
    assert revisions, "no migrations found"
    for revision in revisions:
        await upgrade_database(database_url, revision.revision)
        await downgrade_database(database_url, "-1")
        await upgrade_database(database_url, revision.revision)
    assert await current_revision(database_url) == HEAD
    await downgrade_database(database_url, "base")
    assert await current_revision(database_url) is None
    assert await table_names(database_url) == {"alembic_version"}


async def test_the_migrated_schema_is_what_tables_py_describes(migrated_database_url: str) -> None:
    engine = create_engine(migrated_database_url)
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": True}), metadata
                )
            )
    finally:
        await engine.dispose()
    assert diff == []


async def test_upgrading_again_is_a_no_op(migrated_database_url: str) -> None:
    await upgrade_database(migrated_database_url)
    assert await current_revision(migrated_database_url) == HEAD


def test_the_shipped_head_is_alembics_head() -> None:
    assert HEAD_REVISION == HEAD


async def test_a_database_at_head_is_checked_without_loading_alembic(
    migrated_database_url: str,
) -> None:
    """What every `countries serve` does first: on a migrated database, one read and no Alembic."""
    check = (
        "import asyncio, sys\n"
        "from countries.adapters.sqlalchemy.migrate import upgrade_database\n"
        "asyncio.run(upgrade_database(sys.argv[1]))\n"
        "print('alembic' in sys.modules)\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", check, migrated_database_url, cwd=REPO, stdout=PIPE, stderr=PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert out.decode().split() == ["False"]


async def test_a_sqlite_file_in_a_missing_directory_is_created_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'not' / 'yet' / 'countries.db'}"  # plain URLs work too

    await upgrade_database(url)

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            mode = await connection.scalar(text("PRAGMA journal_mode"))
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
    finally:
        await engine.dispose()
    assert (mode, foreign_keys) == ("wal", 1)


async def test_bare_alembic_migrates_the_database_named_by_the_environment(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    env = os.environ | {"COUNTRIES_DATABASE_URL": url}
    alembic = [sys.executable, "-m", "alembic", "-c", str(REPO / "alembic.ini"), "upgrade", "head"]

    process = await asyncio.create_subprocess_exec(*alembic, cwd=REPO, env=env, stderr=PIPE)
    _, err = await process.communicate()

    assert process.returncode == 0, err.decode()
    assert await current_revision(url) == HEAD
