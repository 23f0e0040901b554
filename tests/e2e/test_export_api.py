"""GET /countries/export and `countries export`: the same rows as GET /countries, as .xlsx."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from countries.config import Settings
from countries.entrypoints import cli

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATED = r"\d{4}-\d{2}-\d{2}"


def sheet_codes(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Countries"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return [str(row[0]) for row in rows]


async def list_codes(client: httpx2.AsyncClient, params: dict[str, str]) -> list[str]:
    response = await client.get("/countries", params=params)
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["items"]]


async def test_south_america_is_a_dated_attachment_of_14_rows(
    client: httpx2.AsyncClient,
) -> None:
    response = await client.get("/countries/export", params={"continent": "south america"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert re.fullmatch(
        rf'attachment; filename="countries-south-america-{DATED}\.xlsx"',
        response.headers["content-disposition"],
    )
    codes = sheet_codes(response.content)
    assert len(codes) == 14
    assert codes == await list_codes(client, {"continent": "south america"})


async def test_unfiltered_is_every_country(client: httpx2.AsyncClient) -> None:
    response = await client.get("/countries/export")
    assert re.fullmatch(
        rf'attachment; filename="countries-{DATED}\.xlsx"', response.headers["content-disposition"]
    )
    assert len(sheet_codes(response.content)) == 250


async def test_export_is_not_taken_for_a_country_code(client: httpx2.AsyncClient) -> None:
    response = await client.get("/countries/export", params={"q": "no such place at all"})
    assert response.status_code == 200
    assert sheet_codes(response.content) == []


@pytest.mark.parametrize(
    "params", [{"sort": "nonsense"}, {"order": "up"}, {"name": ""}, {"q": "a\x00b"}]
)
async def test_bad_parameters_are_a_422_problem(
    client: httpx2.AsyncClient, params: dict[str, str]
) -> None:
    response = await client.get("/countries/export", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


FILTER_VALUES = ["a", "an", "ia", "south", "europe", "americas", "san", "é", "island"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(FILTER_VALUES),
            "capital": st.sampled_from(FILTER_VALUES),
            "continent": st.sampled_from(FILTER_VALUES),
            "q": st.sampled_from(FILTER_VALUES),
            "sort": st.sampled_from(
                ["name", "capital", "currency", "continent", "language", "population", "code"]
            ),
            "order": st.sampled_from(["asc", "desc"]),
        },
    )
)
async def test_rows_are_what_the_list_lists(
    client: httpx2.AsyncClient, params: dict[str, str]
) -> None:
    response = await client.get("/countries/export", params=params)
    assert response.status_code == 200, response.text
    assert sheet_codes(response.content) == await list_codes(client, params), params


def test_the_cli_writes_the_same_workbook(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "sa.xlsx"
    argv = ["export", "--continent", "south america", "--sort", "population"]
    code = cli.main([*argv, "--order", "desc", "-o", str(target)], settings=settings_for())
    assert code == 0
    assert "wrote 14 countries" in capsys.readouterr().out
    book = load_workbook(target)
    populations = [row[11] for row in book["Countries"].iter_rows(min_row=2, values_only=True)]
    assert len(populations) == 14
    assert populations == sorted(populations, reverse=True)
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Filter: continent"] == "south america"
    assert about["Sort"] == "population desc"
