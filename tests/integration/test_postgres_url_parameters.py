"""A PostgreSQL URL copied from psql or another tool: libpq's parameters work as there."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from countries.adapters.sqlalchemy.engine import create_engine
from countries.config import load_settings

pytestmark = pytest.mark.postgres


async def test_sslmode_and_application_name_are_read_as_libpq_reads_them(
    postgres_url: str,
) -> None:
    url = load_settings(
        database_url=f"{postgres_url}?sslmode=disable&application_name=reporting"
    ).database_url
    engine = create_engine(url, timeout_seconds=5)
    try:
        async with engine.connect() as connection:
            seen = await connection.execute(
                text(
                    "SELECT current_setting('application_name'),"
                    " (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())"
                )
            )
            assert seen.one() == ("reporting", False)
    finally:
        await engine.dispose()
