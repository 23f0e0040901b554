"""Migrations keep the data: the rows of revision 0004 through 0005 and back, and past 0006."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from countries.adapters.sqlalchemy.engine import create_engine
from countries.adapters.sqlalchemy.mapping import country_to_row
from countries.adapters.sqlalchemy.migrate import (
    current_revision,
    downgrade_database,
    upgrade_database,
)
from countries.adapters.sqlalchemy.reports import SqlSubscriptionRepository
from countries.adapters.sqlalchemy.tables import (
    activities,
    countries,
    report_deliveries,
    report_subscriptions,
)
from countries.domain.query import CountryFilter
from tests.fakes import make_country

T0 = datetime(2026, 12, 1, tzinfo=UTC)
# What a database at revision 0004 holds: a country, its activity, a subscriber and a
# delivery, the last three each referencing the row before (foreign keys).
KEPT: dict[Table, dict[str, Any]] = {
    activities: {"id": 7, "country_code": "ARG", "name": "Hike", "category": "nature"}
    | {"description": None, "city": "El Calafate", "created_at": T0, "updated_at": T0},
    report_subscriptions: {"id": 3, "email": "ana@example.org", "filter_name": None}
    | {"filter_capital": None, "filter_continent": "america", "filter_q": None}
    | {"sort_field": "name", "sort_order": "asc"},
    report_deliveries: {"subscription_id": 3, "day": date(2026, 12, 1), "status": "sent"}
    | {"attempts": 1, "attempted_at": T0, "error": None},
}


def _kept_columns(table: Table) -> Any:
    """The columns revision 0004 had (KEPT's), so the rows read alike at every revision."""
    names = KEPT.get(table)
    return select(*(table.c[name] for name in names)) if names else select(table)


async def _rows_of(url: str, *tables: Table) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {
                table.name: [
                    dict(row) for row in (await connection.execute(_kept_columns(table))).mappings()
                ]
                for table in tables
            }
    finally:
        await engine.dispose()


async def test_revision_0005_up_and_down_keeps_every_row(database_url: str) -> None:
    await upgrade_database(database_url, "0004")
    country = {k: v for k, v in country_to_row(make_country("ARG")).items() if k != "details"}
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(countries).values(country | {"created_at": T0, "updated_at": T0})
            )
            for table, row in KEPT.items():
                await connection.execute(insert(table).values(row))
    finally:
        await engine.dispose()
    before = await _rows_of(database_url, *KEPT)
    assert before == {table.name: [row] for table, row in KEPT.items()}

    await upgrade_database(database_url)
    assert await _rows_of(database_url, *KEPT) == before
    upgraded = (await _rows_of(database_url, countries))["countries"]
    assert [(row["code"], row["details"]) for row in upgraded] == [("ARG", None)]

    await downgrade_database(database_url, "0004")
    assert await _rows_of(database_url, *KEPT) == before
    assert await current_revision(database_url) == "0004"


async def test_a_subscription_stored_before_0006_reads_back_with_its_filters(
    database_url: str,
) -> None:
    await upgrade_database(database_url, "0005")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(report_subscriptions).values(KEPT[report_subscriptions])
            )
        await upgrade_database(database_url)
        async with AsyncSession(engine) as session:
            (stored,) = await SqlSubscriptionRepository(session).list()
    finally:
        await engine.dispose()
    assert (stored.email, stored.filter) == ("ana@example.org", CountryFilter(continent="america"))


async def test_0007_keys_every_subscription_and_keeps_an_earlier_duplicate(
    database_url: str,
) -> None:
    await upgrade_database(database_url, "0006")
    ana = KEPT[report_subscriptions] | {"filter_continent": "europe"}
    rows = [ana, ana | {"id": 4, "email": "ANA@example.org"}, ana | {"id": 5, "email": "bo@x.org"}]
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(report_subscriptions), rows)
        await upgrade_database(database_url)
        async with AsyncSession(engine) as session:
            repository = SqlSubscriptionRepository(session)
            assert [s.id for s in await repository.list()] == [3, 4, 5]  # the duplicate kept
            keys = await session.scalars(
                select(report_subscriptions.c.report_key).order_by(report_subscriptions.c.id)
            )
            first, duplicate, bo = keys.all()
            assert (first is not None, duplicate, bo is not None) == (True, None, True)
            (stored_ana, *_) = await repository.list()
            assert await repository.add(stored_ana) is None  # the key guards what was there
        await downgrade_database(database_url, "0006")
        assert await current_revision(database_url) == "0006"
    finally:
        await engine.dispose()
