"""A database an older release seeded from the snapshot serves the full record once upgraded.

The release before revision 0005 kept no details. After the upgrade and a restart, with
no live source answering, the seed re-applies the snapshot: every country gets its
details, the dataset version rises once, activities stay, and the next restart changes
nothing (README, "Where the data comes from").
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx2
from dependency_injector import providers
from sqlalchemy import insert

from countries.adapters.snapshot import BundledSnapshotSource
from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.mapping import country_to_row
from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.adapters.sqlalchemy.tables import activities, countries, sync_state
from countries.bootstrap import Container, build_container
from countries.config import load_settings
from countries.domain.model import Country
from countries.domain.record import CountryDetails, Idd
from countries.entrypoints.http.app import create_app
from tests.asgi_app import started
from tests.fakes import ScriptedSource, make_country

T0 = datetime(2026, 11, 30, tzinfo=UTC)
SNAPSHOT_NAME = BundledSnapshotSource().name
FULL = [
    make_country(code, details=CountryDetails(tld=(f".{code.lower()}",), idd=Idd(root="+5")))
    for code in ("ARG", "BRA", "CHL")
]


def as_written_before_0005(country: Country) -> dict[str, Any]:
    row = country_to_row(country)
    del row["details"]
    return row | {"created_at": T0, "updated_at": T0}


async def _left_by_an_older_release(url: str) -> None:
    """The database a release at revision 0004 leaves: seeded, no details, one activity."""
    await upgrade_database(url, "0004")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(countries), [as_written_before_0005(c) for c in FULL])
            await connection.execute(
                insert(sync_state).values(id=1, version=3, source=SNAPSHOT_NAME, synced_at=T0)
            )
            trek = {"country_code": "ARG", "name": "Glacier trek", "category": "nature"}
            await connection.execute(
                insert(activities).values(trek | {"created_at": T0, "updated_at": T0})
            )
    finally:
        await engine.dispose()


@asynccontextmanager
async def _serving(url: str) -> AsyncIterator[tuple[Container, httpx2.AsyncClient]]:
    """The service started on `url`, offline, its bundled snapshot holding FULL."""
    settings = load_settings(
        database_url=url,
        sync_interval_seconds=0,
        source_url="http://127.0.0.1:9/countries/v5",  # nothing listens there
    )
    container = build_container(settings)
    snapshot = ScriptedSource(FULL, name=SNAPSHOT_NAME)
    container.sources.snapshot.override(providers.Object(snapshot))
    app = create_app(container)
    try:
        async with started(app) as client:
            yield container, client
    finally:
        container.unwire()


async def test_an_upgraded_snapshot_database_serves_the_full_record_after_a_restart(
    database_url: str,
) -> None:
    await _left_by_an_older_release(database_url)

    await upgrade_database(database_url)
    async with _serving(database_url) as (container, client):
        for country in FULL:
            assert await container.countries.get_country()(country.code) == country
        health = (await client.get("/health")).json()
        trek = (await client.get("/countries/arg/activities")).json()["items"]
    assert health["data"]["version"] == 4
    assert [(a["name"], a["city"]) for a in trek] == [("Glacier trek", None)]

    async with _serving(database_url) as (container, client):
        assert await container.countries.get_country()("BRA") == FULL[1]
        assert (await client.get("/health")).json()["data"]["version"] == 4
        assert len((await client.get("/countries/ARG/activities")).json()["items"]) == 1
