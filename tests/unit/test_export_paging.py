"""A page of the export: its rows, its name, its About sheet, and its own kept workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from countries.adapters.excel import OpenpyxlWorkbookWriter
from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.application.countries import ListCountries
from countries.application.export import ExportCountriesQuery, ExportExcel, export_filename
from countries.application.export import Workbook as ExportedWorkbook
from countries.application.ports import WorkbookMeta
from countries.caching.workbooks import CachedExport, WorkbookCacheStore
from countries.domain.model import Country
from countries.domain.query import CountryFilter, CountryQuery
from tests.fakes import FixedClock, store_of

EUROPE = CountryFilter(continent="europe")
DAY = "2026-11-28"


class CountingWriter(OpenpyxlWorkbookWriter):
    """The real writer, counting the workbooks it writes."""

    def __init__(self) -> None:
        self.renders = 0

    async def render(self, countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
        self.renders += 1
        return await super().render(countries, meta)


def _store() -> InMemoryStore:
    return store_of(ARG="South America", ESP="Europe", FRA="Europe", ITA="Europe", PRT="Europe")


def _export(store: InMemoryStore, writer: CountingWriter, kept: WorkbookCacheStore) -> CachedExport:
    reader = InMemoryCountryReader(store)
    clock = FixedClock(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))
    export = ExportExcel(ListCountries(reader), reader, writer, clock, UTC)
    return CachedExport(export, reader, clock, kept, UTC)


def _codes(workbook: ExportedWorkbook) -> list[str]:
    sheet = load_workbook(io.BytesIO(workbook.content))["Countries"]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _about(workbook: ExportedWorkbook) -> dict[str, object]:
    sheet = load_workbook(io.BytesIO(workbook.content))["About"]
    return {str(label): value for label, value in sheet.iter_rows(values_only=True)}


async def test_two_pages_never_share_a_kept_workbook() -> None:
    writer, kept = CountingWriter(), WorkbookCacheStore()
    export = _export(_store(), writer, kept)
    first = await export(ExportCountriesQuery(filter=EUROPE, limit=2))
    second = await export(ExportCountriesQuery(filter=EUROPE, limit=2, offset=2))
    every = await export(ExportCountriesQuery(filter=EUROPE))
    assert (_codes(first), _codes(second), _codes(every)) == (
        ["ESP", "FRA"],
        ["ITA", "PRT"],
        ["ESP", "FRA", "ITA", "PRT"],
    )
    assert len({first.filename, second.filename, every.filename}) == 3
    assert writer.renders == 3
    again = await export(ExportCountriesQuery(filter=EUROPE, limit=2, offset=2))
    assert writer.renders == 3  # kept, and the second page's own
    assert again.content == second.content


async def test_the_rows_are_the_list_s_page() -> None:
    store = _store()
    export = _export(store, CountingWriter(), WorkbookCacheStore())
    for limit, offset in ((1, 0), (3, 1), (None, 3), (2, 9)):
        query = ExportCountriesQuery(limit=limit, offset=offset)
        page = await ListCountries(InMemoryCountryReader(store))(query.list_query())
        workbook = await export(query)
        assert _codes(workbook) == [c.code for c in page.items]
        assert workbook.rows == len(page.items)


async def test_the_about_sheet_counts_a_page_among_the_matches() -> None:
    export = _export(_store(), CountingWriter(), WorkbookCacheStore())
    said = _about(await export(ExportCountriesQuery(filter=EUROPE, limit=1, offset=2)))
    assert said["Rows"] == "3 of 4 matches (limit 1, offset 2)"
    said = _about(await export(ExportCountriesQuery(filter=EUROPE, offset=1)))
    assert said["Rows"] == "2 to 4 of 4 matches (offset 1)"
    said = _about(await export(ExportCountriesQuery(filter=EUROPE, limit=5, offset=4)))
    assert said["Rows"] == "none of 4 matches (limit 5, offset 4)"
    assert said["Countries"] == 0


def test_the_filename_names_the_page_asked_for() -> None:
    def named(limit: int | None = None, offset: int = 0) -> str:
        return export_filename(ExportCountriesQuery(filter=EUROPE, limit=limit, offset=offset), DAY)

    assert named() == f"countries-europe-{DAY}.xlsx"
    assert named(offset=0) == f"countries-europe-{DAY}.xlsx"
    assert named(limit=10, offset=10) == f"countries-europe-rows-11-20-{DAY}.xlsx"
    assert named(limit=5) == f"countries-europe-rows-1-5-{DAY}.xlsx"
    assert named(offset=5) == f"countries-europe-rows-6-end-{DAY}.xlsx"
    assert export_filename(ExportCountriesQuery(limit=3), DAY) == f"countries-rows-1-3-{DAY}.xlsx"


@given(
    name=st.text(min_size=1, max_size=80),
    pages=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(1, 500)), st.integers(0, 2**31 - 1)),
        min_size=2,
        max_size=2,
        unique=True,
    ),
)
def test_two_pages_of_long_filters_keep_two_short_ascii_names(
    name: str, pages: list[tuple[int | None, int]]
) -> None:
    filters = CountryFilter(name=name, capital=name, continent="europe")
    names = {
        export_filename(ExportCountriesQuery(filter=filters, limit=limit, offset=offset), DAY)
        for limit, offset in pages
    }
    assert len(names) == 2
    for each in names:
        assert each.isascii()
        assert len(each) <= 120


def test_a_report_s_query_is_every_match() -> None:
    # SendDailyReport builds its query from a subscription's filter and sort alone.
    query = ExportCountriesQuery(filter=EUROPE)
    assert not query.paged
    assert query.list_query() == CountryQuery(filter=EUROPE, limit=None, offset=0)
