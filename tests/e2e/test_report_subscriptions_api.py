"""Report subscriptions through the API: created, listed, read and deleted, by the admin only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve

pytestmark = pytest.mark.slow


async def test_subscriptions_are_listed_read_and_deleted(
    serve: Serve, mail_settings: Callable[..., Settings]
) -> None:
    async with serve(mail_settings()) as http:
        body = {
            "email": "bo@example.org",
            "filters": {"q": "bogota", "sort": "population", "order": "desc"},
        }
        created = (await http.post("/admin/report-subscriptions", json=body, headers=ADMIN)).json()
        assert created["filters"] == body["filters"]
        listed = (await http.get("/admin/report-subscriptions", headers=ADMIN)).json()
        assert listed == {"items": [created]}
        one = await http.get(f"/admin/report-subscriptions/{created['id']}", headers=ADMIN)
        assert one.json() == created
        gone = await http.delete(f"/admin/report-subscriptions/{created['id']}", headers=ADMIN)
        assert gone.status_code == 204
        again = await http.delete(f"/admin/report-subscriptions/{created['id']}", headers=ADMIN)
        assert again.status_code == 404
        assert again.headers["content-type"] == "application/problem+json"
        assert (await http.get("/admin/report-subscriptions", headers=ADMIN)).json() == {
            "items": []
        }


async def test_subscribing_the_same_address_to_the_same_filters_again_is_a_409(
    serve: Serve, mail_settings: Callable[..., Settings]
) -> None:
    body = {"email": "bo@example.org", "filters": {"continent": "europe"}}
    async with serve(mail_settings()) as http:
        first = await http.post("/admin/report-subscriptions", json=body, headers=ADMIN)
        again = await http.post("/admin/report-subscriptions", json=body, headers=ADMIN)
        listed = (await http.get("/admin/report-subscriptions", headers=ADMIN)).json()
    assert (first.status_code, again.status_code) == (201, 409)
    assert again.headers["content-type"] == "application/problem+json"
    assert f"(subscription {first.json()['id']})" in again.json()["detail"]
    assert listed == {"items": [first.json()]}


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-address"},
        {"email": "ana@example.org", "extra": 1},
        {"email": "ana@example.org", "filters": {"sort": "nonsense"}},
        {"email": "ana@example.org", "filters": {"limit": 3}},
        {"email": "ana@example.org", "filters": {"name": "a\x00b"}},
        {"email": "añа@example.org"},
        {},
    ],
)
async def test_a_bad_subscription_is_a_422_problem(
    serve: Serve, mail_settings: Callable[..., Settings], body: dict[str, Any]
) -> None:
    async with serve(mail_settings()) as http:
        answer = await http.post("/admin/report-subscriptions", json=body, headers=ADMIN)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"


async def test_the_routes_need_the_admin_token(
    serve: Serve, mail_settings: Callable[..., Settings]
) -> None:
    async with serve(mail_settings()) as http:
        assert (await http.get("/admin/report-subscriptions")).status_code == 401
        assert (await http.post("/admin/reports/send")).status_code == 401
