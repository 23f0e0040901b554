"""Alembic's environment: migrate a connection handed over by code, or the configured database.

`countries.adapters.sqlalchemy.migrate` passes its locked connection in
`config.attributes["connection"]`. A bare `alembic` run builds its own engine from
`COUNTRIES_DATABASE_URL`, else `sqlalchemy.url` in alembic.ini. This module reads no
application settings: adapters must not import `countries.config` (import-linter).
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from countries.adapters.sqlalchemy.engine import async_url, create_engine
from countries.adapters.sqlalchemy.tables import metadata

config = context.config


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    # A no-op when the caller already holds a transaction (migrate.py does).
    with context.begin_transaction():
        context.run_migrations()


def _configured_url() -> str:
    url = os.environ.get("COUNTRIES_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set COUNTRIES_DATABASE_URL or sqlalchemy.url in alembic.ini")
    return url


async def _migrate_online(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrate)
            await connection.commit()
    finally:
        await engine.dispose()


def _migrate_offline(url: str) -> None:
    parsed = async_url(url)
    context.configure(
        url=parsed,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=parsed.get_backend_name() == "sqlite",
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


_handed_over = config.attributes.get("connection")
if _handed_over is not None:
    _migrate(_handed_over)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        _migrate_offline(_configured_url())
    else:
        asyncio.run(_migrate_online(_configured_url()))
