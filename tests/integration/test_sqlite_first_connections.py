"""Connections opening a new SQLite database together: every one opens, in WAL mode."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.sqlalchemy.engine import create_engine

RACES = 150
CONNECTIONS = 4


async def _journal_mode(engine: AsyncEngine) -> str:
    async with engine.connect() as connection:
        return str(await connection.scalar(text("PRAGMA journal_mode")))


async def test_connections_opening_a_new_database_together_all_open_in_wal(
    tmp_path: Path,
) -> None:
    """Replicas or tasks starting on a new file at once: none is refused "database is locked".

    SQLite refuses all but one of them the journal mode without waiting; in 150 races of four
    connections, some were always refused before they tried again.
    """
    for race in range(RACES):
        url = f"sqlite:///{tmp_path}/race-{race}.db"
        engines = [create_engine(url) for _ in range(CONNECTIONS)]
        try:
            modes = await asyncio.gather(*(_journal_mode(engine) for engine in engines))
        finally:
            for engine in engines:
                await engine.dispose()
        assert modes == ["wal"] * CONNECTIONS
