"""The REST Countries v3.1 routes through ASGI, as an application written for them sees them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from countries.config import Settings
from countries.entrypoints.http.schemas.v31 import FIELD_NAMES

NOT_FOUND = {"status": 404, "message": "Not Found"}
BAD_REQUEST = {"status": 400, "message": "Bad Request"}


async def test_all_is_every_country_with_every_field_in_the_order_of_countries(
    client: httpx2.AsyncClient,
) -> None:
    records = (await client.get("/v3.1/all")).json()
    listed = (await client.get("/countries")).json()["items"]
    assert [r["cca3"] for r in records] == [c["code"] for c in listed]
    assert len(records) == 250
    assert all(list(record) == list(FIELD_NAMES) for record in records)
    argentina = next(r for r in records if r["cca3"] == "ARG")
    assert argentina["name"]["official"] == "Argentine Republic"
    assert argentina["currencies"] == {"ARS": {"name": "Argentine peso", "symbol": "$"}}
    assert argentina["languages"] == {"grn": "Guaraní", "spa": "Spanish"}


async def test_all_takes_more_than_ten_fields(client: httpx2.AsyncClient) -> None:
    eleven = ",".join(FIELD_NAMES[:11])
    records = (await client.get("/v3.1/all", params={"fields": eleven})).json()
    assert {tuple(record) for record in records} == {FIELD_NAMES[:11]}


async def test_fields_keeps_only_the_named_fields(client: httpx2.AsyncClient) -> None:
    response = await client.get("/v3.1/region/europe", params={"fields": "capital,cca3,nope"})
    assert response.status_code == 200
    assert {"cca3": "DEU", "capital": ["Berlin"]} in response.json()
    assert all(list(record) == ["cca3", "capital"] for record in response.json())


async def test_alpha_is_an_array_without_fields_and_one_object_with_them(
    client: httpx2.AsyncClient,
) -> None:
    array = (await client.get("/v3.1/alpha/co")).json()
    assert [r["cca3"] for r in array] == ["COL"]
    assert list(array[0]) == list(FIELD_NAMES)
    one = (await client.get("/v3.1/alpha/col", params={"fields": "name,cca3"})).json()
    assert one == {"name": array[0]["name"], "cca3": "COL"}
    # An empty `fields` names no selection: the array, as the server did.
    assert (await client.get("/v3.1/alpha/170?fields=")).json() == array


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/v3.1/capital/bogota", ["COL"]),
        ("/v3.1/capital/BOGOTÁ", ["COL"]),
        ("/v3.1/name/Argentine Republic?fullText=true", ["ARG"]),
        ("/v3.1/name/argentina?fullText=true", ["ARG"]),
        ("/v3.1/alpha?codes=ar,DEU,170", ["ARG", "COL", "DEU"]),
        ("/v3.1/alpha/?codes=ar", ["ARG"]),
        ("/v3.1/subregion/south america", None),  # checked below: every one South American
    ],
)
async def test_the_java_rules_find_what_the_server_found(
    client: httpx2.AsyncClient, url: str, expected: list[str] | None
) -> None:
    response = await client.get(url + ("&" if "?" in url else "?") + "fields=cca3,subregion")
    assert response.status_code == 200, response.text
    found = [record["cca3"] for record in response.json()]
    if expected is None:
        assert len(found) == 14
        assert {r["subregion"] for r in response.json()} == {"South America"}
    else:
        assert found == expected


async def test_currency_by_name_or_code_finds_the_euro_countries(
    client: httpx2.AsyncClient,
) -> None:
    by_name = (await client.get("/v3.1/currency/eur", params={"fields": "cca3"})).json()
    by_code = (await client.get("/v3.1/currency/EUR", params={"fields": "cca3"})).json()
    assert by_name == by_code
    assert {"DEU", "FRA", "ESP", "IRL", "MNE"} <= {r["cca3"] for r in by_name}
    assert {"GBR", "CHE", "USA"}.isdisjoint(r["cca3"] for r in by_name)


async def test_region_and_language(client: httpx2.AsyncClient) -> None:
    europe = (await client.get("/v3.1/region/europe", params={"fields": "region"})).json()
    assert len(europe) == 53
    assert {r["region"] for r in europe} == {"Europe"}
    spanish = (await client.get("/v3.1/lang/spanish", params={"fields": "cca3"})).json()
    assert {"ARG", "COL", "ESP", "MEX"} <= {r["cca3"] for r in spanish}
    assert (await client.get("/v3.1/lang/SPA", params={"fields": "cca3"})).json() == spanish


@pytest.mark.parametrize(
    "url",
    [
        "/v3.1/name/united?fullText=true",
        "/v3.1/name/atlantis",
        "/v3.1/alpha/zz",
        "/v3.1/alpha?codes=zz,yy",
        "/v3.1/currency/zzz",
        "/v3.1/capital/gotham",
        "/v3.1/region/mars",
        "/v3.1/lang/klingon",
        "/v3.1/nope",
        "/v3.1/all/more",
        "/v3.1",
    ],
)
async def test_nothing_found_is_the_v31_not_found_body(
    client: httpx2.AsyncClient, url: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == NOT_FOUND
    assert "etag" not in response.headers


@pytest.mark.parametrize(
    "url",
    [
        "/v3.1/alpha/c",
        "/v3.1/alpha/colo",
        "/v3.1/alpha",
        "/v3.1/alpha?codes=",
        "/v3.1/alpha?codes=c",
        "/v3.1/alpha?codes=colo",
    ],
)
async def test_a_refused_parameter_is_the_v31_bad_request_body(
    client: httpx2.AsyncClient, url: str
) -> None:
    response = await client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json() == BAD_REQUEST


async def test_other_routes_keep_their_problem_documents(client: httpx2.AsyncClient) -> None:
    response = await client.get("/countries/ZZZ")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.post("/v3.1/all")).json() == {
        "status": 405,
        "message": "Method Not Allowed",
    }


async def test_answers_are_public_for_an_hour_and_revalidate_with_their_etag(
    client: httpx2.AsyncClient,
) -> None:
    first = await client.get("/v3.1/name/peru")
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=3600"
    etag = first.headers["etag"]
    again = await client.get("/v3.1/name/peru", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=3600"
    assert again.content == b""
    repeated = await client.get("/v3.1/name/peru")
    assert (repeated.content, repeated.headers["etag"]) == (first.content, etag)


async def test_a_body_refused_before_routing_is_the_v31_error_body(
    serve: Any, settings_for: Callable[..., Settings]
) -> None:
    """The request guard answers before FastAPI: a v3.1 client still reads its own body."""
    async with serve(settings_for(max_body_bytes=100)) as client:
        too_large = await client.post("/v3.1/all", content=b"x" * 200)
        too_deep = await client.post(
            "/v3.1/alpha/col",
            content=b"[" * 40 + b"]" * 40,  # deeper than 32, under 100 bytes
            headers={"Content-Type": "application/json"},
        )
    assert (too_large.status_code, too_large.json()) == (
        413,
        {"status": 413, "message": "Request Entity Too Large"},
    )
    assert too_large.headers["content-type"] == "application/json"
    assert too_deep.json() == BAD_REQUEST
