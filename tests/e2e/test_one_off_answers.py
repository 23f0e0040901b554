"""GET answers the cache does not keep (activities, subscriptions, health): ETags, 304s, codings.

Each is computed for every request, yet carries what a cached answer does (the contract's
"Answers on the wire"). httpx2 decodes a coding on its own: bodies are read as sent.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import brotli
import httpx2
import pytest

from countries.config import Settings
from tests.e2e.activities import add
from tests.e2e.conftest import ADMIN, Serve

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
LISTED = "/admin/report-subscriptions"


async def fetch(
    client: httpx2.AsyncClient, path: str, admin: bool = False, **headers: str
) -> tuple[httpx2.Response, bytes]:
    """The answer to GET `path` and its body as sent, encoded; `headers` named in snake case."""
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    async with client.stream("GET", path, headers=sent | (ADMIN if admin else {})) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, raw


async def revalidated(client: httpx2.AsyncClient, path: str, admin: bool = False) -> str:
    """The ETag of `path`'s identity answer, once seen to earn a 304 without a body."""
    first, body = await fetch(client, path, admin, accept_encoding="identity")
    assert first.status_code == 200, body
    assert first.headers["content-type"] == "application/json"
    assert first.headers["cache-control"] == "no-cache"
    assert first.headers["vary"] == "Accept-Encoding"
    etag = first.headers["etag"]
    again, raw = await fetch(client, path, admin, accept_encoding="identity", if_none_match=etag)
    assert (again.status_code, raw) == (304, b"")
    assert again.headers["etag"] == etag
    assert again.headers["vary"] == "Accept-Encoding"
    return etag


async def changed(
    client: httpx2.AsyncClient, path: str, etag: str, admin: bool = False
) -> tuple[str, Any]:
    """`path`'s new ETag and body, the answer to an `If-None-Match` naming its old `etag`."""
    response, raw = await fetch(client, path, admin, accept_encoding="identity", if_none_match=etag)
    assert response.status_code == 200
    assert response.headers["etag"] != etag
    return response.headers["etag"], json.loads(raw)


async def test_a_countrys_activities_revalidate_until_a_new_one_is_added(
    client: httpx2.AsyncClient,
) -> None:
    await add(client)
    etag = await revalidated(client, "/countries/ARG/activities")
    await add(client, name="Tango")
    new_etag, page = await changed(client, "/countries/ARG/activities", etag)
    assert [a["name"] for a in page["items"]] == ["Glacier trek", "Tango"]
    assert await revalidated(client, "/countries/ARG/activities") == new_etag


async def test_one_activity_revalidates_until_it_changes(client: httpx2.AsyncClient) -> None:
    path = f"/countries/ARG/activities/{(await add(client))['id']}"
    etag = await revalidated(client, path)
    await add(client, name="Tango")  # another activity: this one's answer is the same
    assert await revalidated(client, path) == etag
    patched = await client.patch(path, json={"name": "Ice trek"}, headers=ADMIN)
    assert patched.status_code == 200
    _new_etag, activity = await changed(client, path, etag)
    assert activity["name"] == "Ice trek"


async def test_subscriptions_revalidate_until_one_is_added(
    serve: Serve, mail_settings: Callable[..., Settings]
) -> None:
    async with serve(mail_settings()) as http:
        body = {"email": "bo@example.org", "filters": {"q": "bogota"}}
        created = (await http.post(LISTED, json=body, headers=ADMIN)).json()
        one = f"{LISTED}/{created['id']}"
        listed = await revalidated(http, LISTED, admin=True)
        kept = await revalidated(http, one, admin=True)
        other = {"email": "ana@example.org"}
        assert (await http.post(LISTED, json=other, headers=ADMIN)).status_code == 201
        _new_etag, page = await changed(http, LISTED, listed, admin=True)
        assert len(page["items"]) == 2
        assert await revalidated(http, one, admin=True) == kept  # its answer is the same


@pytest.mark.parametrize("path", ["/health", "/livez"])
async def test_health_answers_revalidate(client: httpx2.AsyncClient, path: str) -> None:
    etag = await revalidated(client, path)
    assert etag.startswith('"')  # strong: byte for byte
    small, raw = await fetch(client, path, accept_encoding="gzip, br")
    assert "content-encoding" not in small.headers  # under 1 kB: not worth a coding
    assert (small.headers["etag"], small.headers["vary"]) == (etag, "Accept-Encoding")
    assert int(small.headers["content-length"]) == len(raw)


@pytest.mark.parametrize("coding", ["gzip", "br"])
async def test_a_large_activity_list_goes_out_in_the_coding_asked_for(
    client: httpx2.AsyncClient, coding: str
) -> None:
    for n in range(12):
        await add(client, name=f"Glacier trek {n}")
    plain, plain_raw = await fetch(client, "/countries/ARG/activities", accept_encoding="identity")
    assert len(plain_raw) >= 1024
    encoded, raw = await fetch(client, "/countries/ARG/activities", accept_encoding=coding)
    assert encoded.status_code == 200
    assert encoded.headers["content-encoding"] == coding
    assert DECODE[coding](raw) == plain_raw
    assert len(raw) < len(plain_raw)
    assert int(encoded.headers["content-length"]) == len(raw)
    assert encoded.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    assert encoded.headers["etag"] == plain.headers["etag"][:-1] + f'-{coding}"'
    again, none = await fetch(
        client,
        "/countries/ARG/activities",
        accept_encoding=coding,
        if_none_match=encoded.headers["etag"],
    )
    assert (again.status_code, none, again.headers["etag"]) == (304, b"", encoded.headers["etag"])
