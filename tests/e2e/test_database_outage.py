"""PostgreSQL stops under a running service, then comes back: what clients and the log see.

The server is the test's own (`postgres_process`): the shared one is never stopped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import asyncpg
import httpx2
import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.polling import eventually
from tests.postgres_process import PostgresProcess

pytestmark = pytest.mark.slow

OUTAGE_BEGAN = "the database cannot be reached"
OUTAGE_ENDED = "the database answers again"


@pytest.fixture
def storage() -> str:
    """SQL only: this module stops the database under the app."""
    return "sql"


@pytest.fixture
async def client(
    serve: Serve, settings_for: Callable[..., Settings], postgres_process: PostgresProcess
) -> AsyncIterator[httpx2.AsyncClient]:
    """The app on the test's own PostgreSQL (a plain URL, as a user writes it), seeded."""
    async with serve(settings_for(database_url=postgres_process.url)) as http:
        yield http


def _lines(caplog: pytest.LogCaptureFixture, text: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if text in r.getMessage()]


def _assert_retry_later(answer: httpx2.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/storage-unavailable"
    assert "database" in answer.json()["detail"]
    assert 0 < int(answer.headers["retry-after"]) <= 30


async def test_an_outage_is_a_503_to_retry_logged_once_and_the_service_recovers_by_itself(
    client: httpx2.AsyncClient,
    postgres_process: PostgresProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    cached = await client.get("/countries", params={"name": "argentina"})
    assert cached.status_code == 200
    assert (await client.get("/readyz")).status_code == 200

    postgres_process.stop()
    caplog.clear()
    for _round in range(3):  # every request fails the same way; the log says it once
        # Country queries never asked before are answered from the dataset held in memory.
        fresh = await client.get("/countries", params={"name": "chile", "limit": str(_round + 1)})
        assert (fresh.status_code, fresh.json()["items"][0]["code"]) == (200, "CHL")
        # So is their workbook: the export reads nothing but the held dataset.
        export = await client.get("/countries/export", params={"limit": str(_round + 1)})
        assert (export.status_code, export.content[:2]) == (200, b"PK")
        _assert_retry_later(await client.get("/countries/ARG/activities"))
        _assert_retry_later(await client.post("/admin/sync", headers=ADMIN))
        _assert_retry_later(await client.get("/admin/report-subscriptions", headers=ADMIN))
        _assert_retry_later(await client.get("/readyz"))
        assert (await client.get("/health")).json()["database"] == "unavailable"
        assert (await client.get("/livez")).json() == {"status": "ok"}
        again = await client.get("/countries", params={"name": "argentina"})
        assert (again.status_code, again.content) == (200, cached.content)
    assert len(_lines(caplog, OUTAGE_BEGAN)) == 1
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]
    assert not [r for r in caplog.records if r.exc_info]  # no traceback at all

    postgres_process.start()

    async def answers_again() -> bool:
        answer = await client.get("/countries/ARG/activities")
        return answer.status_code == 200

    await eventually(answers_again, within=20)
    assert (await client.get("/readyz")).status_code == 200
    assert (await client.get("/countries/ARG/activities")).status_code == 200
    assert (await client.get("/admin/report-subscriptions", headers=ADMIN)).status_code == 200
    assert len(_lines(caplog, OUTAGE_BEGAN)) == 1
    ended = _lines(caplog, OUTAGE_ENDED)
    assert [r.levelname for r in ended] == ["INFO"]


async def test_a_server_that_stops_answering_is_the_same_outage_not_a_hang(
    serve: Serve,
    settings_for: Callable[..., Settings],
    postgres_process: PostgresProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = settings_for(database_url=postgres_process.url, database_timeout_seconds=1)
    async with serve(settings) as client:
        assert (await client.get("/countries/ARG/activities")).status_code == 200  # pooled
        caplog.set_level(logging.INFO)
        caplog.clear()
        postgres_process.freeze()  # open connections stay open, and nothing answers
        try:
            # Bounded, so that a hang fails the test rather than holding the run.
            async with asyncio.timeout(60):
                for _round in range(2):
                    _assert_retry_later(await client.get("/countries/ARG/activities"))
                    _assert_retry_later(await client.get("/readyz"))
        finally:
            postgres_process.thaw()

        async def answers_again() -> bool:
            return (await client.get("/countries/ARG/activities")).status_code == 200

        await eventually(answers_again, within=20)
    assert len(_lines(caplog, OUTAGE_BEGAN)) == 1
    assert [r.levelname for r in _lines(caplog, OUTAGE_ENDED)] == ["INFO"]
    assert [r.levelname for r in caplog.records if r.levelno >= logging.WARNING] == ["WARNING"]
    assert not [r for r in caplog.records if r.exc_info]


async def _allow_connections(server: PostgresProcess, allowed: bool) -> None:
    """`ALTER DATABASE postgres ALLOW_CONNECTIONS`, and its open connections cut when not."""
    admin = await asyncpg.connect(server.url.removesuffix("/postgres") + "/template1")
    try:
        await admin.execute(f"ALTER DATABASE postgres ALLOW_CONNECTIONS {str(allowed).lower()}")
        if not allowed:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = 'postgres' AND pid <> pg_backend_pid()"
            )
    finally:
        await admin.close()


async def test_a_database_closed_to_connections_is_the_same_outage(
    client: httpx2.AsyncClient,
    postgres_process: PostgresProcess,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A maintenance window (SQLSTATE 55000 on connecting) is a 503 to retry, not a 500."""
    assert (await client.get("/countries/ARG/activities")).status_code == 200
    caplog.set_level(logging.INFO)
    caplog.clear()
    await _allow_connections(postgres_process, False)
    try:
        for _round in range(2):
            _assert_retry_later(await client.get("/countries/ARG/activities"))
            _assert_retry_later(await client.post("/admin/sync", headers=ADMIN))
            _assert_retry_later(await client.get("/readyz"))
            assert (await client.get("/health")).json()["database"] == "unavailable"
    finally:
        await _allow_connections(postgres_process, True)
    assert (await client.get("/countries/ARG/activities")).status_code == 200
    assert len(_lines(caplog, OUTAGE_BEGAN)) == 1
    assert [r.levelname for r in _lines(caplog, OUTAGE_ENDED)] == ["INFO"]
    assert not [r for r in caplog.records if r.exc_info]
