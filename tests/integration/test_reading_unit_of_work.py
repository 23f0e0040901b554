"""The SQL unit of work made for reading: it reads, and refuses to commit."""

from __future__ import annotations

import pytest

from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork


async def test_a_unit_of_work_made_for_reading_reads_and_refuses_to_commit(
    sqlite_url: str,
) -> None:
    await upgrade_database(sqlite_url)
    engine = create_engine(sqlite_url)
    try:
        async with SqlAlchemyUnitOfWork(create_session_factory(engine), writing=False) as uow:
            assert (await uow.sync_state.get()).version == 0
            # Wired to a use case that writes, it says so at once rather than write unlocked.
            with pytest.raises(RuntimeError, match="made for reading"):
                await uow.commit()
    finally:
        await engine.dispose()
