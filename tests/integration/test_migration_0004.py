"""Migration 0004 on a database synced before it: the folded columns follow the new `fold`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import insert, select

from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.mapping import country_to_row
from countries.adapters.sqlalchemy.migrate import (
    alembic_config,
    downgrade_database,
    upgrade_database,
)
from countries.adapters.sqlalchemy.repositories import SqlCountryReader
from countries.adapters.sqlalchemy.tables import activities, countries
from countries.domain.model import Country, Currency, Language
from countries.domain.query import CountryFilter, CountryQuery, SortField, SortSpec
from tests.fakes import make_country

MIGRATION = ScriptDirectory.from_config(alembic_config()).get_revision("0004").module
DERIVED = [c.name for c in countries.c if c.name.startswith(("search_", "sort_"))]
T0 = datetime(2026, 11, 30, tzinfo=UTC)
AT_T0 = {"created_at": T0, "updated_at": T0}

CYPRUS = make_country(
    "CYP",
    name="Kıbrıs",
    official_name="Kıbrıs Cumhuriyeti",
    capitals=("Lefkoşa",),
    currencies=(Currency(code="EUR", name="Øre-free euro"),),
    languages=(Language(code="tur", name="Türkçe"),),
    alt_names=("Κύπρος",),
)
ICELAND = make_country(
    "ISL", name="Ísland", capitals=("Þórshöfn",), continents=("Œurope",), region="Œurope"
)
POLAND = make_country("POL", name="Polska", capitals=("Łódź", "Warszawa"))


def as_synced_by_0003(country: Country, *, retired: bool = False) -> dict[str, Any]:
    """The row the release at revision 0003 wrote: the same data, folded the old way."""
    row = country_to_row(country)
    del row["details"]  # a column of revision 0005
    stored = {k: row[k] for k in ("name", "official_name", "region", *MIGRATION.DOCUMENTS)}
    return {
        **row,
        **MIGRATION.derived_columns(stored, MIGRATION.fold_0003),
        "created_at": T0,
        "updated_at": T0,
        "retired_at": T0 if retired else None,
    }


async def _rows(url: str) -> dict[str, dict[str, Any]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                select(countries.c.code, *(countries.c[k] for k in DERIVED))
            )
            return {row["code"]: {k: row[k] for k in DERIVED} for row in result.mappings()}
    finally:
        await engine.dispose()


async def _search(url: str, query: CountryQuery) -> list[str]:
    engine = create_engine(url)
    try:
        page = await SqlCountryReader(create_session_factory(engine)).query(query)
    finally:
        await engine.dispose()
    return [country.code for country in page.items]


async def _sync_before_the_upgrade(url: str) -> None:
    await upgrade_database(url, "0003")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(countries),
                [
                    as_synced_by_0003(CYPRUS),
                    as_synced_by_0003(ICELAND),
                    as_synced_by_0003(POLAND, retired=True),
                ],
            )
            # An activity references CYP: rebuilding the table (SQLite) must keep it valid.
            await connection.execute(
                insert(activities),
                [{"country_code": "CYP", "name": "Hike", "category": "nature"} | AT_T0],
            )
    finally:
        await engine.dispose()


async def test_upgrading_refolds_what_an_older_release_stored(database_url: str) -> None:
    await _sync_before_the_upgrade(database_url)
    # Today's reader needs revision 0005's columns: the old folding is read from the row.
    assert "kibris" not in (await _rows(database_url))["CYP"]["search_name"]

    await upgrade_database(database_url)

    expected = {c.code: {k: country_to_row(c)[k] for k in DERIVED} for c in (CYPRUS, ICELAND)}
    expected["POL"] = {k: country_to_row(POLAND)[k] for k in DERIVED}
    assert await _rows(database_url) == expected, "every row as this release writes it"
    for term, code in (
        ("kibris", "CYP"),
        ("KIBRIS CUMHURIYETI", "CYP"),
        ("oeurope", "ISL"),
        ("thorshofn", "ISL"),
    ):
        found = await _search(database_url, CountryQuery(filter=CountryFilter(q=term)))
        assert found == [code], term
    by_capital = SortSpec(field=SortField.CAPITAL)
    assert await _search(database_url, CountryQuery(sort=by_capital)) == ["CYP", "ISL"]


async def test_downgrading_gives_the_older_release_its_own_folding(database_url: str) -> None:
    await _sync_before_the_upgrade(database_url)
    before = await _rows(database_url)
    await upgrade_database(database_url)
    await downgrade_database(database_url, "0003")
    assert await _rows(database_url) == before
