"""HEAD on every GET route: the GET's status and headers, no body (uptime checks, link checkers)."""

from __future__ import annotations

import httpx2
import pytest

from tests.e2e.conftest import ADMIN

# Headers that differ between two answers to the same request.
PER_ANSWER = {"x-request-id", "date"}


def _lasting(headers: httpx2.Headers) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name not in PER_ANSWER}


@pytest.mark.parametrize(
    "path",
    [
        "/countries/ARG",
        "/countries?continent=europe&limit=3",
        "/countries/ARG/activities",
        "/v3.1/alpha/col",
        "/v3.1/name/peru?fields=name",
        "/livez",
        "/health",
        "/",
        "/countries/XYZ",
        "/no-such-page",
    ],
)
async def test_head_answers_the_gets_status_and_headers_without_a_body(
    client: httpx2.AsyncClient, path: str
) -> None:
    get = await client.get(path)
    head = await client.head(path)
    assert head.status_code == get.status_code
    assert _lasting(head.headers) == _lasting(get.headers)
    assert head.content == b""


async def test_head_on_an_admin_route_needs_the_token_as_its_get_does(
    client: httpx2.AsyncClient,
) -> None:
    assert (await client.head("/admin/report-subscriptions")).status_code == 401
    assert (await client.head("/admin/report-subscriptions", headers=ADMIN)).status_code == 200


async def test_a_405_lists_head_beside_get(client: httpx2.AsyncClient) -> None:
    answer = await client.delete("/countries")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"


async def test_head_is_counted_under_its_route(client: httpx2.AsyncClient) -> None:
    await client.head("/countries/ARG/activities")
    metrics = (await client.get("/metrics")).text
    assert (
        'countries_http_requests_total{method="HEAD",route="/countries/{code}/activities",'
        'status="200"} 1.0'
    ) in metrics
