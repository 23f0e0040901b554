"""Fuzz every route from the app's own OpenAPI schema: no input may produce a 5xx.

The app runs in a real uvicorn server on loopback (its own thread and event loop,
lifespan included) and schemathesis runs all its checks against every operation,
once with the admin token and once without it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import schemathesis
import uvicorn
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink
from hypothesis import HealthCheck, settings

from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.bootstrap import build_container
from countries.config import load_settings
from countries.entrypoints.http.app import create_api, create_app
from tests.e2e.conftest import ADMIN, ADMIN_TOKEN
from tests.ports import free_port
from tests.upstream import FakeRestCountries

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase  # Case[OpenApiOperation]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real API on loopback, seeded from the snapshot, syncing from the local upstream."""
    database = Path(tmp_path_factory.mktemp("fuzz")) / "countries.db"
    smtp = Controller(Sink(), hostname="127.0.0.1", port=free_port())  # reports go somewhere
    smtp.start()
    with FakeRestCountries.from_fixtures() as upstream:
        app_settings = load_settings(
            smtp_host=smtp.hostname,
            smtp_port=smtp.port,
            database_url=f"sqlite:///{database}",
            admin_token=ADMIN_TOKEN,
            sync_interval_seconds=0,
            source_url=upstream.v31_url,
        )
        asyncio.run(upgrade_database(app_settings.database_url))
        container = build_container(app_settings)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(container), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.started, "the API did not start"
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(10)
        container.unwire()
    smtp.stop()


def _openapi_document() -> dict[str, object]:
    """The app's own OpenAPI document, read without starting anything."""
    container = build_container(load_settings(database_url="sqlite:///:memory:"))
    try:
        return create_api(container).openapi()
    finally:
        container.unwire()


schema = schemathesis.openapi.from_dict(_openapi_document())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_as_admin_produces_a_server_error_or_breaks_the_schema(
    case: OpenApiCase, base_url: str
) -> None:
    # Sending the report renders one workbook per subscription the fuzzer made: allow it time.
    case.call_and_validate(base_url=base_url, headers=ADMIN, timeout=60)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_anonymous_input_produces_a_server_error_or_breaks_the_schema(
    case: OpenApiCase, base_url: str
) -> None:
    case.call_and_validate(base_url=base_url, timeout=60)
