"""Where the data lives: SQLAlchemy over SQLite or PostgreSQL, or this process's memory."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.memory import (
    InMemoryCountryReader,
    InMemoryStore,
    InMemoryUnitOfWork,
    InMemoryVersionFeed,
)
from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.adapters.sqlalchemy.repositories import SqlCountryReader
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from countries.adapters.sqlalchemy.versions import PostgresVersionPublisher, SqlVersionFeed
from countries.application.ports import VersionPublisher
from countries.config import Settings


async def _disposing(engine: AsyncEngine) -> AsyncIterator[None]:
    """Close the pooled connections at shutdown."""
    yield
    await engine.dispose()


async def _nothing_to_migrate(_url: str) -> list[str]:
    """An in-memory store starts empty and has no schema to migrate."""
    return []


class _NobodyElse(VersionPublisher):
    """No other process shares an in-memory store: nobody else to tell."""

    async def publish(self, version: int) -> None:
        return None


class SqlStorage(containers.DeclarativeContainer):
    """SQLAlchemy on the database of `COUNTRIES_DATABASE_URL`."""

    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(
        create_engine,
        settings.provided.database_url,
        timeout_seconds=settings.provided.database_timeout_seconds,
    )
    # What units of work and readers open: sessions here, the store in `MemoryStorage`.
    database = providers.Singleton(create_session_factory, engine)
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, database)
    # For the use cases that only read: never waits for a writer on SQLite.
    reading_unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, database, writing=False)
    country_reader = providers.Singleton(SqlCountryReader, database)
    # Other replicas hear of this process's syncs through these two (PostgreSQL NOTIFY and
    # LISTEN, and a read of the version every second on every database).
    other_processes_publisher = providers.Singleton(PostgresVersionPublisher, engine)
    version_feed = providers.Singleton(SqlVersionFeed, engine, country_reader)
    migrate_database = providers.Object(upgrade_database)
    closing = providers.Resource(_disposing, engine)


class MemoryStorage(containers.DeclarativeContainer):
    """Everything in this process's memory (`COUNTRIES_DATABASE_URL=memory://`, and tests).

    Its providers have `SqlStorage`'s names, so it overrides one wholesale.
    """

    settings = providers.Dependency(instance_of=Settings)

    engine: providers.Object[None] = providers.Object(None)
    database = providers.Singleton(InMemoryStore)
    unit_of_work = providers.Factory(InMemoryUnitOfWork, database)
    reading_unit_of_work = unit_of_work  # one lock-free store: reading is no different
    country_reader = providers.Singleton(InMemoryCountryReader, database)
    other_processes_publisher = providers.Singleton(_NobodyElse)
    version_feed = providers.Singleton(InMemoryVersionFeed, database)
    migrate_database = providers.Object(_nothing_to_migrate)
    closing: providers.Object[None] = providers.Object(None)
