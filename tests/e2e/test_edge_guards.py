"""The HTTP edge through the ASGI app: admin before the body, bounded bodies and answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from starlette.types import Message

from countries.bootstrap import build_container
from countries.config import Settings
from countries.entrypoints.http.app import create_app
from countries.entrypoints.http.bodies import MAX_JSON_DEPTH, json_deeper_than
from countries.entrypoints.http.guards import admin_refusal
from countries.entrypoints.http.problems import MAX_LISTED_ERRORS
from tests.e2e.conftest import ADMIN

ADMIN_WRITES = [
    ("POST", "/countries/ARG/activities"),
    ("PATCH", "/countries/ARG/activities/1"),
    ("DELETE", "/countries/ARG/activities/1"),
    ("POST", "/admin/sync"),
    ("POST", "/admin/report-subscriptions"),
    ("GET", "/admin/report-subscriptions"),
]


async def _call_without_token(
    settings: Settings, method: str, path: str
) -> tuple[list[Message], int]:
    """Run one request through the app; what it sent, and how often it asked for the body."""
    app = create_app(build_container(settings))
    sent: list[Message] = []
    body_reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal body_reads
        body_reads += 1  # a megabyte of "{" in twenty parts
        return {"type": "http.request", "body": b"{" * 50_000, "more_body": body_reads < 20}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000000")],
    }
    await app(scope, receive, send)
    return sent, body_reads


@pytest.mark.parametrize(("method", "path"), ADMIN_WRITES)
async def test_admin_routes_refuse_a_missing_token_before_reading_the_body(
    settings_for: Callable[..., Settings], method: str, path: str
) -> None:
    sent, body_reads = await _call_without_token(settings_for(), method, path)
    assert sent[0]["status"] == 401
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]
    assert body_reads == 0


async def test_admin_routes_answer_403_before_the_body_when_no_token_is_set(
    settings_for: Callable[..., Settings],
) -> None:
    sent, body_reads = await _call_without_token(
        settings_for(admin_token=None), "POST", "/countries/ARG/activities"
    )
    assert sent[0]["status"] == 403
    assert body_reads == 0


async def test_reading_activities_needs_no_token(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/countries/ARG/activities")).status_code == 200


async def test_a_body_over_the_limit_is_a_413_problem(
    serve: Any, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for(max_body_bytes=100)) as client:
        response = await client.post(
            "/countries/ARG/activities",
            json={"name": "x" * 200, "category": "food"},
            headers=ADMIN,
        )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/body-too-large"


async def test_deeply_nested_json_is_a_400_problem_not_a_crash(client: httpx2.AsyncClient) -> None:
    body = b'{"name": "x", "category": "food", "city": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    response = await client.post(
        "/countries/ARG/activities",
        content=body,
        headers=ADMIN | {"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/json-too-deep"


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain; charset=utf-8", None]
)
async def test_a_body_not_declared_as_json_is_a_415_saying_what_to_send(
    client: httpx2.AsyncClient, content_type: str | None
) -> None:
    body = b'{"name": "Tango lesson", "category": "culture"}'  # curl -d without -H
    headers = ADMIN | ({"Content-Type": content_type} if content_type else {})
    response = await client.post("/countries/ARG/activities", content=body, headers=headers)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/unsupported-media-type"
    assert "Content-Type: application/json" in problem["detail"]
    sent = f"sent as {content_type.partition(';')[0]}" if content_type else "has no Content-Type"
    assert problem["detail"].endswith(sent)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("POST", "/no-such-route", 404),
        ("PUT", "/countries/ARG/activities/1", 405),
        ("POST", "/admin/report-subscriptions", 415),
    ],
)
async def test_a_form_body_meets_routing_first_then_its_route(
    client: httpx2.AsyncClient, method: str, path: str, status: int
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = await client.request(method, path, content=b"email=a@b.org", headers=ADMIN | form)
    assert answer.status_code == status, answer.text


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
async def test_a_body_declared_as_json_is_read(
    client: httpx2.AsyncClient, content_type: str
) -> None:
    body = b'{"name": "Tango lesson", "category": "culture"}'
    response = await client.post(
        "/countries/ARG/activities", content=body, headers=ADMIN | {"Content-Type": content_type}
    )
    assert response.status_code == 201, response.text


async def test_an_empty_form_post_to_a_route_without_a_body_is_not_refused(
    client: httpx2.AsyncClient,
) -> None:
    # `curl -X POST -d ''` sends an empty form: nothing to refuse.
    response = await client.post(
        "/admin/cache/invalidate",
        content=b"",
        headers=ADMIN | {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text


async def test_a_validation_problem_lists_20_errors_and_counts_the_rest(
    client: httpx2.AsyncClient,
) -> None:
    unknown = {f"k{i}": 0 for i in range(50_000)}
    response = await client.post(
        "/countries/ARG/activities",
        json={"name": "x", "category": "food"} | unknown,
        headers=ADMIN,
    )
    assert response.status_code == 422
    problem = response.json()
    assert len(problem["errors"]) == MAX_LISTED_ERRORS
    assert f"{50_000 - MAX_LISTED_ERRORS} more errors not listed" in problem["detail"]
    assert len(response.content) < 4096


async def test_a_trailing_slash_redirect_never_names_the_host_header(
    client: httpx2.AsyncClient,
) -> None:
    response = await client.get("/countries/ARG/", headers={"Host": "evil.example"})
    assert response.status_code == 307
    assert response.headers["location"] == "/countries/ARG"


# Nested JSON values: lists and objects of lists, objects and strings full of brackets.
json_values = st.recursive(
    st.text(alphabet='[]{}"\\ab', max_size=6) | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


@given(json_values, st.integers(min_value=0, max_value=8))
@example("[", 0)  # brackets only inside a string, with no nesting allowed at all
def test_json_depth_is_measured_ignoring_brackets_in_strings(value: object, limit: int) -> None:
    assert json_deeper_than(json.dumps(value).encode(), limit) == (_depth(value) > limit)


def test_the_api_s_own_bodies_are_far_from_the_depth_limit() -> None:
    subscription = {"email": "a@example.org", "filters": {"continent": "south america"}}
    assert not json_deeper_than(json.dumps(subscription).encode(), MAX_JSON_DEPTH)


# A token as HTTP can carry one: no whitespace around it (servers strip header values).
tokens = st.binary(min_size=1, max_size=40).filter(lambda token: token == token.strip())


@given(st.binary(max_size=40), tokens)
def test_only_the_exact_bearer_token_grants_admin(header: bytes, token: bytes) -> None:
    assert admin_refusal(b"Bearer " + token, token) is None
    granted = admin_refusal(header, token) is None
    scheme, _, given_token = header.partition(b" ")
    assert granted == (scheme.lower() == b"bearer" and given_token.strip() == token)
