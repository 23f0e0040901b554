"""The activities routes through the API: reads are public, writes need the admin token."""

from __future__ import annotations

import httpx2
import pytest

from tests.e2e.activities import GLACIER, add
from tests.e2e.conftest import ADMIN


async def test_adding_an_activity_answers_201_with_its_location(
    client: httpx2.AsyncClient,
) -> None:
    response = await client.post("/countries/arg/activities", json=GLACIER, headers=ADMIN)
    assert response.status_code == 201
    body = response.json()
    assert body | {"id": 0, "created_at": "", "updated_at": ""} == GLACIER | {
        "id": 0,
        "country_code": "ARG",
        "created_at": "",
        "updated_at": "",
    }
    assert response.headers["location"] == f"/countries/ARG/activities/{body['id']}"
    fetched = await client.get(response.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json() == body


async def test_optional_fields_may_be_left_out(client: httpx2.AsyncClient) -> None:
    response = await client.post(
        "/countries/ARG/activities", json={"name": "Tango", "category": "culture"}, headers=ADMIN
    )
    assert response.status_code == 201
    assert (response.json()["description"], response.json()["city"]) == (None, None)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/countries/ARG/activities", GLACIER),
        ("PATCH", "/countries/ARG/activities/1", {"name": "x"}),
        ("DELETE", "/countries/ARG/activities/1", None),
    ],
)
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
async def test_writes_need_the_admin_token(
    client: httpx2.AsyncClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
    headers: dict[str, str],
) -> None:
    await add(client)
    response = await client.request(method, path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/countries/ARG/activities/1")).json()["name"] == "Glacier trek"


async def test_reads_are_public(client: httpx2.AsyncClient) -> None:
    added = await add(client)
    assert (await client.get("/countries/ARG/activities")).status_code == 200
    assert (await client.get(f"/countries/ARG/activities/{added['id']}")).status_code == 200


async def test_patch_changes_only_the_fields_given(client: httpx2.AsyncClient) -> None:
    added = await add(client)
    path = f"/countries/ARG/activities/{added['id']}"
    response = await client.patch(path, json={"city": None, "category": "adventure"}, headers=ADMIN)
    assert response.status_code == 200
    changed = response.json()
    assert changed == added | {
        "city": None,
        "category": "adventure",
        "updated_at": changed["updated_at"],
    }
    assert changed["updated_at"] >= added["updated_at"]
    assert (await client.get(path)).json() == changed


async def test_an_empty_patch_returns_the_activity_unchanged(client: httpx2.AsyncClient) -> None:
    added = await add(client)
    response = await client.patch(
        f"/countries/ARG/activities/{added['id']}", json={}, headers=ADMIN
    )
    assert response.status_code == 200
    assert response.json() == added


async def test_delete_answers_204_and_then_the_activity_is_gone(
    client: httpx2.AsyncClient,
) -> None:
    added = await add(client)
    path = f"/countries/ARG/activities/{added['id']}"
    response = await client.delete(path, headers=ADMIN)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(path)).status_code == 404
    assert (await client.delete(path, headers=ADMIN)).status_code == 404
    assert (await add(client))["id"] != added["id"]  # ids are never reused


async def test_list_pages_by_id_and_filters_by_category(client: httpx2.AsyncClient) -> None:
    categories = ["nature", "food", "nature", "sport", "nature"]
    ids = [(await add(client, name=f"A{i}", category=c))["id"] for i, c in enumerate(categories)]
    await add(client, "CHL")

    everything = (await client.get("/countries/ARG/activities")).json()
    assert everything["total"] == 5
    assert (everything["limit"], everything["offset"]) == (100, 0)
    assert [a["id"] for a in everything["items"]] == ids

    page = (await client.get("/countries/arg/activities?limit=2&offset=1")).json()
    assert page["total"] == 5
    assert [a["id"] for a in page["items"]] == ids[1:3]

    nature = (await client.get("/countries/ARG/activities?category=nature&offset=1")).json()
    assert nature["total"] == 3
    assert [a["id"] for a in nature["items"]] == [ids[2], ids[4]]

    empty = (await client.get("/countries/ARG/activities?category=nightlife")).json()
    assert (empty["total"], empty["items"]) == (0, [])


@pytest.mark.parametrize("code", ["arg", "AR", "ar", "032", "32"])
async def test_activities_take_any_code_of_the_country_like_the_country_route(
    client: httpx2.AsyncClient, code: str
) -> None:
    created = await client.post(
        "/countries/ARG/activities",
        json={"name": "Glacier trek", "category": "nature"},
        headers=ADMIN,
    )
    listed = (await client.get(f"/countries/{code}/activities")).json()
    one = await client.get(f"/countries/{code}/activities/{created.json()['id']}")
    assert [a["name"] for a in listed["items"]] == ["Glacier trek"]
    assert one.json()["country_code"] == "ARG"
