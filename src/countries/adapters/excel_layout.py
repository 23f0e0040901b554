"""How the workbook's sheets print: paper, orientation, scaling, margins, repeated header."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable

from openpyxl.styles import Alignment
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

# Long text wraps inside its column instead of being cut at the column's edge.
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# A hyperlink's text does not wrap in LibreOffice (it is one unbreakable field there), so
# a link longer than its column is shrunk to fit it instead.
SHRUNK = Alignment(shrink_to_fit=True, vertical="top")

# Number format "@" is the spreadsheet's Text format: the codes are shown as stored
# ("032"), and a code typed into the column later stays text instead of becoming 32.
TEXT_FORMAT = "@"

# Inches, as the file format counts them: about 1.3 cm at the sides, room for the footer.
_MARGINS = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)


def set_up_printing(sheet: WriteOnlyWorksheet, *, landscape: bool, pages_tall: int) -> None:
    """Print on A4, one page wide and `pages_tall` pages tall (0: as many as needed).

    A4 is set explicitly rather than left to the printer's default, so every reader
    gets the same pages; the fit-to-width scaling still keeps each row whole on Letter.
    """
    setup = sheet.page_setup
    # The paper and orientation codes are Worksheet's; a write-only sheet does not copy them.
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = (
        Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    )
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    setup.fitToWidth = 1
    setup.fitToHeight = pages_tall
    sheet.page_margins = _MARGINS
    sheet.oddFooter.center.text = "&A: page &P of &N"


def repeat_header_row(sheet: WriteOnlyWorksheet) -> None:
    """Print the header row at the top of every page, and the grid that ties rows together."""
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


# Points per line of the default font (Calibri 11), the height of a one-line row.
_LINE_HEIGHT = 15.0


def _lines(text: str, width: float) -> int:
    # A column's width counts digits of the default font; most letters are narrower, so
    # wrapping at that many characters errs towards a spare line rather than a cut one.
    # Like a spreadsheet, a word too long for the column starts a line and is split there.
    characters = max(1, int(width))
    if len(text) <= characters and "\t" not in text:
        return 1  # as textwrap would say, without its cost: only tabs (expanded) lengthen text
    wrapped = textwrap.wrap(text, width=characters, break_long_words=False)
    return max(1, sum(math.ceil(len(line) / characters) for line in wrapped))


def row_height(wrapped: Iterable[tuple[str, float]]) -> float | None:
    """The height of a row whose wrapped texts are these, in columns this wide (None: one line).

    LibreOffice keeps the default height of rows that do not state one when it opens an
    .xlsx, which would hide every wrapped line but the first; Excel honours them too.
    """
    lines = max((_lines(text, width) for text, width in wrapped), default=1)
    return lines * _LINE_HEIGHT if lines > 1 else None
