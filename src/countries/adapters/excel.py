"""The .xlsx workbook of a country list, written with openpyxl off the event loop."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
MEASURE_FORMAT = "#,##0.##"
# The body's font (openpyxl's default), named so that readers do not fall back to another
# face, wider than the one the column widths were chosen for.
_BOLD = Font(name="Calibri", size=11, bold=True)
_LINK = Font(name="Calibri", size=11, color="0563C1", underline="single")
# The About sheet's columns: its labels, and what they say.
_LABEL_WIDTH = 22
_VALUE_WIDTH = 60


def _clean(text: str) -> str:
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", text)
    return cleaned


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell; text is cleaned of illegal characters and never becomes a formula."""
    cell: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = _clean(value)
        cell.value = value
        # openpyxl turns any str starting with "=" into a formula; force a string cell.
        cell.data_type = "s"
        if value.startswith(_FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "never"


def _style(cell: Cell, column: Column, value: CellValue) -> Alignment:
    """Style a cell of `column`; its alignment, as set (read back, it is a costly proxy)."""
    cell.alignment = WRAPPED
    if column.kind is Kind.CODE:
        cell.number_format = TEXT_FORMAT
    elif column.kind in (Kind.COUNT, Kind.MEASURE):
        cell.number_format = POPULATION_FORMAT if column.kind is Kind.COUNT else MEASURE_FORMAT
        cell.alignment = TOP
        return TOP
    elif (
        column.kind is Kind.LINK
        and isinstance(value, str)
        and value.startswith(("https://", "http://"))
    ):
        cell.hyperlink = value
        cell.font = _LINK
        cell.alignment = SHRUNK
        return SHRUNK
    return WRAPPED


def _fit_height(sheet: Worksheet, row: int, cells: Sequence[tuple[Cell, Alignment, int]]) -> None:
    """Make the row tall enough for its wrapped text: (cell, its alignment, its width) each."""
    height = row_height(
        (cell.value, width)
        for cell, alignment, width in cells
        if alignment.wrap_text and isinstance(cell.value, str)
    )
    if height is not None:
        sheet.row_dimensions[row].height = height


def _write_countries(
    sheet: Worksheet, countries: Sequence[Country], columns: Sequence[Column]
) -> None:
    sheet.title = "Countries"
    header = []
    for number, column in enumerate(columns, start=1):
        cell = _put(sheet, 1, number, column.title)
        cell.font = _BOLD
        cell.alignment = WRAPPED
        header.append((cell, WRAPPED, column.width))
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    _fit_height(sheet, 1, header)
    for row, country in enumerate(countries, start=2):
        cells = []
        for number, column in enumerate(columns, start=1):
            value = column.value(country)
            cell = _put(sheet, row, number, value)
            cells.append((cell, _style(cell, column, value), column.width))
        _fit_height(sheet, row, cells)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = sheet.print_area = f"A1:{last}{max(1, len(countries) + 1)}"
    set_up_printing(sheet, landscape=True, pages_tall=0)
    repeat_header_row(sheet)


def _write_about(about: Worksheet, countries: Sequence[Country], meta: WorkbookMeta) -> None:
    lines: list[tuple[str, str]] = [
        ("Countries", str(len(countries))),
        *((f"Filter: {name}", value) for name, value in meta.filters.items()),
    ]
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
    for row, (label, value) in enumerate(lines, start=1):
        label_cell = _put(about, row, 1, label)
        label_cell.font = _BOLD
        label_cell.alignment = TOP
        value_cell = _put(about, row, 2, value)
        value_cell.alignment = WRAPPED
        _fit_height(
            about, row, [(label_cell, TOP, _LABEL_WIDTH), (value_cell, WRAPPED, _VALUE_WIDTH)]
        )
    about.column_dimensions["A"].width = _LABEL_WIDTH
    about.column_dimensions["B"].width = _VALUE_WIDTH
    set_up_printing(about, landscape=False, pages_tall=1)


def render_workbook(countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
    """The workbook's bytes (blocking: call it in a thread)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    _write_countries(sheet, countries, columns_of(meta.columns))
    _write_about(book.create_sheet("About"), countries, meta)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class OpenpyxlWorkbookWriter(WorkbookWriter):
    async def render(self, countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
        return await asyncio.to_thread(render_workbook, list(countries), meta)
