"""Export the country list as a workbook: exactly what `GET /countries` lists."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import tzinfo

from countries.application.countries import ListCountries
from countries.application.ports import Clock, CountryReader, WorkbookMeta, WorkbookWriter
from countries.domain.query import CountryFilter, CountryQuery, SortOrder, SortSpec
from countries.domain.reports import local_day
from countries.domain.text import fold

DATA_SOURCE = "REST Countries (https://restcountries.com)"
DATA_LICENCE = "MPL-2.0 (Mozilla Public License 2.0)"
_MAX_SLUG = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportCountriesQuery:
    """The filters, sort and page of `GET /countries`; the workbook's columns."""

    filter: CountryFilter = field(default_factory=CountryFilter)
    sort: SortSpec = field(default_factory=SortSpec)
    limit: int | None = None  # with offset 0, the defaults: every match (a daily report)
    offset: int = 0
    columns: tuple[str, ...] | None = None  # Country fields, as JSON names them; None: default

    @property
    def paged(self) -> bool:
        """Whether the rows are a page of the matches rather than all of them."""
        return self.limit is not None or self.offset > 0

    def list_query(self) -> CountryQuery:
        """What `GET /countries` is asked for the same rows."""
        return CountryQuery(
            filter=self.filter, sort=self.sort, limit=self.limit, offset=self.offset
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Workbook:
    filename: str
    content: bytes
    rows: int


# What the export is to its callers (the HTTP route, the command line, the daily report):
# `ExportExcel`, or the same behind a cache of workbooks.
ExportWorkbook = Callable[[ExportCountriesQuery], Awaitable[Workbook]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _rows_slug(query: ExportCountriesQuery) -> str:
    """`rows-11-20` (limit 10, offset 10), `rows-6-end` (offset 5 alone): the page asked for."""
    last = "end" if query.limit is None else str(query.offset + query.limit)
    return f"rows-{query.offset + 1}-{last}"


def export_filename(query: ExportCountriesQuery, day: str) -> str:
    """`countries-<filters>[-by-<sort>[-desc]][-rows-<a>-<b>]-<day>.xlsx`, ASCII, header-safe."""
    parts = [_slug(value) for value in query.filter.as_params().values()]
    if query.sort != SortSpec():
        parts.append(f"by-{query.sort.field.value}")
        if query.sort.order is SortOrder.DESC:
            parts.append("desc")
    slug = "-".join(p for p in parts if p)[:_MAX_SLUG].strip("-")
    # The page is named after the filters are cut short: two pages never share a name.
    if query.paged:
        slug = f"{slug}-{_rows_slug(query)}".strip("-")
    return f"countries-{slug}-{day}.xlsx" if slug else f"countries-{day}.xlsx"


class ExportExcel:
    """The filtered, sorted country list as an .xlsx workbook.

    - The rows are exactly what `GET /countries` lists for the same filters, sort, `limit`
      and `offset`; without `limit` and `offset`, every match.
    - The workbook says which filters, sort and page made it, when, and where the data came
      from; a page's filename names its rows (`-rows-11-20`).
    """

    def __init__(
        self,
        list_countries: ListCountries,
        reader: CountryReader,
        writer: WorkbookWriter,
        clock: Clock,
        zone: tzinfo,
    ) -> None:
        self._list_countries = list_countries
        self._reader = reader
        self._writer = writer
        self._clock = clock
        self._zone = zone

    async def __call__(self, query: ExportCountriesQuery) -> Workbook:
        # The state first: a sync committed after it only makes the workbook newer.
        state = await self._reader.sync_state()
        now = self._clock.now()
        page = await self._list_countries(query.list_query())
        meta = WorkbookMeta(
            filters=query.filter.as_params(),
            sort=query.sort,
            limit=query.limit,
            offset=query.offset,
            matches=page.total,
            generated_at=now,
            synced_at=state.synced_at,
            source=f"{DATA_SOURCE}, via {state.source}" if state.source else DATA_SOURCE,
            licence=DATA_LICENCE,
            columns=query.columns,
        )
        content = await self._writer.render(page.items, meta)
        filename = export_filename(query, local_day(now, self._zone).isoformat())
        return Workbook(filename=filename, content=content, rows=len(page.items))
