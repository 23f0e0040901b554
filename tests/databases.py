"""Fixtures for real databases: a fresh SQLite file or PostgreSQL database per test.

PostgreSQL comes from COUNTRIES_TEST_POSTGRES_URL (a server URL whose database we may
connect to in order to create and drop others). With no server answering, its tests
skip with the reason, except under CI=true, where a skip would hide a broken setup.

Each database is dropped after its test; one left behind by a killed run is dropped by
a later session once it is an hour old (its name carries its creation time).

Test databases are copies of one per-session template whose default collation is a
linguistic one (ICU en-US) where the server has ICU: that is what production servers
tend to have, and it makes the contract tests prove that sorting does not depend on it.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NoReturn

import asyncpg
import pytest
from sqlalchemy import make_url

from countries.adapters.sqlalchemy.migrate import upgrade_database

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEST_DATABASE_PREFIX = "countries_test_"
_STALE_AFTER_SECONDS = 3600  # long past any test run, so concurrent sessions are safe
_CREATED_AT = re.compile(rf"^{TEST_DATABASE_PREFIX}(\d+)_")


def _new_database_name(kind: str = "") -> str:
    return f"{TEST_DATABASE_PREFIX}{int(time.time())}_{kind}{uuid.uuid4().hex[:10]}"


def _server_url() -> str:
    url = make_url(os.environ.get("COUNTRIES_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    # asyncpg wants a libpq-style URL: no "+driver" in the scheme.
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(reason)


async def _admin_connection() -> asyncpg.Connection:
    server = _server_url()
    try:
        return await asyncpg.connect(server, timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        _unavailable(f"no PostgreSQL at {make_url(server)!r}: {exc}")


async def _drop_database(admin: asyncpg.Connection, name: str) -> None:
    # A test that leaked a connection must not leave its database behind.
    await admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = $1 AND pid <> pg_backend_pid()",
        name,
    )
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """An async URL of a SQLite file that does not exist yet, in the test's temp directory."""
    return f"sqlite+aiosqlite:///{tmp_path / 'countries.db'}"


async def _drop_stale_databases(admin: asyncpg.Connection) -> None:
    names = await admin.fetch(
        "SELECT datname FROM pg_database WHERE datname LIKE $1", TEST_DATABASE_PREFIX + "%"
    )
    for (name,) in names:
        created = _CREATED_AT.match(name)
        if created and int(created.group(1)) < time.time() - _STALE_AFTER_SECONDS:
            await _drop_database(admin, name)


async def _create_template(name: str) -> None:
    admin = await _admin_connection()
    try:
        await _drop_stale_databases(admin)
        try:
            await admin.execute(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'"
                " LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
            )
        except asyncpg.PostgresError:  # no ICU (or PostgreSQL < 15): the server's default
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def _drop_template(name: str) -> None:
    admin = await _admin_connection()
    try:
        await _drop_database(admin, name)
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """The name of this session's empty template database, dropped at the end."""
    name = _new_database_name("template_")
    # Outside any test's event loop, so a loop of its own.
    asyncio.run(_create_template(name))
    try:
        yield name
    finally:
        asyncio.run(_drop_template(name))


@pytest.fixture(scope="session")
def postgres_migrated_template(postgres_template: str) -> Iterator[str]:
    """The name of this session's template database migrated to head, dropped at the end."""
    name = _new_database_name("migrated_")

    async def create() -> None:
        admin = await _admin_connection()
        try:
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
        finally:
            await admin.close()
        await upgrade_database(_database_url(name))

    asyncio.run(create())
    try:
        yield name
    finally:
        asyncio.run(_drop_template(name))


def _database_url(name: str) -> str:
    url = make_url(_server_url()).set(drivername="postgresql+asyncpg", database=name)
    return url.render_as_string(hide_password=False)


@asynccontextmanager
async def _copy_of(template: str) -> AsyncIterator[str]:
    admin = await _admin_connection()
    name = _new_database_name()
    try:
        # A copy of a template is much cheaper than a new database plus migrations.
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        yield _database_url(name)
    finally:
        try:
            await _drop_database(admin, name)
        finally:
            await admin.close()


@pytest.fixture
async def postgres_url(postgres_template: str) -> AsyncIterator[str]:
    """An async URL of a fresh, empty PostgreSQL database, dropped after the test."""
    async with _copy_of(postgres_template) as url:
        yield url


@pytest.fixture
async def migrated_postgres_url(postgres_migrated_template: str) -> AsyncIterator[str]:
    """An async URL of a fresh PostgreSQL database migrated to head, dropped after the test."""
    async with _copy_of(postgres_migrated_template) as url:
        yield url


@pytest.fixture
async def migrated_sqlite_url(sqlite_url: str) -> str:
    """`sqlite_url`, migrated to head."""
    await upgrade_database(sqlite_url)
    return sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """An async URL of a fresh, empty database on each backend in turn."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_database_url(request: pytest.FixtureRequest) -> str:
    """A fresh database migrated to head on each backend in turn (tests never use create_all)."""
    url: str = request.getfixturevalue(f"migrated_{request.param}_url")
    return url
