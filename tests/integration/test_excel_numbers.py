"""Numbers in the workbook are numbers, shown without a dangling decimal point."""

from __future__ import annotations

from dataclasses import replace

from countries.adapters.excel import MEASURE_FORMAT, POPULATION_FORMAT
from tests.argentina import argentina
from tests.integration.test_excel import META, render


async def test_a_whole_area_has_no_decimal_point_and_a_fraction_keeps_two_digits() -> None:
    whole = argentina()
    fraction = replace(whole, code="VAT", details=replace(whole.details, area=0.49))
    meta = replace(META, columns=("code", "area"))
    sheet = (await render([whole, fraction], meta))["Countries"]
    (code, area), (_, whole_area), (_, fraction_area) = sheet.iter_rows(max_col=2)
    assert (code.value, area.value) == ("Code", "Area (km²)")
    assert whole_area.value == 2_780_400
    assert whole_area.number_format == POPULATION_FORMAT  # "2,780,400", not "2,780,400."
    assert fraction_area.value == 0.49
    assert fraction_area.number_format == MEASURE_FORMAT


async def test_the_about_sheet_counts_its_countries_in_a_number() -> None:
    about = (await render([argentina(), argentina()]))["About"]
    label, count = next(about.iter_rows(max_row=1))
    assert (label.value, count.value) == ("Countries", 2)
    assert count.number_format == POPULATION_FORMAT
