"""The .xlsx workbook of a country list, written with openpyxl off the event loop."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from countries.adapters.excel_columns import CellValue, Column, Kind, columns_of
from countries.adapters.excel_layout import (
    SHRUNK,
    TEXT_FORMAT,
    TOP,
    WRAPPED,
    repeat_header_row,
    row_height,
    set_up_printing,
)
from countries.application.ports import WorkbookMeta, WorkbookWriter
from countries.domain.model import Country

# Text starting with one of these is a formula (or DDE payload) to a spreadsheet
# program: OWASP "CSV injection". Such text is written as a plain string cell.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Widths in characters (see excel_columns), narrow enough that a landscape page printed one
# page wide keeps a readable scale; longer text wraps onto more lines (see excel_layout).
HEADERS: tuple[tuple[str, int], ...] = tuple((c.title, c.width) for c in columns_of(None))
POPULATION_FORMAT = "#,##0"
# Up to two decimals for a fraction; a whole measure gets the count's format, as Excel
# shows "#,##0.##" of 17098246 as "17,098,246." (the point with nothing after it).
MEASURE_FORMAT = "#,##0.##"
# The body's font (openpyxl's default), named so that readers do not fall back to another
# face, wider than the one the column widths were chosen for.
_BOLD = Font(name="Calibri", size=11, bold=True)
_LINK = Font(name="Calibri", size=11, color="0563C1", underline="single")
# The About sheet's columns: its labels, and what they say.
_LABEL_WIDTH = 22
_VALUE_WIDTH = 60


@dataclass(frozen=True, eq=False, slots=True)
class _Look:
    """How a kind of cell is styled; compared by identity (a key of the styled cells)."""

    alignment: Alignment
    number_format: str | None = None
    font: Font | None = None
    link: bool = False  # the cell's text is also its hyperlink's target


_HEADER = _Look(WRAPPED, font=_BOLD)
_LABEL = _Look(TOP, font=_BOLD)
_TEXT = _Look(WRAPPED)
_CODE = _Look(WRAPPED, TEXT_FORMAT)
_COUNT = _Look(TOP, POPULATION_FORMAT)
_MEASURE = _Look(TOP, MEASURE_FORMAT)
_HYPERLINK = _Look(SHRUNK, font=_LINK, link=True)


def _look(column: Column, value: CellValue) -> _Look:
    if column.kind is Kind.CODE:
        return _CODE
    if column.kind is Kind.COUNT:
        return _COUNT
    if column.kind is Kind.MEASURE:
        return _COUNT if isinstance(value, int | float) and float(value).is_integer() else _MEASURE
    if column.kind is Kind.LINK and isinstance(value, str):
        return _HYPERLINK if value.startswith(("https://", "http://")) else _TEXT
    return _TEXT


class _Rows:
    """Appends rows to a write-only sheet, each row as tall as its wrapped text needs.

    Styling a cell is most of openpyxl's cost per cell (each font or alignment set is
    hashed into the workbook's lists). A write-only sheet writes a row out as it is
    appended, so one cell per column and look, styled once, carries each row's value.
    """

    def __init__(self, sheet: WriteOnlyWorksheet, widths: Sequence[int]) -> None:
        self._sheet = sheet
        self._widths = widths
        self._styled: dict[tuple[int, _Look, bool], Cell] = {}
        self._row = 0

    def append(self, values: Sequence[tuple[CellValue, _Look]]) -> None:
        """Write one row of values, each with its look; text is cleaned of illegal characters."""
        self._row += 1
        cleaned = [
            (ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value, look)
            for value, look in values
        ]
        height = row_height(
            (value, width)
            for (value, look), width in zip(cleaned, self._widths, strict=True)
            if isinstance(value, str) and look.alignment.wrap_text
        )
        if height is not None:  # set before the row is appended, which writes it out
            self._sheet.row_dimensions[self._row].height = height
        self._sheet.append([self._cell(n, v, look) for n, (v, look) in enumerate(cleaned)])

    def _cell(self, column: int, value: CellValue, look: _Look) -> Cell:
        """The styled cell of this column and look, holding `value`; text is never a formula."""
        quoted = isinstance(value, str) and value.startswith(_FORMULA_PREFIXES)
        cell = self._styled.get((column, look, quoted))
        if cell is None:
            cell = self._styled[column, look, quoted] = self._styled_cell(look, quoted)
        cell.value = value
        if isinstance(value, str):
            # openpyxl turns any str starting with "=" into a formula; force a string cell.
            cell.data_type = "s"
            if look.link:
                cell.hyperlink = value  # a new Hyperlink each row: the sheet lists them all
        return cell

    def _styled_cell(self, look: _Look, quoted: bool) -> Cell:
        cell = WriteOnlyCell(self._sheet)
        if quoted:
            cell.quotePrefix = True
        if look.font is not None:
            cell.font = look.font
        cell.alignment = look.alignment
        if look.number_format is not None:
            cell.number_format = look.number_format
        return cell


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "never"


def _size(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """Say the sheet's used range (its <dimension>), as openpyxl does for a sheet in memory.

    openpyxl's writer asks a sheet for it if the sheet can tell; a write-only sheet cannot,
    though here it is known before the first row. Readers size the sheet by it (openpyxl's
    read-only mode has no max_row without it).
    """
    used = f"A1:{get_column_letter(columns)}{rows}"
    sheet.calculate_dimension = lambda: used


def _write_countries(
    sheet: WriteOnlyWorksheet, countries: Sequence[Country], columns: Sequence[Column]
) -> None:
    # A write-only sheet writes its columns, panes and properties out with its first row.
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    _size(sheet, len(columns), len(countries) + 1)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = sheet.print_area = f"A1:{last}{len(countries) + 1}"
    set_up_printing(sheet, landscape=True, pages_tall=0)
    repeat_header_row(sheet)
    rows = _Rows(sheet, [column.width for column in columns])
    rows.append([(column.title, _HEADER) for column in columns])
    for country in countries:
        values = [column.value(country) for column in columns]
        rows.append([(v, _look(c, v)) for c, v in zip(columns, values, strict=True)])


def _page(count: int, meta: WorkbookMeta) -> str:
    """`11 to 20 of 250 matches (limit 10, offset 10)`: the rows' places, then how asked."""
    asked = [f"limit {meta.limit}"] if meta.limit is not None else []
    asked.append(f"offset {meta.offset}")
    of = ""
    if meta.matches is not None:
        of = f" of {meta.matches} {'match' if meta.matches == 1 else 'matches'}"
    first, last = meta.offset + 1, meta.offset + count
    rows = "none" if not count else str(first) if first == last else f"{first} to {last}"
    return f"{rows}{of} ({', '.join(asked)})"


def _write_about(
    about: WriteOnlyWorksheet, countries: Sequence[Country], meta: WorkbookMeta
) -> None:
    lines: list[tuple[str, str | int]] = [("Countries", len(countries))]
    # Only a page says which rows it holds: without one, the sheet is every match.
    if meta.limit is not None or meta.offset:
        lines.append(("Rows", _page(len(countries), meta)))
    lines += [(f"Filter: {name}", value) for name, value in meta.filters.items()]
    if not meta.filters:
        lines.append(("Filters", "none (every country)"))
    lines += [
        ("Sort", f"{meta.sort.field.value} {meta.sort.order.value}"),
        ("Columns", ", ".join(meta.columns) if meta.columns else "default"),
        ("Generated at", _when(meta.generated_at)),
        ("Data last synced at", _when(meta.synced_at)),
        ("Data source", meta.source or "unknown"),
        ("Data licence", meta.licence),
    ]
    about.column_dimensions["A"].width = _LABEL_WIDTH
    about.column_dimensions["B"].width = _VALUE_WIDTH
    _size(about, 2, len(lines))
    set_up_printing(about, landscape=False, pages_tall=1)
    rows = _Rows(about, [_LABEL_WIDTH, _VALUE_WIDTH])
    for label, value in lines:
        rows.append([(label, _LABEL), (value, _COUNT if isinstance(value, int) else _TEXT)])


def render_workbook(countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
    """The workbook's bytes (blocking: call it in a thread)."""
    # Write-only: each row is written out as it is appended, and its cells can be reused.
    book = Workbook(write_only=True)
    _write_countries(book.create_sheet("Countries"), countries, columns_of(meta.columns))
    _write_about(book.create_sheet("About"), countries, meta)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class OpenpyxlWorkbookWriter(WorkbookWriter):
    async def render(self, countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
        return await asyncio.to_thread(render_workbook, list(countries), meta)
