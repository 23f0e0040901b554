"""The async engine and session factory, with the per-connection set-up each backend needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import URL, event, make_url
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

# Execution option naming the SQLite BEGIN mode of a transaction ("DEFERRED" when unset).
# Writers ask for "IMMEDIATE": a deferred transaction that reads and then writes cannot
# wait for a concurrent writer (SQLite fails it at once with "database is locked"),
# while BEGIN IMMEDIATE takes the write lock up front and so honours busy_timeout.
SQLITE_BEGIN = "sqlite_begin"
_SQLITE_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout = 15000",  # first, so the pragmas below wait for locks too
    "PRAGMA journal_mode = WAL",  # readers never block the writer, nor the writer them
    "PRAGMA synchronous = NORMAL",  # durable enough under WAL, and much faster than FULL
    "PRAGMA foreign_keys = ON",  # off by default, per connection, in SQLite
)

# Decoding the JSON columns dominated listing all countries with the standard library's
# json (about a third of the time); orjson does it several times faster.
_JSON_CODEC: dict[str, Any] = {
    "json_serializer": lambda value: orjson.dumps(value).decode(),
    "json_deserializer": orjson.loads,
}

_CONNECT_TIMEOUT_SECONDS = 5.0

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}


def async_url(url: str | URL) -> URL:
    """`url` with the async driver this service uses when it names none (sqlite://, postgresql://)."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def create_engine(url: str | URL) -> AsyncEngine:
    """An async engine for a SQLite or PostgreSQL URL, set up for this service."""
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return _create_async_engine(
        parsed,
        **_JSON_CODEC,
        pool_size=5,
        max_overflow=10,
        pool_timeout=10,
        pool_pre_ping=True,  # survive a database restart without failing the first requests
        pool_recycle=1800,  # stay under the idle timeouts of proxies and poolers
        connect_args={
            "server_settings": {"application_name": "countries"},
            # asyncpg waits 60 s by default: a database host that drops packets would hold
            # every request that long before its 503 (README, Health).
            "timeout": _CONNECT_TIMEOUT_SECONDS,
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


def _sqlite_engine(url: URL) -> AsyncEngine:
    file = sqlite_file(url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
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
        for pragma in _SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = str(connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")).upper()
    if mode not in _SQLITE_BEGIN_MODES:
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")
