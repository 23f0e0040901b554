"""The schema: SQLAlchemy Core tables, with folded search and sort columns kept beside the data.

The search and sort columns hold `domain.query.search_texts` and `sort_keys` of each row,
computed in Python on write, so SQL compares exactly what the reference semantics compare.
Text sort columns compare by code point on every backend, as Python compares `str`:
SQLite's default BINARY collation already does (UTF-8 byte order is code point order);
PostgreSQL gets `COLLATE "C"`, since its database default follows a locale.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.types import TypeEngine

from countries.domain.query import SearchField, SortField

# Constraint names are stable and predictable, so migrations can drop and alter them by name.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that is stored as UTC and always read back aware, in UTC.

    PostgreSQL keeps `timestamptz`; SQLite has no time zones, so it stores naive UTC text.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware one")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def code_point_text(length: int | None = None) -> String:
    """Text that compares by code point on every backend (see the module docstring)."""
    return String(length).with_variant(String(length, collation="C"), "postgresql")


class Document(TypeDecorator[Any]):
    """JSON; JSONB on PostgreSQL, which has the equality the upsert's "did anything change" needs.

    A decorator rather than `with_variant(JSONB(), ...)`: the PostgreSQL dialect module is
    then imported only by a PostgreSQL engine, not by every start-up on SQLite.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


def _timestamp(name: str, *, nullable: bool) -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=nullable)


countries = Table(
    "countries",
    metadata,
    Column("code", code_point_text(3), primary_key=True),
    # Indexed, not unique: a retired row keeps its codes, and the memory adapter (same
    # contract) enforces no uniqueness either; lookups prefer the alpha-3 match.
    Column("cca2", String(2), nullable=False, index=True),
    Column("ccn3", String(3), nullable=True, index=True),
    Column("name", Text, nullable=False),
    Column("official_name", Text, nullable=False),
    Column("region", Text, nullable=False),
    Column("subregion", Text, nullable=True),
    Column("population", BigInteger, nullable=False),
    Column("flag_emoji", Text, nullable=False),
    # Empty when the source gave no http(s) URL (restcountries/mapping.py), read as None.
    # Not NULL: making them nullable rebuilds the table on SQLite, which its foreign keys
    # (activities) refuse inside the transaction every migration runs in (migrate.py).
    Column("flag_png", Text, nullable=False),
    Column("flag_svg", Text, nullable=False),
    Column("flag_alt", Text, nullable=True),
    # Multi-valued fields are always read whole with their country, so documents will do.
    Column("capitals", Document(), nullable=False),
    Column("currencies", Document(), nullable=False),
    Column("continents", Document(), nullable=False),
    Column("languages", Document(), nullable=False),
    Column("alt_names", Document(), nullable=False),
    # The rest of the record (`CountryDetails`, domain/record.py). NULL only in rows a
    # release before revision 0005 wrote: read as empty details, which the seed or the next
    # sync fills (README, "Where the data comes from"). Nullable also keeps SQLite from
    # rebuilding the table.
    Column("details", Document(), nullable=True),
    # Folded search texts: `domain.query.search_texts`.
    Column("search_name", Text, nullable=False),
    Column("search_capital", Text, nullable=False),
    Column("search_continent", Text, nullable=False),
    # Sort keys: `domain.query.sort_keys`; NULL means "no value", which sorts last.
    Column("sort_name", code_point_text(), nullable=False),
    Column("sort_capital", code_point_text(), nullable=True),
    Column("sort_currency", code_point_text(), nullable=True),
    Column("sort_continent", code_point_text(), nullable=True),
    Column("sort_language", code_point_text(), nullable=True),
    Column("sort_region", code_point_text(), nullable=True),
    _timestamp("created_at", nullable=False),
    _timestamp("updated_at", nullable=False),
    # Retired countries are hidden from reads but kept: activities reference them.
    _timestamp("retired_at", nullable=True),
)

# The folded text each search field matches against.
SEARCH_COLUMNS = {
    SearchField.NAME: countries.c.search_name,
    SearchField.CAPITAL: countries.c.search_capital,
    SearchField.CONTINENT: countries.c.search_continent,
}

# The column each sort field orders by (`population` and `code` are their own keys).
SORT_COLUMNS = {
    SortField.NAME: countries.c.sort_name,
    SortField.CAPITAL: countries.c.sort_capital,
    SortField.CURRENCY: countries.c.sort_currency,
    SortField.CONTINENT: countries.c.sort_continent,
    SortField.LANGUAGE: countries.c.sort_language,
    SortField.POPULATION: countries.c.population,
    SortField.CODE: countries.c.code,
    SortField.REGION: countries.c.sort_region,
}

# One row, id = 1: what the served data is and where it came from.
sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("source", Text, nullable=True),
    _timestamp("synced_at", nullable=True),
    _timestamp("last_attempt_at", nullable=True),
    Column("last_error", Text, nullable=True),
)

# What one can do in each country. Countries are retired, never deleted, so RESTRICT
# only guards against a bug; activities outlive every sync.
activities = Table(
    "activities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "country_code",
        code_point_text(3),
        ForeignKey("countries.code", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    Column("name", Text, nullable=False),
    Column("category", String(20), nullable=False),
    Column("description", Text, nullable=True),
    Column("city", Text, nullable=True),
    _timestamp("created_at", nullable=False),
    _timestamp("updated_at", nullable=False),
    # SQLite: never reuse the id of a deleted activity (as PostgreSQL's sequence never does).
    sqlite_autoincrement=True,
)

# Who gets the daily report, each with the filters and sort of its own workbook.
report_subscriptions = Table(
    "report_subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", Text, nullable=False),
    Column("filter_name", Text, nullable=True),
    Column("filter_capital", Text, nullable=True),
    Column("filter_continent", Text, nullable=True),
    Column("filter_q", Text, nullable=True),
    # The other filters, as the JSON object of their query parameters; NULL: none.
    Column("filter_more", Text, nullable=True),
    Column("sort_field", String(20), nullable=False),
    Column("sort_order", String(4), nullable=False),
    # ReportSubscription.report_key: one subscription per report, whoever adds it. NULL
    # only on a duplicate stored before this column existed (0007 keeps it, unchecked).
    Column("report_key", Text, nullable=True, unique=True, index=True),
    sqlite_autoincrement=True,
)

# One row per (subscription, day): the primary key is the claim that makes a report go
# out once across replicas (see application/reports.py).
report_deliveries = Table(
    "report_deliveries",
    metadata,
    Column(
        "subscription_id",
        Integer,
        ForeignKey("report_subscriptions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("day", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False),
    _timestamp("attempted_at", nullable=False),
    Column("error", Text, nullable=True),
    PrimaryKeyConstraint("subscription_id", "day"),
)
