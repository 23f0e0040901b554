"""GET /countries and GET /countries/{code} on the real world, as the contract describes them."""

from __future__ import annotations

import httpx2
import pytest

from countries.domain.text import fold


async def codes(client: httpx2.AsyncClient, **params: str | int) -> list[str]:
    response = await client.get("/countries", params=params)
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["items"]]


async def test_the_list_has_every_country_with_every_field(client: httpx2.AsyncClient) -> None:
    body = (await client.get("/countries")).json()
    assert body["total"] == 250 == len(body["items"])
    assert (body["limit"], body["offset"]) == (None, 0)
    argentina = next(c for c in body["items"] if c["code"] == "ARG")
    assert argentina["cca2"] == "AR"
    assert argentina["ccn3"] == "032"
    assert argentina["official_name"] == "Argentine Republic"
    assert argentina["capital"] == ["Buenos Aires"]
    assert argentina["currencies"] == [{"code": "ARS", "name": "Argentine peso", "symbol": "$"}]
    assert argentina["continents"] == ["South America"]
    assert argentina["languages"] == [
        {"code": "grn", "name": "Guaraní"},
        {"code": "spa", "name": "Spanish"},
    ]
    assert argentina["flag"]["emoji"] == "🇦🇷"
    assert argentina["flag"]["png"].endswith("/ar.png")


async def test_antarctica_has_empty_lists_not_missing_fields(client: httpx2.AsyncClient) -> None:
    antarctica = (await client.get("/countries/ATA")).json()
    assert antarctica["capital"] == []
    assert antarctica["currencies"] == []
    assert antarctica["languages"] == []


async def test_search_matches_translations_in_the_users_language(
    client: httpx2.AsyncClient,
) -> None:
    assert "DEU" in await codes(client, name="Alemania")
    assert "DEU" in await codes(client, q="allemagne")


async def test_search_ignores_case_and_accents(client: httpx2.AsyncClient) -> None:
    assert await codes(client, capital="bogota") == ["COL"]
    assert await codes(client, capital="BOGOTÁ") == ["COL"]


async def test_continent_matches_continents_and_region(client: httpx2.AsyncClient) -> None:
    assert len(await codes(client, continent="south america")) == 14
    americas = await codes(client, continent="americas")
    assert "ARG" in americas
    assert "USA" in americas


async def test_filters_combine_with_and(client: httpx2.AsyncClient) -> None:
    found = await codes(client, continent="europe", capital="madrid")
    assert found == ["ESP"]


async def test_aland_sorts_among_the_as(client: httpx2.AsyncClient) -> None:
    names = [
        c["name"] for c in (await client.get("/countries", params={"sort": "name"})).json()["items"]
    ]
    assert names.index("Åland Islands") < names.index("Albania")
    assert [fold(n) for n in names] == sorted(fold(n) for n in names)


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_countries_without_a_capital_sort_last(
    client: httpx2.AsyncClient, order: str
) -> None:
    items = (await client.get("/countries", params={"sort": "capital", "order": order})).json()[
        "items"
    ]
    without = [i for i, c in enumerate(items) if not c["capital"]]
    assert without == list(range(len(items) - len(without), len(items)))
    capitals = [fold(c["capital"][0]) for c in items if c["capital"]]
    assert capitals == sorted(capitals, reverse=order == "desc")


async def test_population_sorts_numerically(client: httpx2.AsyncClient) -> None:
    items = (
        await client.get("/countries", params={"sort": "population", "order": "desc", "limit": 3})
    ).json()["items"]
    assert [c["code"] for c in items] == ["IND", "CHN", "USA"]


async def test_pages_concatenate_to_the_whole_list(client: httpx2.AsyncClient) -> None:
    whole = await codes(client, sort="population")
    paged: list[str] = []
    for offset in range(0, 250, 37):
        paged += await codes(client, sort="population", limit=37, offset=offset)
    assert paged == whole


@pytest.mark.parametrize("code", ["ARG", "arg", "AR", "ar", "032", "32"])
async def test_one_country_by_any_of_its_codes(client: httpx2.AsyncClient, code: str) -> None:
    response = await client.get(f"/countries/{code}")
    assert response.status_code == 200
    assert response.json()["code"] == "ARG"


async def test_an_unknown_code_is_a_404_problem(client: httpx2.AsyncClient) -> None:
    response = await client.get("/countries/ZZZ")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "no country has the code 'ZZZ'"


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "gdp"}, "sort"),
        ({"order": "up"}, "order"),
        ({"name": "a\x00b"}, "name"),
        ({"capital": "x" * 101}, "capital"),
    ],
)
async def test_bad_parameters_are_a_422_problem_naming_them(
    client: httpx2.AsyncClient, params: dict[str, object], bad: str
) -> None:
    response = await client.get("/countries", params=params)  # type: ignore[arg-type]
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    assert [e["name"] for e in problem["errors"]] == [bad]
    assert bad in problem["detail"]


@pytest.mark.parametrize("code", ["A1", "ABCD", "1234", "ÅLA"])
async def test_a_malformed_code_is_a_422_problem(client: httpx2.AsyncClient, code: str) -> None:
    response = await client.get(f"/countries/{code}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["name"] == "code"


async def test_unknown_routes_are_problems_too(client: httpx2.AsyncClient) -> None:
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("page_url", "script"),
    [
        ("/docs", "/docs-assets/swagger-ui-bundle.js"),
        ("/redoc", "/docs-assets/redoc.standalone.js"),
    ],
)
async def test_docs_work_without_internet(
    client: httpx2.AsyncClient, page_url: str, script: str
) -> None:
    page = await client.get(page_url)
    assert page.status_code == 200
    assert "https://" not in page.text  # every asset from this server: no CDN, no web fonts
    assert script in page.text
    asset = await client.get(script)
    assert asset.status_code == 200
    assert len(asset.content) > 100_000
