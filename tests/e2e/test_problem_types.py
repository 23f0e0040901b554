"""One problem-type scheme for every error: a client tells problems apart by `type` alone."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "kind"),
    [
        ("POST", "/admin/sync", {}, 401, "/problems/unauthorized"),
        ("POST", "/admin/sync", {"Authorization": "Bearer wrong"}, 401, "/problems/unauthorized"),
        ("DELETE", "/countries", {}, 405, "/problems/method-not-allowed"),
        ("GET", "/no/such/route", {}, 404, "/problems/not-found"),
    ],
)
async def test_every_error_has_a_problem_type_of_its_own(
    client: httpx2.AsyncClient,
    method: str,
    path: str,
    headers: dict[str, str],
    status: int,
    kind: str,
) -> None:
    answer = await client.request(method, path, headers=headers)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == kind


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_admin_routes_without_a_token_set_are_forbidden(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(admin_token=None)) as http:
        answer = await http.post("/admin/sync")
    assert answer.status_code == 403
    assert answer.json()["type"] == "/problems/forbidden"


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
@pytest.mark.parametrize(
    ("method", "path", "body", "name", "words"),
    [
        ("GET", "/countries/A1", None, "code", "code must be a country code: 2 or 3 letters"),
        ("POST", "/admin/report-subscriptions", {"email": "bad"}, "email", "not a usable"),
    ],
)
async def test_a_422_says_what_is_wanted_in_words(
    client: httpx2.AsyncClient,
    method: str,
    path: str,
    body: dict[str, str] | None,
    name: str,
    words: str,
) -> None:
    answer = await client.request(method, path, json=body, headers=ADMIN)
    assert answer.status_code == 422
    (error,) = [e for e in answer.json()["errors"] if e["name"] == name]
    assert error["message"].startswith(words)
    assert "pattern" not in error["message"]
    assert "^" not in error["message"]


async def test_the_routers_own_404_and_405_say_what_to_do(client: httpx2.AsyncClient) -> None:
    """Not the bare "Not Found" / "Method Not Allowed": where the routes are, what is taken."""
    missing = (await client.get("/countrys")).json()
    assert missing["detail"] == "no route answers /countrys: the API's routes are listed at /docs"
    refused = (await client.delete("/countries")).json()
    assert refused["detail"] == "DELETE is not allowed on /countries: it takes GET, HEAD"
    # A route's own 404 keeps its own words.
    assert "ZZZ" in (await client.get("/countries/ZZZ")).json()["detail"]
