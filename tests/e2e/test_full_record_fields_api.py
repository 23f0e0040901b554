"""The full record's fields on the native API: `fields=`, unknown parameters, export columns."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from countries.config import Settings
from countries.entrypoints import cli
from countries.entrypoints.http.schemas.countries import COUNTRY_FIELDS
from tests.e2e.full_record_reference import EVERY, FLAGS, FUZZ, REFERENCE


@FUZZ
@given(fields=st.lists(st.sampled_from(COUNTRY_FIELDS), min_size=1, max_size=6))
async def test_fields_keeps_exactly_the_named_fields_and_the_code(
    client: httpx2.AsyncClient, fields: list[str]
) -> None:
    wanted = {*fields, "code"}
    listed = await client.get("/countries", params={"fields": ",".join(fields), "limit": 3})
    assert listed.status_code == 200, listed.text
    assert all(set(item) == wanted for item in listed.json()["items"])
    one = await client.get("/countries/ar", params={"fields": ",".join(fields)})
    assert one.status_code == 200, one.text
    whole = (await client.get("/countries/ARG")).json()
    assert one.json() == {name: value for name, value in whole.items() if name in wanted}


async def test_every_country_carries_the_full_record(client: httpx2.AsyncClient) -> None:
    argentina = (await client.get("/countries/ARG")).json()
    assert list(argentina) == list(COUNTRY_FIELDS)
    assert argentina["cioc"] == "ARG"
    assert argentina["independent"] is True
    assert argentina["borders"] == ["BOL", "BRA", "CHL", "PRY", "URY"]
    assert argentina["calling_codes"] == ["+54"]
    assert argentina["demonyms"]["eng"] == {"f": "Argentine", "m": "Argentine"}
    assert argentina["area"] == 2780400


unknown_names = st.from_regex(r"[a-z][a-z_]{1,11}", fullmatch=True).filter(
    lambda n: (
        n not in {*COUNTRY_FIELDS, "q", "sort", "order", "limit", "offset", "fields"}
        and n not in REFERENCE
        and n not in FLAGS
        and n not in {"name", "capital", "continent"}
    )
)


@pytest.mark.parametrize(
    "route", ["/countries", "/countries/export", "/countries/ARG", "/countries/ARG/activities"]
)
@FUZZ
@given(name=unknown_names)
async def test_an_unknown_parameter_is_a_422_naming_it(
    client: httpx2.AsyncClient, route: str, name: str
) -> None:
    answer = await client.get(route, params={name: "EUR"})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    (error,) = [e for e in answer.json()["errors"] if e["name"] == name]
    assert error["message"] == f"{name} is not a parameter of this route"


@pytest.mark.parametrize("route", ["/countries", "/countries/export", "/countries/ARG"])
async def test_an_unknown_field_is_a_422_naming_it(client: httpx2.AsyncClient, route: str) -> None:
    answer = await client.get(route, params={"fields": "name,gdp,area"})
    assert answer.status_code == 422, answer.text
    (error,) = answer.json()["errors"]
    assert error["name"] == "fields"
    assert "'gdp'" in error["message"]


async def test_unknown_fields_are_named_once_and_never_echoed_at_length(
    client: httpx2.AsyncClient,
) -> None:
    names = ["bogus", "bogus", "x" * 2000, *(f"f{n}" for n in range(8))]
    answer = await client.get("/countries", params={"fields": ",".join(names)})
    (error,) = answer.json()["errors"]
    assert error["message"] == (
        f"fields names no Country field: 'bogus', '{'x' * 40}…', 'f0', 'f1', 'f2' and 5 more"
    )


async def test_a_parameter_with_no_name_is_said_so(client: httpx2.AsyncClient) -> None:
    answer = await client.get("/countries?=x")
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["detail"] == "invalid parameter with no name"
    assert problem["errors"] == [
        {
            "name": "",
            "location": "query",
            "message": "a parameter with no name is not a parameter of this route",
        }
    ]


def _sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content))["Countries"]
    return list(sheet.iter_rows(values_only=True))


async def test_an_export_with_fields_has_exactly_those_columns(
    client: httpx2.AsyncClient,
) -> None:
    params = {"fields": "name,area,borders,independent", "continent": "south america"}
    answer = await client.get("/countries/export", params=params)
    assert answer.status_code == 200, answer.text
    header, *rows = _sheet_rows(answer.content)
    assert header == ("Name", "Area (km²)", "Borders", "Independent")
    assert ("Argentina", 2780400, "BOL, BRA, CHL, PRY, URY", "yes") in rows
    default = _sheet_rows((await client.get("/countries/export")).content)[0]
    assert default[:4] == ("Code", "CCA2", "CCN3", "Name")
    assert len(default) == 14


def test_the_cli_exports_the_new_filters_and_columns(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "out.xlsx"
    argv = ["export", "--currency", "EUR", "--un-member", "false", "--fields", "code,name"]
    code = cli.main([*argv, "-o", str(target)], settings=settings_for())
    assert code == 0, capsys.readouterr().err
    header, *rows = _sheet_rows(target.read_bytes())
    assert header == ("Code", "Name")
    expected = {
        c.code for c in EVERY if REFERENCE["currency"](c, "EUR") and c.details.un_member is False
    }
    assert {row[0] for row in rows} == expected


def test_the_cli_refuses_a_flag_other_than_true_or_false(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: Any
) -> None:
    target = tmp_path / "out.xlsx"
    code = cli.main(["export", "--landlocked", "yes", "-o", str(target)], settings=settings_for())
    assert code == 2
    assert "invalid --landlocked: landlocked must be true or false" in capsys.readouterr().err
