"""Applying the Alembic migrations from code, under a lock, so replicas starting together do not race.

Alembic (with Mako and Pygments) is imported only when there is something to migrate:
every `countries serve` checks the schema, and on a database already at the shipped head
that check is one read of `alembic_version`, a few hundred milliseconds less start-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from countries.adapters.sqlalchemy.engine import SQLITE_BEGIN, create_engine
from countries.adapters.sqlalchemy.outages import guard_of
from countries.application.errors import StorageRefused, StorageUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions (a test checks it against Alembic's own view).
HEAD_REVISION = "0007"

# Any constant every replica agrees on. Advisory locks are scoped to one database, so
# this only ever contends with other migrations of the same database.
_PG_MIGRATION_LOCK = 0x636F756E7472  # "countr" in ASCII

# Alembic keeps the running migration in module globals (`alembic.context`, `alembic.op`),
# so two migrations interleaving on one event loop, even of different databases, would
# run each other's operations: they take turns in-process too. One lock per loop, since
# an asyncio.Lock may only ever be used on one loop.
_IN_PROCESS: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = WeakKeyDictionary()


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the shipped migrations, migrating `connection` when given."""
    from alembic.config import Config

    config = Config()
    # Config values are %-interpolated: a literal % in the path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_database(url: str, revision: str = "head") -> list[str]:
    """Migrate the database at `url` up to `revision`; answer the revisions applied, oldest first.

    A no-op answering [] when the database is there already.
    """
    before = await current_revision(url)
    if revision == "head" and before == HEAD_REVISION:
        return []  # the usual start: nothing to do, so no lock and no Alembic
    _quiet_alembic()  # before the import: importing it sets up its plugins, and says so
    from alembic import command

    await _run_locked(url, lambda config: command.upgrade(config, revision))
    return _between(before, await current_revision(url))


def _between(lower: str | None, upper: str | None) -> list[str]:
    """The revisions after `lower` up to `upper`, oldest first."""
    if upper is None or upper == lower:
        return []
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    walked = script.iterate_revisions(upper, lower or "base")
    return [step.revision for step in reversed(list(walked))]


async def downgrade_database(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision` ("base" empties it)."""
    _quiet_alembic()
    from alembic import command

    await _run_locked(url, lambda config: command.downgrade(config, revision))


async def current_revision(url: str) -> str | None:
    """The revision the database at `url` is at, or None when it was never migrated."""
    engine = create_engine(url)
    try:
        async with _refusals(), guard_of(engine).guarding(), engine.connect() as connection:
            migrated = await connection.run_sync(
                lambda sync: inspect(sync).has_table("alembic_version")
            )
            if not migrated:
                return None
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    finally:
        await engine.dispose()
    return None if version is None else str(version)


@contextlib.asynccontextmanager
async def _refusals() -> AsyncIterator[None]:
    """A server that answers but refuses the connection is a setting to fix: one line naming it.

    (No such database, a wrong password.) The driver's message names neither the password
    nor the whole URL, so it is safe to show.
    """
    try:
        yield
    except StorageUnavailable:
        raise
    except sa_exc.DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        raise StorageRefused(
            f"COUNTRIES_DATABASE_URL: the database refused the connection: {reason}"
        ) from error


def _quiet_alembic() -> None:
    """Alembic's INFO lines (plugins set up, each step) say nothing the caller does not say.

    The caller reports the revisions applied (README.md, "Command line"); a WARNING still shows.
    """
    logging.getLogger("alembic").setLevel(logging.WARNING)


async def _run_locked(url: str, action: Callable[[Config], None]) -> None:
    """Run an Alembic command inside one transaction that first takes the migration lock.

    PostgreSQL: `pg_advisory_xact_lock` in the same transaction as the DDL (which
    PostgreSQL runs transactionally); the lock ends with the transaction, so it cannot
    leak through the pool the way a session-level lock does.
    SQLite: `BEGIN IMMEDIATE` takes the database's write lock up front, so a second
    migrator waits (busy_timeout) until the first commits, then finds the database at
    head. The engine's BEGIN listener makes SQLite DDL transactional for this.
    Either way, whoever waited reads the version table only after the winner committed.
    """
    engine = create_engine(url)
    immediate = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    in_process = _IN_PROCESS.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    guard = guard_of(engine)  # an unreachable database is one line, not a traceback
    try:
        async with in_process, guard.guarding(connecting=False):
            async with _refusals(), guard.guarding():
                connection = await immediate.connect()
            async with contextlib.aclosing(connection), connection.begin():
                if connection.dialect.name == "postgresql":
                    await connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                    )
                await connection.run_sync(lambda sync: action(alembic_config(sync)))
    finally:
        await engine.dispose()
