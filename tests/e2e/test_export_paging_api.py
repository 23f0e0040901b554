"""GET /countries/export with `limit` and `offset`: the page GET /countries lists, as .xlsx."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx2
import pytest
from openpyxl import load_workbook

DATED = r"\d{4}-\d{2}-\d{2}"
EUROPE = {"continent": "europe", "sort": "population", "order": "desc"}
PAGE = {**EUROPE, "limit": "5", "offset": "5"}


def sheet_codes(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content), read_only=True)["Countries"]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def about(content: bytes) -> dict[str, object]:
    sheet = load_workbook(io.BytesIO(content), read_only=True)["About"]
    return {str(label): value for label, value in sheet.iter_rows(values_only=True)}


def filename(response: httpx2.Response) -> str:
    found = re.fullmatch(r'attachment; filename="(.+)"', response.headers["content-disposition"])
    assert found, response.headers["content-disposition"]
    return found[1]


async def export(client: httpx2.AsyncClient, params: dict[str, str]) -> httpx2.Response:
    response = await client.get("/countries/export", params=params)
    assert response.status_code == 200, response.text
    return response


async def listed(client: httpx2.AsyncClient, params: dict[str, str]) -> Any:
    response = await client.get("/countries", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_page_holds_the_codes_the_list_lists_in_its_order(
    client: httpx2.AsyncClient,
) -> None:
    page = await listed(client, PAGE)
    codes = [item["code"] for item in page["items"]]
    assert len(codes) == 5
    assert sheet_codes((await export(client, PAGE)).content) == codes
    # The sixth to the tenth of every match, as the unpaged export lists them.
    assert sheet_codes((await export(client, EUROPE)).content)[5:10] == codes


@pytest.mark.parametrize(
    ("query", "parameter", "said"),
    [
        ("limit=0", "limit", "limit must be at least 1"),
        ("limit=501", "limit", "limit must be at most 500"),
        ("offset=-1", "offset", "offset must be a whole number in plain digits"),
        ("limit=x", "limit", "limit must be a whole number in plain digits"),
    ],
)
async def test_a_refused_page_is_a_422_naming_it_as_on_the_list(
    client: httpx2.AsyncClient, query: str, parameter: str, said: str
) -> None:
    exported = await client.get(f"/countries/export?continent=europe&{query}")
    on_the_list = await client.get(f"/countries?continent=europe&{query}")
    assert exported.status_code == on_the_list.status_code == 422
    assert exported.headers["content-type"] == "application/problem+json"
    errors = exported.json()["errors"]
    assert [error["name"] for error in errors] == [parameter]
    assert errors[0]["message"].startswith(said)
    assert errors == on_the_list.json()["errors"]
    assert exported.json()["detail"] == on_the_list.json()["detail"]


async def test_two_pages_are_two_workbooks_named_after_their_rows(
    client: httpx2.AsyncClient,
) -> None:
    first = await export(client, {**PAGE, "offset": "0"})
    second = await export(client, PAGE)
    assert first.content != second.content
    assert not set(sheet_codes(first.content)) & set(sheet_codes(second.content))
    assert re.fullmatch(
        rf"countries-europe-by-population-desc-rows-1-5-{DATED}\.xlsx", filename(first)
    )
    assert re.fullmatch(
        rf"countries-europe-by-population-desc-rows-6-10-{DATED}\.xlsx", filename(second)
    )
    # Asked again, each page is its own kept workbook, not the other's.
    again = await export(client, {**PAGE, "offset": "0"})
    assert sheet_codes(again.content) == sheet_codes(first.content)
    assert filename(again) == filename(first)


async def test_the_about_sheet_says_which_rows_of_the_matches_it_holds(
    client: httpx2.AsyncClient,
) -> None:
    total = (await listed(client, PAGE))["total"]
    said = about((await export(client, PAGE)).content)
    assert said["Countries"] == 5
    assert said["Rows"] == f"6 to 10 of {total} matches (limit 5, offset 5)"


async def test_an_offset_alone_or_past_the_end_says_so(client: httpx2.AsyncClient) -> None:
    tail = await export(client, {"offset": "245"})
    assert len(sheet_codes(tail.content)) == 5
    assert re.fullmatch(rf"countries-rows-246-end-{DATED}\.xlsx", filename(tail))
    assert about(tail.content)["Rows"] == "246 to 250 of 250 matches (offset 245)"
    past = await export(client, {"limit": "10", "offset": "300"})
    assert sheet_codes(past.content) == []
    assert about(past.content)["Rows"] == "none of 250 matches (limit 10, offset 300)"


async def test_without_a_page_the_export_is_every_match_as_before(
    client: httpx2.AsyncClient,
) -> None:
    total = (await listed(client, EUROPE))["total"]
    for params in (EUROPE, {**EUROPE, "offset": "0"}):
        response = await export(client, params)
        assert len(sheet_codes(response.content)) == total
        assert re.fullmatch(
            rf"countries-europe-by-population-desc-{DATED}\.xlsx", filename(response)
        )
        assert "Rows" not in about(response.content)


async def test_the_export_documents_limit_and_offset_as_the_list_does(
    client: httpx2.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    on_the_list = {p["name"]: p for p in spec["paths"]["/countries"]["get"]["parameters"]}
    exported = {p["name"]: p for p in spec["paths"]["/countries/export"]["get"]["parameters"]}
    for name in ("limit", "offset"):
        assert exported[name] == on_the_list[name], name
