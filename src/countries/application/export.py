"""Export the country list as a workbook: exactly what `GET /countries` lists."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from countries.application.countries import ListCountries
from countries.application.lru import LruMap
from countries.application.ports import Clock, CountryReader, WorkbookMeta, WorkbookWriter
from countries.application.single_flight import SingleFlight
from countries.domain.model import SyncState
from countries.domain.query import CountryFilter, CountryQuery, SortOrder, SortSpec
from countries.domain.text import fold

DATA_SOURCE = "REST Countries (https://restcountries.com)"
DATA_LICENCE = "MPL-2.0 (Mozilla Public License 2.0)"
_MAX_SLUG = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportCountriesQuery:
    """The filters and sort of `GET /countries`, without paging."""

    filter: CountryFilter = field(default_factory=CountryFilter)
    sort: SortSpec = field(default_factory=SortSpec)


@dataclass(frozen=True, slots=True, kw_only=True)
class Workbook:
    filename: str
    content: bytes
    rows: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def export_filename(query: ExportCountriesQuery, day: str) -> str:
    """`countries-<filters>[-by-<sort>[-desc]]-<day>.xlsx`, ASCII only, safe in a header."""
    parts = [_slug(value) for value in query.filter.as_params().values()]
    if query.sort != SortSpec():
        parts.append(f"by-{query.sort.field.value}")
        if query.sort.order is SortOrder.DESC:
            parts.append("desc")
    slug = "-".join(p for p in parts if p)[:_MAX_SLUG].strip("-")
    return f"countries-{slug}-{day}.xlsx" if slug else f"countries-{day}.xlsx"


@dataclass(frozen=True, slots=True)
class WorkbookKey:
    """What a workbook's bytes depend on, except the moment it was made."""

    query: ExportCountriesQuery
    version: int
    synced_at: datetime | None
    source: str | None
    day: str


class KeptWorkbooks(LruMap[WorkbookKey, Workbook]):
    """The workbooks made last, by what they hold (32 by default, in the process).

    Writing a workbook takes openpyxl tens of milliseconds per hundred countries; the same
    export of unchanged data, asked again the same day, is sent again instead, and the same
    export asked for by many clients at once is made once. Workbooks of older data are never
    asked for again and age out.
    """

    def __init__(self, max_entries: int = 32) -> None:
        super().__init__(max_entries)
        self._making: SingleFlight[WorkbookKey] = SingleFlight()

    async def get_or_make(
        self, key: WorkbookKey, make: Callable[[], Awaitable[Workbook]]
    ) -> Workbook:
        """The workbook kept for `key`, or the one `make` makes (once, for concurrent callers)."""
        kept = self.get(key)
        if kept is not None:
            return kept
        async with self._making.first_or_wait(key) as flight:
            if flight is not None:
                return await self._make_and_keep(key, make)
        # Another caller was making it: take its workbook, or (it failed) make one here.
        kept = self.get(key)
        return kept if kept is not None else await self._make_and_keep(key, make)

    async def _make_and_keep(
        self, key: WorkbookKey, make: Callable[[], Awaitable[Workbook]]
    ) -> Workbook:
        workbook = await make()
        self.put(key, workbook)
        return workbook


class ExportExcel:
    """The filtered, sorted country list as an .xlsx workbook.

    - The rows are exactly what `GET /countries` lists for the same filters and sort.
    - The workbook says which filters and sort made it, when, and where the data came from.
    - The same export of the same data (dataset version and last sync) on the same day is
      made once and sent again, however many ask for it at the same time; its About sheet
      says when it was made.
    """

    def __init__(
        self,
        list_countries: ListCountries,
        reader: CountryReader,
        writer: WorkbookWriter,
        clock: Clock,
        kept: KeptWorkbooks,
    ) -> None:
        self._list_countries = list_countries
        self._reader = reader
        self._writer = writer
        self._clock = clock
        self._kept = kept

    async def __call__(self, query: ExportCountriesQuery) -> Workbook:
        # The state first: a sync committed after it only makes the workbook newer.
        state = await self._reader.sync_state()
        now = self._clock.now()
        key = WorkbookKey(
            query, state.version, state.synced_at, state.source, now.date().isoformat()
        )
        return await self._kept.get_or_make(key, lambda: self._make(query, key, state, now))

    async def _make(
        self, query: ExportCountriesQuery, key: WorkbookKey, state: SyncState, now: datetime
    ) -> Workbook:
        page = await self._list_countries(
            CountryQuery(filter=query.filter, sort=query.sort, limit=None)
        )
        meta = WorkbookMeta(
            filters=query.filter.as_params(),
            sort=query.sort,
            generated_at=now,
            synced_at=state.synced_at,
            source=f"{DATA_SOURCE}, via {state.source}" if state.source else DATA_SOURCE,
            licence=DATA_LICENCE,
        )
        content = await self._writer.render(page.items, meta)
        return Workbook(
            filename=export_filename(query, key.day), content=content, rows=len(page.items)
        )
