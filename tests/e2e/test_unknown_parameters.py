"""A parameter a route does not take is a 422 naming it, on the routes without parameters
too: `POST /admin/sync?force=true` does not sync as if `force` meant something."""

from __future__ import annotations

import httpx2
import pytest

from tests.e2e.activities import add
from tests.e2e.conftest import ADMIN

ROUTES_WITHOUT_PARAMETERS = [
    ("GET", "/health"),
    ("GET", "/livez"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("POST", "/admin/sync"),
    ("POST", "/admin/cache/invalidate"),
    ("GET", "/admin/report-subscriptions"),
    ("POST", "/admin/reports/send"),
    ("GET", "/countries/ARG/activities/{id}"),
    ("DELETE", "/countries/ARG/activities/{id}"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES_WITHOUT_PARAMETERS)
async def test_a_parameter_of_no_route_is_named_in_a_422(
    client: httpx2.AsyncClient, method: str, path: str
) -> None:
    activity = await add(client)
    url = path.format(id=activity["id"])
    answer = await client.request(method, url, params={"force": "true"}, headers=ADMIN)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "/problems/validation-error"
    assert problem["detail"] == "invalid force"
    assert [(e["name"], e["location"], e["message"]) for e in problem["errors"]] == [
        ("force", "query", "force is not a parameter of this route")
    ]
    # Nothing was done: the activity is still there.
    assert (await client.get(f"/countries/ARG/activities/{activity['id']}")).status_code == 200


async def test_the_routes_answer_as_ever_without_a_query(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/livez")).status_code == 200
    assert (await client.get("/health?")).status_code == 200
