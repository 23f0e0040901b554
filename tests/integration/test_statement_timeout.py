"""A statement PostgreSQL does not answer in time is the database unreachable, even inside
a transaction's block, and no other timeout is taken for one (real asyncpg, real server)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.outages import guard_of
from countries.application.errors import StorageUnavailable

pytestmark = pytest.mark.postgres


async def test_a_statement_past_the_timeout_is_storage_unavailable_inside_a_block(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url, timeout_seconds=0.2)
    guard = guard_of(engine)
    try:
        with pytest.raises(StorageUnavailable):
            async with guard.guarding(connecting=False), engine.begin() as connection:
                await connection.execute(text("SELECT pg_sleep(5)"))
        assert guard.failing
        async with guard.guarding(), engine.connect() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1  # the pool recovers
        assert not guard.failing
    finally:
        await engine.dispose()


async def test_another_timeout_inside_a_block_is_not_an_outage(postgres_url: str) -> None:
    engine = create_engine(postgres_url, timeout_seconds=5)
    guard = guard_of(engine)

    async def wait_too_long_inside_a_block() -> None:
        async with guard.guarding(connecting=False), engine.begin() as connection:
            await connection.execute(text("SELECT 1"))
            async with asyncio.timeout(0.01):
                await asyncio.sleep(1)  # the block's own wait, not the database's

    try:
        with pytest.raises(TimeoutError):
            await wait_too_long_inside_a_block()
        assert not guard.failing
    finally:
        await engine.dispose()
