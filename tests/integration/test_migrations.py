"""Migrations: every step reversible, the result equal to tables.py, and safe to race."""

from __future__ import annotations

import asyncio
import os
import sys
from asyncio.subprocess import PIPE
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Table, insert, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.mapping import country_to_row
from countries.adapters.sqlalchemy.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    downgrade_database,
    upgrade_database,
)
from countries.adapters.sqlalchemy.reports import SqlSubscriptionRepository
from countries.adapters.sqlalchemy.tables import (
    activities,
    countries,
    metadata,
    report_deliveries,
    report_subscriptions,
)
from countries.domain.query import CountryFilter
from tests.fakes import make_country

REPO = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


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
    assert await _tables(database_url) == {"alembic_version"}


T0 = datetime(2026, 12, 1, tzinfo=UTC)
# What a database at revision 0004 holds: a country, its activity, a subscriber and a
# delivery, the last three each referencing the row before (foreign keys).
KEPT: dict[Table, dict[str, Any]] = {
    activities: {"id": 7, "country_code": "ARG", "name": "Hike", "category": "nature"}
    | {"description": None, "city": "El Calafate", "created_at": T0, "updated_at": T0},
    report_subscriptions: {"id": 3, "email": "ana@example.org", "filter_name": None}
    | {"filter_capital": None, "filter_continent": "america", "filter_q": None}
    | {"sort_field": "name", "sort_order": "asc"},
    report_deliveries: {"subscription_id": 3, "day": date(2026, 12, 1), "status": "sent"}
    | {"attempts": 1, "attempted_at": T0, "error": None},
}


def _kept_columns(table: Table) -> Any:
    """The columns revision 0004 had (KEPT's), so the rows read alike at every revision."""
    names = KEPT.get(table)
    return select(*(table.c[name] for name in names)) if names else select(table)


async def _rows_of(url: str, *tables: Table) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {
                table.name: [
                    dict(row) for row in (await connection.execute(_kept_columns(table))).mappings()
                ]
                for table in tables
            }
    finally:
        await engine.dispose()


async def test_revision_0005_up_and_down_keeps_every_row(database_url: str) -> None:
    await upgrade_database(database_url, "0004")
    country = {k: v for k, v in country_to_row(make_country("ARG")).items() if k != "details"}
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(countries).values(country | {"created_at": T0, "updated_at": T0})
            )
            for table, row in KEPT.items():
                await connection.execute(insert(table).values(row))
    finally:
        await engine.dispose()
    before = await _rows_of(database_url, *KEPT)
    assert before == {table.name: [row] for table, row in KEPT.items()}

    await upgrade_database(database_url)
    assert await _rows_of(database_url, *KEPT) == before
    upgraded = (await _rows_of(database_url, countries))["countries"]
    assert [(row["code"], row["details"]) for row in upgraded] == [("ARG", None)]

    await downgrade_database(database_url, "0004")
    assert await _rows_of(database_url, *KEPT) == before
    assert await current_revision(database_url) == "0004"


async def test_a_subscription_stored_before_0006_reads_back_with_its_filters(
    database_url: str,
) -> None:
    await upgrade_database(database_url, "0005")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(report_subscriptions).values(KEPT[report_subscriptions])
            )
        await upgrade_database(database_url)
        async with AsyncSession(engine) as session:
            (stored,) = await SqlSubscriptionRepository(session).list()
    finally:
        await engine.dispose()
    assert (stored.email, stored.filter) == ("ana@example.org", CountryFilter(continent="america"))


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
    assert await _tables(database_url) == {"alembic_version", *metadata.tables}
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
