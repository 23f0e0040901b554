"""The contract suite's fixture: each country-store adapter in turn, on a fresh store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import delete

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore, InMemoryUnitOfWork
from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.repositories import SqlCountryReader
from countries.adapters.sqlalchemy.tables import metadata
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from countries.application.ports import CountryReader, UnitOfWork


@dataclass(frozen=True)
class Store:
    """One adapter family behind the ports: units of work, a reader, and a way to empty it."""

    name: str
    unit_of_work: Callable[[], UnitOfWork]
    reader: CountryReader
    clear: Callable[[], Awaitable[None]]


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str | None:
    """The URL of a fresh, migrated database for the SQL adapters, None for the in-memory ones."""
    if request.param == "memory":
        return None
    url: str = request.getfixturevalue(f"migrated_{request.param}_url")
    return url


@pytest.fixture
async def store(store_url: str | None) -> AsyncIterator[Store]:
    """A fresh, empty store of each adapter family (SQL ones on a migrated schema)."""
    if store_url is None:
        memory = InMemoryStore()

        async def clear_memory() -> None:
            memory.overwrite_with(InMemoryStore())

        yield Store(
            "memory",
            lambda: InMemoryUnitOfWork(memory),
            InMemoryCountryReader(memory),
            clear_memory,
        )
        return

    engine = create_engine(store_url)
    sessions = create_session_factory(engine)

    async def clear_sql() -> None:
        async with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):  # children before parents
                await connection.execute(delete(table))

    try:
        yield Store(
            engine.dialect.name,
            lambda: SqlAlchemyUnitOfWork(sessions),
            SqlCountryReader(sessions),
            clear_sql,
        )
    finally:
        await engine.dispose()
