"""How /v3.1 reads its parameters and paths: Micronaut's booleans, a trailing slash, the names.

The hosted server ran on Micronaut: `status` and `fullText` went through its String→Boolean
conversion (never an error), and a trailing slash matched the route without it.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

NOT_FOUND = {"status": 404, "message": "Not Found"}
# Micronaut's true words in any case, and `1`, which PHP's http_build_query sends for true.
TRUE = ["true", "TRUE", "True", "yes", "Yes", "y", "Y", "on", "ON", "1"]
# Everything else is false, never a 400: pydantic's other true words (`t`) included.
FALSE = ["false", "FALSE", "no", "n", "off", "0", "t", "maybe", "", " true", "2"]


async def _codes(client: httpx2.AsyncClient, url: str, **params: str) -> list[str] | None:
    response = await client.get(url, params={"fields": "cca3", **params})
    if response.status_code == 404:
        assert response.json() == NOT_FOUND
        return None
    assert response.status_code == 200, response.text
    return [record["cca3"] for record in response.json()]


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_status_is_true_for_micronauts_true_words_and_1_and_false_for_anything_else(
    client: httpx2.AsyncClient,
) -> None:
    independent = await _codes(client, "/v3.1/independent")
    others = await _codes(client, "/v3.1/independent", status="false")
    assert independent is not None
    assert others is not None
    assert (len(independent), len(others)) == (195, 55)
    for word in TRUE:
        assert await _codes(client, "/v3.1/independent", status=word) == independent, word
    for word in FALSE:
        assert await _codes(client, "/v3.1/independent", status=word) == others, word


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_full_text_is_true_for_the_same_words_and_false_for_anything_else(
    client: httpx2.AsyncClient,
) -> None:
    substring = await _codes(client, "/v3.1/name/united")
    assert substring is not None
    assert len(substring) > 1
    for word in TRUE:  # no country is called exactly "united"
        assert await _codes(client, "/v3.1/name/united", fullText=word) is None, word
    for word in FALSE:
        assert await _codes(client, "/v3.1/name/united", fullText=word) == substring, word


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
@pytest.mark.parametrize(
    "route",
    [
        "/v3.1/name/united+states",
        "/v3.1/name/united+states?fullText=true",
        "/v3.1/capital/buenos+aires",
        "/v3.1/translation/estados+unidos",
        "/v3.1/currency/united+states+dollar",
        "/v3.1/demonym/south+african",
        "/v3.1/region/north+america",
        "/v3.1/subregion/south+america",
        "/v3.1/lang/new+zealand+sign+language",
    ],
)
async def test_a_plus_in_a_search_term_is_a_space_as_micronaut_read_it(
    client: httpx2.AsyncClient, route: str
) -> None:
    """Form-style encoders write a space as `+`; the hosted server read it back so."""
    path, _, query = route.partition("?")
    params = dict([query.split("=")]) if query else {}
    spaced = await _codes(client, path.replace("+", "%20"), **params)
    assert spaced  # the spaced term finds countries
    assert await _codes(client, path, **params) == spaced


async def _openapi(client: httpx2.AsyncClient) -> dict[str, Any]:
    document: dict[str, Any] = (await client.get("/openapi.json")).json()
    return document


def _example_url(path: str, operation: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """`path` with its path parameters filled in from their examples, and its query."""
    query: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        value = parameter["schema"].get("examples", [""])[0]
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", value)
        elif parameter.get("required"):
            query[parameter["name"]] = value
    return path, query


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_every_route_answers_with_a_trailing_slash_as_without_it(
    client: httpx2.AsyncClient,
) -> None:
    paths = {p: ops for p, ops in (await _openapi(client))["paths"].items() if "/v3.1" in p}
    assert len(paths) == 12
    for documented, operations in paths.items():
        path, query = _example_url(documented, operations["get"])
        plain = await client.get(path, params=query)
        slashed = await client.get(path + "/", params=query)
        assert plain.status_code == 200, (path, plain.text)
        assert (slashed.status_code, slashed.content) == (200, plain.content), path
        assert slashed.headers["cache-control"] == plain.headers["cache-control"]
    # With fields, and the routes whose answer takes another shape with them.
    for url in ("/v3.1/all/?fields=cca3", "/v3.1/alpha/col/?fields=cca3"):
        response = await client.get(url)
        assert response.status_code == 200
        assert response.content == (await client.get(url.replace("/?", "?"))).content


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_a_trailing_slash_does_not_make_a_path_a_route(client: httpx2.AsyncClient) -> None:
    for url in ("/v3.1/name/", "/v3.1/all/more/", "/v3.1/nope/", "/v3.1/independent/x/"):
        response = await client.get(url)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), url


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_the_openapi_document_names_each_path_parameter_as_the_contract_does(
    client: httpx2.AsyncClient,
) -> None:
    paths = {p: ops["get"] for p, ops in (await _openapi(client))["paths"].items() if "/v3.1" in p}
    assert set(paths) == {
        "/v3.1/all",
        "/v3.1/name/{name}",
        "/v3.1/alpha/{code}",
        "/v3.1/alpha",
        "/v3.1/currency/{currency}",
        "/v3.1/demonym/{demonym}",
        "/v3.1/lang/{language}",
        "/v3.1/capital/{capital}",
        "/v3.1/region/{region}",
        "/v3.1/subregion/{subregion}",
        "/v3.1/translation/{translation}",
        "/v3.1/independent",
    }
    for path, operation in paths.items():
        in_path = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        assert ["{" + name + "}" for name in in_path] == [
            part for part in path.split("/") if part.startswith("{")
        ], path
