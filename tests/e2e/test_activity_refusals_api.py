"""The activities routes' limits: 404 for an unknown country or id, 422 past a limit, 201 at one."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from tests.e2e.activities import GLACIER, add
from tests.e2e.conftest import ADMIN


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("POST", GLACIER)])
async def test_an_unknown_country_is_404(
    client: httpx2.AsyncClient, method: str, body: dict[str, str] | None
) -> None:
    response = await client.request(method, "/countries/XYZ/activities", json=body, headers=ADMIN)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/not-found"


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PATCH", {"name": "x"}), ("DELETE", None)]
)
async def test_an_unknown_id_or_one_of_another_country_is_404(
    client: httpx2.AsyncClient, method: str, body: dict[str, str] | None
) -> None:
    chilean = await add(client, "CHL")
    for path in (
        "/countries/ARG/activities/999999",
        f"/countries/ARG/activities/{chilean['id']}",
        f"/countries/XYZ/activities/{chilean['id']}",
    ):
        response = await client.request(method, path, json=body, headers=ADMIN)
        assert response.status_code == 404, path
    assert (await client.get(f"/countries/CHL/activities/{chilean['id']}")).json() == chilean


@pytest.mark.parametrize(
    "body",
    [
        GLACIER | {"name": "x" * 201},
        GLACIER | {"name": ""},
        GLACIER | {"name": "bad\x00name"},
        GLACIER | {"category": "shopping"},
        GLACIER | {"description": "x" * 4001},
        GLACIER | {"city": "c" * 201},
        GLACIER | {"colour": "blue"},
        {"category": "nature"},
        {"name": "Trek"},
    ],
    ids=[
        "name-too-long",
        "name-empty",
        "name-control-char",
        "unknown-category",
        "description-too-long",
        "city-too-long",
        "unknown-field",
        "no-name",
        "no-category",
    ],
)
async def test_invalid_activities_are_422(client: httpx2.AsyncClient, body: dict[str, str]) -> None:
    response = await client.post("/countries/ARG/activities", json=body, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/validation-error"


async def test_the_longest_valid_fields_are_accepted(client: httpx2.AsyncClient) -> None:
    await add(
        client,
        name="n" * 200,
        description="line one\nline\ttwo" + "d" * 3982,
        city="c" * 200,
    )


@pytest.mark.parametrize(
    "body",
    [{"name": None}, {"category": None}, {"category": "shopping"}, {"id": 5}, {"name": "x" * 201}],
)
async def test_invalid_patches_are_422(client: httpx2.AsyncClient, body: dict[str, Any]) -> None:
    added = await add(client)
    response = await client.patch(
        f"/countries/ARG/activities/{added['id']}", json=body, headers=ADMIN
    )
    assert response.status_code == 422


@pytest.mark.parametrize("activity_id", ["0", "-1", "2147483648", "abc", "1.5"])
async def test_an_id_out_of_range_is_422(client: httpx2.AsyncClient, activity_id: str) -> None:
    response = await client.get(f"/countries/ARG/activities/{activity_id}")
    assert response.status_code == 422


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "offset=-1", "category=shopping", "limit=x"]
)
async def test_bad_list_parameters_are_422(client: httpx2.AsyncClient, query: str) -> None:
    response = await client.get(f"/countries/ARG/activities?{query}")
    assert response.status_code == 422


@pytest.mark.parametrize("code", ["ARGE", "A1B", "1234"])
async def test_a_malformed_country_code_is_422(client: httpx2.AsyncClient, code: str) -> None:
    response = await client.get(f"/countries/{code}/activities")
    assert response.status_code == 422
