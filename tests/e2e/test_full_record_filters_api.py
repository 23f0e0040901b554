"""The full record's filters and sorts on the native API, each filter against its reference."""

from __future__ import annotations

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from countries.domain.text import fold
from tests.e2e.full_record_reference import EVERY, FLAGS, FUZZ, REFERENCE, neighbours, term_for


async def _codes(client: httpx2.AsyncClient, route: str = "/countries", **params: str) -> list[str]:
    response = await client.get(route, params=params)
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["items"]]


@pytest.mark.parametrize("parameter", sorted(REFERENCE))
@FUZZ
@given(data=st.data())
async def test_each_filter_answers_what_its_reference_finds(
    client: httpx2.AsyncClient, parameter: str, data: st.DataObject
) -> None:
    term = data.draw(term_for(parameter), label=parameter)
    expected = {c.code for c in EVERY if REFERENCE[parameter](c, term)}
    assert set(await _codes(client, **{parameter: term})) == expected


@pytest.mark.parametrize("parameter", FLAGS)
@pytest.mark.parametrize("value", [True, False])
async def test_each_flag_answers_the_countries_holding_that_value(
    client: httpx2.AsyncClient, parameter: str, value: bool
) -> None:
    expected = {c.code for c in EVERY if getattr(c.details, parameter) is value}
    assert expected
    assert set(await _codes(client, **{parameter: str(value).lower()})) == expected


@pytest.mark.parametrize("parameter", FLAGS)
@pytest.mark.parametrize("spelling", ["True", "1", "yes", "on", ""])
async def test_a_flag_takes_only_true_or_false(
    client: httpx2.AsyncClient, parameter: str, spelling: str
) -> None:
    answer = await client.get("/countries", params={parameter: spelling})
    assert answer.status_code == 422, answer.text
    assert parameter in [e["name"] for e in answer.json()["errors"]]


async def test_the_euro_countries_and_their_neighbours_combine_with_and(
    client: httpx2.AsyncClient,
) -> None:
    euro = set(await _codes(client, currency="EUR"))
    assert {"DEU", "FRA", "ESP"} <= euro
    assert "GBR" not in euro
    assert set(await _codes(client, currency="euro")) == euro
    assert set(await _codes(client, currency="eur", borders="de")) == {
        c for c in euro if c in neighbours("DE")
    }
    assert await _codes(client, full_name="federal republic of GERMANY") == ["DEU"]
    assert await _codes(client, codes="ar,076,CHN,GER") == ["ARG", "BRA", "CHN", "DEU"]


async def test_a_numeric_code_is_found_without_its_leading_zeros_as_on_the_detail(
    client: httpx2.AsyncClient,
) -> None:
    assert (await client.get("/countries/32")).json()["code"] == "ARG"
    assert await _codes(client, codes="32,76") == ["ARG", "BRA"]
    assert set(await _codes(client, borders="32")) == neighbours("ARG") != set()


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_sort_by_area_puts_countries_without_area_last(
    client: httpx2.AsyncClient, order: str
) -> None:
    areas = {c.code: c.details.area for c in EVERY}
    codes = await _codes(client, sort="area", order=order)
    known = [area for code in codes if (area := areas[code]) is not None]
    assert known == sorted(known, reverse=order == "desc")
    assert codes[: len(known)] == [code for code in codes if areas[code] is not None]
    assert (await _codes(client, sort="area", order="desc"))[0] == "RUS"


async def test_sort_by_subregion_goes_by_subregion(client: httpx2.AsyncClient) -> None:
    items = (await client.get("/countries", params={"sort": "subregion"})).json()["items"]
    named = [fold(c["subregion"]) for c in items if c["subregion"]]
    assert named == sorted(named)
    assert all(not c["subregion"] for c in items[len(named) :])
