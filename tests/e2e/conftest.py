"""The API through its ASGI app: a container per test, lifespan running.

Every test runs twice: on a fresh SQLite file, and on the in-memory adapters swapped in
with d-i's `override` (a module that needs SQL overrides the `storage` fixture). The report
tests get a real SMTP server on loopback (`smtp`) and settings that send through it
(`mail_settings`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx2
import pytest
from dependency_injector import providers

from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.bootstrap import MemoryStorage, build_container
from countries.config import Settings, load_settings
from countries.entrypoints.http.app import create_app
from tests.asgi_app import started
from tests.mail_server import Smtp

ADMIN_TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

Serve = Callable[[Settings], AbstractAsyncContextManager[httpx2.AsyncClient]]


@pytest.fixture
def settings_for(sqlite_url: str) -> Callable[..., Settings]:
    """Settings on this test's own database, offline; keyword arguments override any setting."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "database_url": sqlite_url,
            "admin_token": ADMIN_TOKEN,
            "sync_interval_seconds": 0,
            "source_url": "http://127.0.0.1:9/countries/v5",  # nothing listens there
            # Not due while a test runs (unless it says otherwise): past the report time, a
            # started app sends today's report at once, racing the test's own sends.
            "report_time": "23:59",
        }
        return load_settings(**(values | overrides))

    return build


@pytest.fixture(params=["sql", "memory"])
def storage(request: pytest.FixtureRequest) -> str:
    """Where the app under test keeps its data: SQL (SQLite here), or in memory."""
    return str(request.param)


@pytest.fixture
def serve(storage: str) -> Serve:
    """Run the app for these settings (migrated, lifespan running) and give a client to it."""

    @asynccontextmanager
    async def running(settings: Settings) -> AsyncIterator[httpx2.AsyncClient]:
        container = build_container(settings)
        if storage == "memory":
            container.storage.override(MemoryStorage(settings=providers.Object(settings)))
        else:
            await upgrade_database(settings.database_url)
        app = create_app(container)
        try:
            async with started(app) as client:
                yield client
        finally:
            container.unwire()

    return running


@pytest.fixture
async def client(
    serve: Serve, settings_for: Callable[..., Settings]
) -> AsyncIterator[httpx2.AsyncClient]:
    """A client of the app on default test settings: offline, seeded from the snapshot."""
    async with serve(settings_for()) as http:
        yield http


@pytest.fixture
def mail_settings(settings_for: Callable[..., Settings], smtp: Smtp) -> Callable[..., Settings]:
    """`settings_for`, with reports sent through `smtp`."""

    def build(**overrides: Any) -> Settings:
        values = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_from": "reports@countries.test",
        }
        return settings_for(**(values | overrides))

    return build
