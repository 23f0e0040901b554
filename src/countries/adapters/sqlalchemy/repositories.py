"""The SQL implementations of the country ports: one reader, and the repositories of a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from countries.adapters.sqlalchemy.mapping import (
    COUNTRY_COLUMNS,
    country_to_row,
    row_to_country,
    row_to_sync_state,
    sync_state_to_row,
)
from countries.adapters.sqlalchemy.outages import guard_of
from countries.adapters.sqlalchemy.tables import SEARCH_COLUMNS, SORT_COLUMNS, countries, sync_state
from countries.adapters.sqlalchemy.upsert import insert_for
from countries.application.ports import (
    CountryReader,
    CountryRepository,
    SyncStateRepository,
)
from countries.domain.index import run_query
from countries.domain.model import Country, SyncState
from countries.domain.query import (
    CountryFilter,
    CountryPage,
    CountryQuery,
    SortOrder,
    SortSpec,
)

_S = TypeVar("_S", bound=Select[Any])
_ACTIVE = countries.c.retired_at.is_(None)
_VERSION = select(sync_state.c.version).where(sync_state.c.id == 1)
# Upserts leave these alone: the identity, and when the row was first seen.
_KEPT_ON_UPDATE = frozenset({"code", "created_at"})
_BOOKKEEPING = frozenset({"created_at", "updated_at", "retired_at"})


class SqlCountryReader(CountryReader):
    """Reads active countries, one short session per call.

    A database that cannot be reached raises `StorageUnavailable` (`outages`).
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._engine: AsyncEngine = session_factory.kw["bind"]
        self._guard = guard_of(self._engine)

    async def query(self, query: CountryQuery) -> CountryPage:
        if not _in_sql(query):
            # The full-record filters and sorts have no columns: the active rows are
            # filtered by the domain itself (the service asks this reader only for the
            # whole dataset, held in memory per version: docs/architecture.md).
            every = await self.query(CountryQuery(sort=SortSpec()))
            return run_query(every.items, query)
        conditions = (_ACTIVE, *_filter_conditions(query.filter))
        # The window count rides along with the page: one round trip in the usual case.
        page = (
            select(*COUNTRY_COLUMNS, func.count().over().label("total"))
            .where(*conditions)
            .order_by(*_ordering(query))
            .limit(query.limit)
            .offset(query.offset)
        )
        async with self._guard.guarding(), self._session_factory() as session:
            rows = (await session.execute(page)).mappings().all()
            if rows:
                total = int(rows[0]["total"])
            elif query.offset > 0 or query.limit == 0:
                # An empty page past the end says nothing about how many rows matched.
                counted = select(func.count()).select_from(countries).where(*conditions)
                total = int(await session.scalar(counted) or 0)
            else:
                total = 0
        return CountryPage(
            total=total,
            limit=query.limit,
            offset=query.offset,
            items=tuple(row_to_country(row) for row in rows),
        )

    async def get(self, code: str) -> Country | None:
        if not _askable(code):
            return None
        stmt = _by_any_code(select(*COUNTRY_COLUMNS).where(_ACTIVE), code)
        async with self._guard.guarding(), self._session_factory() as session:
            row = (await session.execute(stmt)).mappings().first()
        return None if row is None else row_to_country(row)

    async def sync_state(self) -> SyncState:
        async with self._guard.guarding(), self._session_factory() as session:
            return await _read_sync_state(session)

    async def count(self) -> int:
        stmt = select(func.count()).select_from(countries).where(_ACTIVE)
        async with self._guard.guarding(), self._session_factory() as session:
            return int(await session.scalar(stmt) or 0)

    async def dataset_version(self) -> int:
        # A bare connection, not a session: the version feed reads it every second.
        async with self._guard.guarding(), self._engine.connect() as connection:
            return int(await connection.scalar(_VERSION) or 0)


class SqlCountryRepository(CountryRepository):
    """The write side of countries, on the unit of work's session (it never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def active(self) -> dict[str, Country]:
        stmt = select(*COUNTRY_COLUMNS).where(_ACTIVE).order_by(countries.c.code)
        rows = (await self._session.execute(stmt)).mappings().all()
        return {row["code"]: row_to_country(row) for row in rows}

    async def upsert(self, countries_: Sequence[Country], at: datetime) -> None:
        # The last of a code given twice wins, as in memory (and PostgreSQL refuses an
        # ON CONFLICT that would update one row twice in a statement).
        unique = {c.code: c for c in countries_}
        if not unique:
            return
        bookkeeping = {"created_at": at, "updated_at": at, "retired_at": None}
        rows = [country_to_row(c) | bookkeeping for c in unique.values()]
        stmt = insert_for(self._session, countries)
        changed = or_(
            countries.c.retired_at.is_not(None),
            *(
                col.is_distinct_from(stmt.excluded[col.name])
                for col in countries.c
                if col.name not in _BOOKKEEPING
            ),
        )
        # Upserts bypass any ORM onupdate, so updated_at is set here, and only on rows
        # that really change (the WHERE), which keeps it honest.
        stmt = stmt.on_conflict_do_update(
            index_elements=[countries.c.code],
            set_={
                c.name: stmt.excluded[c.name] for c in countries.c if c.name not in _KEPT_ON_UPDATE
            },
            where=changed,
        )
        await self._session.execute(stmt, rows)

    async def retire(self, codes: Sequence[str], at: datetime) -> None:
        if not codes:
            return
        stmt = (
            update(countries)
            .where(countries.c.code.in_(codes), _ACTIVE)
            .values(retired_at=at, updated_at=at)
        )
        await self._session.execute(stmt)

    async def known_code(self, code: str) -> str | None:
        if not _askable(code):
            return None
        found: str | None = await self._session.scalar(_by_any_code(select(countries.c.code), code))
        return found


class SqlSyncStateRepository(SyncStateRepository):
    """The one sync_state row, on the unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self) -> SyncState:
        return await _read_sync_state(self._session)

    async def save(self, state: SyncState) -> None:
        row = sync_state_to_row(state)
        stmt = insert_for(self._session, sync_state).values(row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[sync_state.c.id],
            set_={name: value for name, value in row.items() if name != "id"},
        )
        await self._session.execute(stmt)


# The filters with search columns; the others are answered by `run_query`.
_SQL_FILTERS = frozenset({"name", "capital", "continent", "q"})


def _in_sql(query: CountryQuery) -> bool:
    """Whether the database can answer `query` from its search and sort columns."""
    return query.sort.field in SORT_COLUMNS and set(query.filter.as_params()) <= _SQL_FILTERS


def _filter_conditions(flt: CountryFilter) -> list[ColumnElement[bool]]:
    # Terms and columns are both `fold`ed, hence lower-case: SQLite's LIKE, blind to
    # ASCII case, and PostgreSQL's, which is not, give the same answers.
    # autoescape: `%`, `_` and the escape character in a term match themselves.
    conditions = [
        SEARCH_COLUMNS[field].contains(term, autoescape=True) for field, term in flt.terms().items()
    ]
    q = flt.any_term()
    if q is not None:
        conditions.append(
            or_(*(column.contains(q, autoescape=True) for column in SEARCH_COLUMNS.values()))
        )
    return conditions


def _askable(code: str) -> bool:
    # No stored code holds NUL or a lone surrogate (PostgreSQL cannot store either), and
    # sending one to a database raises: such a code is simply unknown.
    return "\x00" not in code and not any("\ud800" <= ch <= "\udfff" for ch in code)


def _by_any_code(stmt: _S, code: str) -> _S:
    """`stmt` narrowed to the one country whose alpha-3, alpha-2 or numeric code is `code`."""
    c = countries.c
    return (
        stmt.where(or_(c.code == code, c.cca2 == code, c.ccn3 == code))
        # Should codes of different kinds ever collide, the alpha-3 match wins.
        .order_by(c.code != code, c.code)
        .limit(1)
    )


def _ordering(query: CountryQuery) -> list[ColumnElement[Any]]:
    """`domain.index` sorting in SQL: no value last either way, then name, then code."""
    key = SORT_COLUMNS[query.sort.field]
    direction = key.desc() if query.sort.order is SortOrder.DESC else key.asc()
    # (key IS NULL) first: false sorts before true on both backends, in either direction.
    nulls_last = [key.is_(None)] if key.nullable else []
    return [*nulls_last, direction, countries.c.sort_name, countries.c.code]


async def _read_sync_state(session: AsyncSession) -> SyncState:
    stmt: Select[Any] = select(sync_state).where(sync_state.c.id == 1)
    return row_to_sync_state((await session.execute(stmt)).mappings().first())
