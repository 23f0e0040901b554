"""The workbook writer: read every workbook back with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from countries.adapters.excel import HEADERS, POPULATION_FORMAT, OpenpyxlWorkbookWriter
from countries.adapters.snapshot import BundledSnapshotSource
from countries.application.ports import WorkbookMeta
from countries.domain.model import Country, Language
from countries.domain.query import SortField, SortOrder, SortSpec
from tests.argentina import argentina
from tests.fakes import make_country

META = WorkbookMeta(
    filters={"continent": "south america"},
    sort=SortSpec(field=SortField.POPULATION, order=SortOrder.DESC),
    generated_at=datetime(2026, 11, 28, 7, 0, tzinfo=UTC),
    synced_at=datetime(2026, 11, 27, 23, 30, tzinfo=UTC),
    source="REST Countries (https://restcountries.com)",
    licence="MPL-2.0",
)


async def render(countries: list[Country], meta: WorkbookMeta = META) -> Workbook:
    content = await OpenpyxlWorkbookWriter().render(countries, meta)
    return load_workbook(io.BytesIO(content))


async def test_the_header_is_bold_frozen_and_filtered() -> None:
    book = await render([make_country("ARG"), make_country("BRA")])
    sheet = book["Countries"]
    header = [c.value for c in sheet[1]]
    assert header == [title for title, _ in HEADERS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{3}"
    assert sheet.column_dimensions["D"].width >= 20


async def test_one_row_per_country_with_every_field() -> None:
    sheet = (await render([argentina(), make_country("BRA")]))["Countries"]
    assert sheet.max_row == 3
    row = {title: cell for (title, _), cell in zip(HEADERS, sheet[2], strict=True)}
    assert row["Code"].value == "ARG"
    assert row["CCN3"].value == "032"
    assert row["Official name"].value == "Argentine Republic"
    assert row["Capitals"].value == "Buenos Aires"
    assert row["Currencies"].value == "Argentine peso (ARS, $)"
    assert row["Languages"].value == "Guaraní (grn), Spanish (spa)"
    assert row["Population"].value == 46_735_004
    assert row["Population"].number_format == POPULATION_FORMAT
    assert row["Flag"].value == "🇦🇷"
    assert row["Flag image"].hyperlink.target == "https://flagcdn.com/w320/ar.png"
    assert sheet.cell(row=3, column=1).value == "BRA"


async def test_the_about_sheet_says_what_when_and_whence() -> None:
    about = dict((await render([make_country()]))["About"].iter_rows(values_only=True))
    assert about["Filter: continent"] == "south america"
    assert about["Sort"] == "population desc"
    assert about["Generated at"] == "2026-11-28T07:00:00+00:00"
    assert about["Data last synced at"] == "2026-11-27T23:30:00+00:00"
    assert "REST Countries" in str(about["Data source"])
    assert about["Data licence"] == "MPL-2.0"


@pytest.mark.parametrize(
    "evil", ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
async def test_text_never_becomes_a_formula(evil: str) -> None:
    country = make_country("EVL", name=evil, capitals=(evil,), official_name=evil)
    book = await render([country], META)
    sheet = book["Countries"]
    for column in (4, 5, 6):
        cell = sheet.cell(row=2, column=column)
        assert cell.data_type == "s"
        # The standard library's XML writer leaves a CR bare, which XML end-of-line
        # handling reads back as LF; lxml (when installed) escapes it and keeps it.
        assert cell.value in {evil, evil.replace("\r", "\n")}


async def test_a_formula_like_filter_stays_text_on_the_about_sheet() -> None:
    meta = WorkbookMeta(
        filters={"name": "=cmd|' /C calc'!A0"},
        sort=SortSpec(),
        generated_at=META.generated_at,
        synced_at=None,
        source=None,
        licence="MPL-2.0",
    )
    about = (await render([], meta))["About"]
    cells = {row[0].value: row[1] for row in about.iter_rows()}
    assert cells["Filter: name"].data_type == "s"
    assert cells["Data last synced at"].value == "never"


async def test_illegal_control_characters_are_stripped() -> None:
    sheet = (await render([make_country(name="Bad\x00Na\x07me\x1b")]))["Countries"]
    assert sheet.cell(row=2, column=4).value == "BadName"


async def test_an_empty_list_is_a_valid_workbook_with_its_header() -> None:
    book = await render([])
    sheet = book["Countries"]
    assert sheet.max_row == 1
    assert [c.value for c in sheet[1]] == [title for title, _ in HEADERS]
    assert book["About"]["B1"].value == 0


async def test_every_country_of_the_snapshot_is_written_and_read_back() -> None:
    countries = await BundledSnapshotSource().fetch()
    content = await OpenpyxlWorkbookWriter().render(countries, META)
    sheet = load_workbook(io.BytesIO(content))["Countries"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [c.code for c in countries]
    assert [row[11] for row in rows] == [c.population for c in countries]


async def test_a_read_only_reader_knows_each_sheets_size() -> None:
    # openpyxl leaves a write-only sheet's used range out unless the writer says it.
    content = await OpenpyxlWorkbookWriter().render(
        [make_country("ARG"), make_country("BRA")], META
    )
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert (book["Countries"].max_row, book["Countries"].max_column) == (3, len(HEADERS))
    assert (book["About"].max_row, book["About"].max_column) == (8, 2)


async def test_the_countries_sheet_prints_landscape_one_page_wide_with_its_header_on_each() -> None:
    sheet = (await render([make_country("ARG"), make_country("BRA")]))["Countries"]
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.paperSize == 9  # A4, in the file format's paper codes
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == "'Countries'!$A$1:$N$3"


async def test_the_about_sheet_prints_on_one_page() -> None:
    about = (await render([make_country()]))["About"]
    assert about.sheet_properties.pageSetUpPr.fitToPage
    assert (about.page_setup.fitToWidth, about.page_setup.fitToHeight) == (1, 1)
    assert about.page_setup.paperSize == 9  # A4


async def test_long_text_wraps_in_a_row_tall_enough_to_show_it() -> None:
    bolivia = make_country(
        "BOL",
        official_name="Plurinational State of Bolivia",
        languages=tuple(
            Language(code=code, name=name)
            for code, name in [("aym", "Aymara"), ("grn", "Guaraní"), ("que", "Quechua")]
        ),
    )
    sheet = (await render([bolivia, make_country("BRA", languages=())]))["Countries"]
    languages = sheet.cell(row=2, column=1 + [h for h, _ in HEADERS].index("Languages"))
    assert languages.value == "Aymara (aym), Guaraní (grn), Quechua (que)"
    assert all(cell.alignment.wrap_text for cell in sheet[2][3:11])
    # Two lines of text at the default 15 points a line; a one-line row keeps the default.
    assert sheet.row_dimensions[2].height >= 2 * 15
    assert sheet.row_dimensions[3].height is None


async def test_codes_are_text_cells_in_a_text_column_and_keep_leading_zeros() -> None:
    sheet = (await render([make_country("AFG", cca2="AF", ccn3="004")]))["Countries"]
    codes = sheet[2][:3]
    assert [cell.value for cell in codes] == ["AFG", "AF", "004"]
    assert all(cell.data_type == "s" for cell in codes)
    assert all(cell.number_format == "@" for cell in codes)


async def test_a_word_longer_than_its_column_gets_lines_of_its_own() -> None:
    # A spreadsheet puts the long word on a new line and splits it there: "The",
    # "Llanfairpwllgwyngyllgoge", "rych Republic" in the 24-character official name column.
    country = make_country(official_name="The Llanfairpwllgwyngyllgogerych Republic")
    sheet = (await render([country]))["Countries"]
    assert sheet.row_dimensions[2].height >= 3 * 15
