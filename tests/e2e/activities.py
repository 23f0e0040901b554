"""An activity to add through the API, and the helper that adds it as the admin."""

from __future__ import annotations

from typing import Any

import httpx2

from tests.e2e.conftest import ADMIN

GLACIER = {
    "name": "Glacier trek",
    "category": "nature",
    "description": "Walk on the Perito Moreno glacier.",
    "city": "El Calafate",
}


async def add(client: httpx2.AsyncClient, code: str = "ARG", **changes: Any) -> dict[str, Any]:
    response = await client.post(
        f"/countries/{code}/activities", json=GLACIER | changes, headers=ADMIN
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
