"""Every refusal is told in the API's words: an unreadable body is a 400, a wrong value names its
parameter and what it must be, and no message is pydantic's own text."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from tests.e2e.activities import GLACIER, add
from tests.e2e.conftest import ADMIN

# pydantic's own phrases, which a user should never meet.
PYDANTIC_WORDS = ("Input should", "JSON decode error", "Value error", "Field required")


def _messages(answer: httpx2.Response) -> list[str]:
    body = answer.json()
    return [body["detail"], *(error["message"] for error in body.get("errors", []))]


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"not json", "the body is not valid JSON: "),
        (b'{"name": "Trek",', "the body is not valid JSON: "),
        (b"\xff\xfe", "the body is not UTF-8 text (byte 0)"),  # JSON is UTF-8 (RFC 8259)
    ],
)
async def test_a_body_that_is_not_json_is_a_400_saying_so(
    client: httpx2.AsyncClient, body: bytes, said: str
) -> None:
    answer = await client.post(
        "/countries/ARG/activities",
        content=body,
        headers=ADMIN | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "/problems/bad-request"
    assert answer.json()["detail"].startswith(said)


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        ([GLACIER], "body", "body must be a JSON object"),
        ("Trek", "body", "body must be a JSON object"),
        (GLACIER | {"name": None}, "name", "name must be text"),
        (GLACIER | {"name": 7}, "name", "name must be text"),
    ],
    ids=["a-list", "a-string", "a-null-name", "a-number-as-name"],
)
async def test_a_body_of_the_wrong_shape_is_told_in_words(
    client: httpx2.AsyncClient, body: Any, name: str, message: str
) -> None:
    answer = await client.post("/countries/ARG/activities", json=body, headers=ADMIN)
    assert answer.status_code == 422, answer.text
    assert {"name": name, "location": "body", "message": message} in answer.json()["errors"]


async def test_a_patch_setting_a_field_to_null_is_told_in_words(
    client: httpx2.AsyncClient,
) -> None:
    added = await add(client, "ARG")
    answer = await client.patch(
        f"/countries/ARG/activities/{added['id']}", json={"name": None}, headers=ADMIN
    )
    assert answer.status_code == 422, answer.text
    assert "name must be text" in _messages(answer)


@pytest.mark.parametrize("codes", [",,", "a", "ar,,br", "arg;bra"])
async def test_a_malformed_codes_list_says_what_form_it_takes(
    client: httpx2.AsyncClient, codes: str
) -> None:
    answer = await client.get("/countries", params={"codes": codes})
    assert answer.status_code == 422, answer.text
    assert _messages(answer)[1] == (
        "codes must be country codes separated by commas, each 2 or 3 letters or up to 3 "
        "digits (ar,BRA,076)"
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/countries/ARG/activities", b"[1, 2]"),
        ("POST", "/countries/ARG/activities", b"{}"),
        ("POST", "/countries/ARG/activities", b'{"name": 1, "category": 2, "city": []}'),
        ("POST", "/admin/report-subscriptions", b'{"email": 5, "filters": "x"}'),
        ("POST", "/admin/report-subscriptions", b"null"),
        ("GET", "/countries?limit=x&offset=y&independent=maybe", None),
    ],
)
async def test_no_refusal_speaks_pydantic(
    client: httpx2.AsyncClient, method: str, path: str, body: bytes | None
) -> None:
    headers = ADMIN | {"Content-Type": "application/json"}
    answer = await client.request(method, path, content=body, headers=headers)
    assert answer.status_code in (400, 422), answer.text
    for message in _messages(answer):
        assert not any(words in message for words in PYDANTIC_WORDS), message


@pytest.mark.parametrize(
    ("field", "text", "said"),
    [
        ("name", "Trek\u2028day two", "name holds a line break (U+2028): it is one line"),
        ("city", "El\u2029Calafate", "city holds a line break (U+2029): it is one line"),
    ],
)
async def test_a_one_line_text_refuses_unicode_s_line_separators(
    client: httpx2.AsyncClient, field: str, text: str, said: str
) -> None:
    body = {"name": "Trek", "category": "nature"} | {field: text}
    answer = await client.post("/countries/ARG/activities", json=body, headers=ADMIN)
    assert answer.status_code == 422
    assert [e["message"] for e in answer.json()["errors"]] == [said]
