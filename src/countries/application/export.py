"""Export the country list as a workbook: exactly what `GET /countries` lists."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from countries.application.countries import ListCountries
from countries.application.ports import Clock, CountryReader, WorkbookMeta, WorkbookWriter
from countries.domain.query import CountryFilter, CountryQuery, SortOrder, SortSpec
from countries.domain.text import fold

DATA_SOURCE = "REST Countries (https://restcountries.com)"
DATA_LICENCE = "MPL-2.0 (Mozilla Public License 2.0)"
_MAX_SLUG = 60


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportCountriesQuery:
    """The filters and sort of `GET /countries`, without paging; the workbook's columns.

    `columns` names Country fields (as the JSON names them); None means the default columns.
    """

    filter: CountryFilter = field(default_factory=CountryFilter)
    sort: SortSpec = field(default_factory=SortSpec)
    columns: tuple[str, ...] | None = None


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


def export_filename(query: ExportCountriesQuery, day: str) -> str:
    """`countries-<filters>[-by-<sort>[-desc]]-<day>.xlsx`, ASCII only, safe in a header."""
    parts = [_slug(value) for value in query.filter.as_params().values()]
    if query.sort != SortSpec():
        parts.append(f"by-{query.sort.field.value}")
        if query.sort.order is SortOrder.DESC:
            parts.append("desc")
    slug = "-".join(p for p in parts if p)[:_MAX_SLUG].strip("-")
    return f"countries-{slug}-{day}.xlsx" if slug else f"countries-{day}.xlsx"


class ExportExcel:
    """The filtered, sorted country list as an .xlsx workbook.

    - The rows are exactly what `GET /countries` lists for the same filters and sort.
    - The workbook says which filters and sort made it, when, and where the data came from.
    """

    def __init__(
        self,
        list_countries: ListCountries,
        reader: CountryReader,
        writer: WorkbookWriter,
        clock: Clock,
    ) -> None:
        self._list_countries = list_countries
        self._reader = reader
        self._writer = writer
        self._clock = clock

    async def __call__(self, query: ExportCountriesQuery) -> Workbook:
        # The state first: a sync committed after it only makes the workbook newer.
        state = await self._reader.sync_state()
        now = self._clock.now()
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
            columns=query.columns,
        )
        content = await self._writer.render(page.items, meta)
        filename = export_filename(query, now.date().isoformat())
        return Workbook(filename=filename, content=content, rows=len(page.items))
