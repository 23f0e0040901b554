"""Bodies FastAPI's parser trips on get a problem naming what is wrong, never its own words.

They all answered `{"detail": "There was an error parsing the body"}`, and a compressed
body was read as if it were plain.
"""

from __future__ import annotations

import gzip

import httpx2
import pytest

from tests.e2e.conftest import ADMIN

ACTIVITY = b'{"name": "Caf\xc3\xa9", "category": "food", "city": "Rosario"}'
JSON = {"Content-Type": "application/json"}


async def _post(client: httpx2.AsyncClient, body: bytes, **headers: str) -> httpx2.Response:
    return await client.post("/countries/ARG/activities", content=body, headers=ADMIN | headers)


@pytest.mark.parametrize(
    ("body", "headers", "status", "says"),
    [
        (ACTIVITY.replace(b"\xc3\xa9", b"\xe9"), JSON, 400, "not UTF-8 text (byte 13)"),
        (b"[" * 100_000, JSON, 400, "nests deeper than 32 levels"),
        (
            gzip.compress(ACTIVITY),
            JSON | {"Content-Encoding": "gzip"},
            415,
            "sent as it is, not encoded (gzip)",
        ),
        (ACTIVITY, JSON | {"Content-Encoding": "br"}, 415, "not encoded (br)"),
        (
            ACTIVITY,
            {"Content-Type": "application/json; charset=latin-1"},
            415,
            "UTF-8, not charset=latin-1",
        ),
    ],
)
async def test_a_body_the_api_cannot_read_says_why(
    client: httpx2.AsyncClient, body: bytes, headers: dict[str, str], status: int, says: str
) -> None:
    response = await _post(client, body, **headers)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert says in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        JSON,
        {"Content-Type": "application/json; charset=UTF-8"},
        {"Content-Type": "application/json; charset=us-ascii"},
        JSON | {"Content-Encoding": "identity"},
    ],
)
async def test_a_plain_utf_8_body_is_read(
    client: httpx2.AsyncClient, headers: dict[str, str]
) -> None:
    response = await _post(client, ACTIVITY, **headers)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Café"
