"""The export is declared so a generated client keeps it: as bytes any generator knows."""

from __future__ import annotations

import httpx2
import pytest


@pytest.mark.parametrize("storage", ["memory"], indirect=True)
async def test_the_export_is_declared_as_bytes_a_generic_client_can_take(
    client: httpx2.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    content = spec["paths"]["/countries/export"]["get"]["responses"]["200"]["content"]
    # openapi-python-client keeps a response only in a type it knows: octet-stream for bytes.
    assert content["application/octet-stream"]["schema"] == {"type": "string", "format": "binary"}
    answer = await client.get(
        "/countries/export?continent=antarctica", headers={"Accept": "application/octet-stream"}
    )
    assert answer.status_code == 200
    assert answer.content.startswith(b"PK")  # the same .xlsx (a zip) whichever type was asked
