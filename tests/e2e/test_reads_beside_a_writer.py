"""On SQLite, what only reads never waits for a writer (WAL lets readers go on beside it).

A sync writes the countries in one transaction, and another process (a second worker, a
`countries sync`) may hold the database's write lock for a while: reads of activities,
subscriptions and `/health` still answer at once from the last committed state.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx2
import pytest

from tests.e2e.activities import GLACIER, add
from tests.e2e.conftest import ADMIN

READS = (
    "/countries/ARG/activities",
    "/health",
    "/admin/report-subscriptions",
)


@pytest.mark.parametrize("storage", ["sql"], indirect=True)
async def test_reads_answer_while_another_process_holds_the_write_lock(
    client: httpx2.AsyncClient, tmp_path: Path
) -> None:
    await add(client)
    writer = sqlite3.connect(tmp_path / "countries.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what a sync in another process holds while it writes
    try:
        answers = [await client.get(path, headers=ADMIN) for path in READS]
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert [a.status_code for a in answers] == [200] * len(READS)
    assert [a["name"] for a in answers[0].json()["items"]] == [GLACIER["name"]]
