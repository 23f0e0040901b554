"""CORS through the API: off unless COUNTRIES_CORS_ORIGINS is set; cached answers carry it too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from countries.config import Settings
from tests.e2e.conftest import Serve

APP = "https://app.example"
OTHER = "https://other.example"
PREFLIGHT = {
    "Origin": APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, x-request-id",
}


async def test_cached_answers_carry_the_cors_headers_of_their_own_request(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(cors_origins=f"{APP},{OTHER}")) as client:
        answers = [
            await client.get("/countries/ARG", headers=headers)
            for headers in ({"Origin": APP}, {"Origin": APP}, {"Origin": OTHER}, {}, {})
        ]
    first, cached, other, plain, _ = answers
    assert all(a.status_code == 200 for a in answers)
    for answer, origin in ((first, APP), (cached, APP), (other, OTHER)):
        assert answer.headers["access-control-allow-origin"] == origin
        exposed = answer.headers["access-control-expose-headers"].lower()
        assert {"etag", "x-request-id"} <= {h.strip() for h in exposed.split(",")}
        # Origin once, however often the cached answer was sent (beside Accept-Encoding).
        assert answer.headers["vary"].split(", ").count("Origin") == 1
    # A cached answer keeps nothing of an earlier request's CORS headers.
    assert "access-control-allow-origin" not in plain.headers


async def test_a_preflight_is_answered_with_the_allowed_methods_and_headers(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(cors_origins="*")) as client:
        response = await client.options("/admin/sync", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    methods = {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    assert {"GET", "POST", "PATCH", "DELETE"} <= methods
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("authorization", "content-type", "if-none-match", "x-request-id"):
        assert header in allowed
    assert "x-request-id" in response.headers


async def test_a_preflight_from_an_origin_not_listed_is_refused(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(cors_origins=OTHER)) as client:
        response = await client.options("/countries/ARG", headers=PREFLIGHT)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/bad-request"
    assert "origin" in response.json()["detail"]


@pytest.mark.parametrize("cors_origins", [None, ""])
async def test_no_cors_headers_when_no_origin_is_set(
    serve: Serve, settings_for: Callable[..., Settings], cors_origins: str | None
) -> None:
    async with serve(settings_for(cors_origins=cors_origins)) as client:
        answers = [await client.get("/countries/ARG", headers={"Origin": APP}) for _ in "12"]
        preflight = await client.options("/countries/ARG", headers=PREFLIGHT)
    for answer in answers:
        assert not [h for h in answer.headers if h.startswith("access-control-")]
    assert preflight.status_code == 405
    assert not [h for h in preflight.headers if h.startswith("access-control-")]


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ({"Access-Control-Request-Headers": "accept, X-Evil, content-type"}, "send X-Evil;"),
        ({"Access-Control-Request-Method": "PUT"}, "its method 'PUT' is none of GET, HEAD"),
    ],
)
async def test_a_refused_preflight_names_what_it_asked_and_what_is_allowed(
    serve: Serve, settings_for: Callable[..., Settings], asked: dict[str, str], says: str
) -> None:
    """Not COUNTRIES_CORS_ORIGINS when the origin is allowed: that setting would not help."""
    async with serve(settings_for(cors_origins="*")) as client:
        response = await client.options("/countries/ARG", headers=PREFLIGHT | asked)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert says in detail
    assert "COUNTRIES_CORS_ORIGINS" not in detail
