"""The async engine and session factory, with the per-connection set-up each backend needs."""

from __future__ import annotations

import re
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import URL, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

from countries.adapters.sqlalchemy.postgres_url import asyncpg_parameters, refusal_of_parameters
from countries.application.errors import StorageRefused

# Execution option naming the SQLite BEGIN mode of a transaction ("DEFERRED" when unset).
# Writers ask for "IMMEDIATE": a deferred transaction that reads and then writes cannot
# wait for a concurrent writer (SQLite fails it at once with "database is locked"),
# while BEGIN IMMEDIATE takes the write lock up front and so honours busy_timeout.
SQLITE_BEGIN = "sqlite_begin"
_SQLITE_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})

_BUSY_TIMEOUT = "PRAGMA busy_timeout = 15000"  # first, so what follows waits for locks too
_WAL = "PRAGMA journal_mode = WAL"  # readers never block the writer, nor the writer them
_WAL_WAIT_SECONDS = 5.0
_SQLITE_PRAGMAS = (
    "PRAGMA synchronous = NORMAL",  # durable enough under WAL, and much faster than FULL
    "PRAGMA foreign_keys = ON",  # off by default, per connection, in SQLite
)

# Decoding the JSON columns dominated listing all countries with the standard library's
# json (about a third of the time); orjson does it several times faster.
_JSON_CODEC: dict[str, Any] = {
    "json_serializer": lambda value: orjson.dumps(value).decode(),
    "json_deserializer": orjson.loads,
}

# How long a connection attempt may take when the caller sets no timeout (migrations).
_CONNECT_TIMEOUT_SECONDS = 5.0

_SQLITE_ASYNC = "sqlite+aiosqlite"
_POSTGRES_ASYNC = "postgresql+asyncpg"
# The driver each URL runs on. A bare name gets the async driver; so does a common sync
# driver of the same database (a URL copied from another tool's settings): it names the
# same database, and the asyncio engine could not use the sync driver anyway.
_ASYNC_DRIVERS = {
    "sqlite": _SQLITE_ASYNC,
    "sqlite+pysqlite": _SQLITE_ASYNC,
    "sqlite+aiosqlite": _SQLITE_ASYNC,
    "postgres": _POSTGRES_ASYNC,
    "postgresql": _POSTGRES_ASYNC,
    "postgresql+psycopg2": _POSTGRES_ASYNC,
    "postgresql+psycopg": _POSTGRES_ASYNC,
    "postgresql+pg8000": _POSTGRES_ASYNC,
    "postgresql+asyncpg": _POSTGRES_ASYNC,
}
_DRIVERS_THAT_WORK = (
    "sqlite:// or postgresql:// alone, or with the driver aiosqlite or pysqlite (SQLite), "
    "asyncpg, psycopg2, psycopg or pg8000 (PostgreSQL)"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def async_url(url: str | URL) -> URL:
    """`url` on the async driver this service uses (unchanged for a driver it does not know)."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver == _POSTGRES_ASYNC:
        return asyncpg_parameters(parsed.set(drivername=driver))
    return parsed.set(drivername=driver) if driver else parsed


def usable_async_url(text: str) -> URL:
    """`text` as `async_url` makes it; ValueError saying why it cannot work, never its password."""
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):  # a port that is not a number is a ValueError
        raise ValueError("not a database URL (try sqlite:///./countries.db or memory://)") from None
    if parsed.drivername not in _ASYNC_DRIVERS:
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError("only sqlite:/// and postgresql:// databases are supported")
        raise ValueError(
            f"the driver {parsed.get_driver_name()!r} is not supported (use {_DRIVERS_THAT_WORK})"
        )
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise ValueError(f"port {parsed.port} is out of range 1..65535")
    part = _part_with_control_character(parsed)
    if part is not None:
        raise ValueError(f"the {part} holds a control character")
    refusal = refusal_of_parameters(parsed) if parsed.get_backend_name() == "postgresql" else None
    if refusal is not None:
        raise ValueError(refusal)
    return async_url(parsed)


def _part_with_control_character(url: URL) -> str | None:
    # The drivers trip on these only at the first connection, with a traceback (SQLite's
    # "embedded null byte"); none is ever meant in a database name, host, user or password.
    parts = {"user name": url.username, "password": url.password, "host": url.host}
    parts["database"] = url.database
    parts |= {f"{key} parameter": str(value) for key, value in url.query.items()}
    return next((name for name, text in parts.items() if text and _CONTROL.search(text)), None)


def create_engine(url: str | URL, *, timeout_seconds: float | None = None) -> AsyncEngine:
    """An async engine for a SQLite or PostgreSQL URL, set up for this service.

    On PostgreSQL, `timeout_seconds` bounds each connection attempt and each statement
    (`outages` reports either as the database unreachable); None leaves statements
    unbounded, for migrations, which wait for one another's lock.
    """
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    application_name = parsed.query.get("application_name", "countries")
    return _create_async_engine(
        parsed.difference_update_query(["application_name"]),
        **_JSON_CODEC,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        pool_pre_ping=True,  # survive a database restart without failing the first requests
        pool_recycle=1800,  # stay under the idle timeouts of proxies and poolers
        connect_args={
            "server_settings": {"application_name": str(application_name)},
            # asyncpg waits 60 s for a connection and for ever for a statement: a server
            # that stops answering (frozen, or its host dropping packets) would hold every
            # request on it that long before its 503 (README.md, "Database down").
            "timeout": timeout_seconds or _CONNECT_TIMEOUT_SECONDS,
            "command_timeout": timeout_seconds,
        },
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose loaded state survives commit (nothing lazy-loads in async code)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite database URL; None for a database in memory (or a `file:` URI)."""
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database)
    return None


def _check_sqlite_file(file: Path) -> None:
    """Make the file's directory, and see that the file and its WAL files can be written.

    A path that cannot be is a setting to fix, said once: SQLite would report it at every
    connection as "unable to open database file", which reads as an outage to wait out.
    The file itself is left for SQLite to make: an empty one made here, met by several
    first connections at once, had them race to set its journal mode ("database is locked").
    """
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageRefused(
            f"COUNTRIES_DATABASE_URL: cannot make the directory {file.parent} of the "
            f"SQLite database: {error.strerror or error}"
        ) from error
    try:
        if file.exists():
            with file.open("r+b"):
                pass
        # WAL keeps two files beside the database (`-wal`, `-shm`): the directory must
        # take new files, even for a database that exists.
        with tempfile.TemporaryFile(dir=file.parent):
            pass
    except OSError as error:
        raise StorageRefused(
            f"COUNTRIES_DATABASE_URL: cannot open the SQLite database {file} for writing: "
            f"{error.strerror or error}"
        ) from error


def _sqlite_engine(url: URL) -> AsyncEngine:
    file = sqlite_file(url)
    if file is not None:
        _check_sqlite_file(file)
    engine = _create_async_engine(url, **_JSON_CODEC)
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Stop the driver from issuing its own BEGIN (and from committing before DDL):
    # _on_sqlite_begin does it, so DDL is transactional and the BEGIN mode is ours.
    # This is SQLAlchemy's documented recipe for pysqlite/aiosqlite transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_BUSY_TIMEOUT)
        _set_wal(cursor)
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _set_wal(cursor: Any) -> None:
    """Put the database in WAL mode, trying again while SQLite refuses it without waiting.

    Connections opening a new database together race to set its journal mode: each holds
    the lock another needs, so SQLite answers all but one "database is locked" at once,
    never calling the busy handler; tried again, they find WAL set (at most four tries in
    300 races of three here). The pauses block the event loop this runs on, for a few
    milliseconds at a new database's first connections only: a database in WAL mode
    already takes the pragma without a lock.
    """
    deadline = time.monotonic() + _WAL_WAIT_SECONDS
    pause = 0.001
    while True:
        try:
            cursor.execute(_WAL)
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # SQLITE_BUSY_* too
            if code != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def _on_sqlite_begin(connection: Connection) -> None:
    mode = str(connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")).upper()
    if mode not in _SQLITE_BEGIN_MODES:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
