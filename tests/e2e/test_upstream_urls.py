"""A URL the source sends that is not http(s) is served as null, and the sync says so once."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import Any

import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.upstream import FakeRestCountries, Record, fixture_records

EVIL = "javascript:alert(1)"


def with_bad_flags(v31: list[Record], v5: list[Record]) -> tuple[list[Record], list[Record]]:
    """The records with ARG's PNG flag and CHL's SVG flag replaced by a script."""
    v31, v5 = copy.deepcopy(v31), copy.deepcopy(v5)
    for record in v31:
        if record["cca3"] in ("ARG", "CHL"):
            record["flags"]["png" if record["cca3"] == "ARG" else "svg"] = EVIL
    for record in v5:
        if record["codes"]["alpha_3"] in ("ARG", "CHL"):
            record["flag"]["url_png" if record["codes"]["alpha_3"] == "ARG" else "url_svg"] = EVIL
    return v31, v5


@pytest.mark.parametrize("api", ["v3.1", "v5"])
async def test_a_script_url_from_the_source_is_served_as_null(
    serve: Serve,
    settings_for: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    caplog: pytest.LogCaptureFixture,
    api: str,
) -> None:
    fake_upstream.set_records(*with_bad_flags(*fixture_records()))
    source: dict[str, Any] = (
        {"source_url": fake_upstream.v5_url, "source_api_key": fake_upstream.api_key}
        if api == "v5"
        else {"source_url": fake_upstream.v31_url}
    )
    async with serve(settings_for(**source)) as client:
        with caplog.at_level(logging.WARNING, logger="countries"):
            synced = await client.post("/admin/sync", headers=ADMIN)
        argentina = (await client.get("/countries/ARG")).json()["flag"]
        chile = (await client.get("/countries/CHL")).json()["flag"]
        listed = (await client.get("/countries", params={"name": "argentina"})).json()
    assert synced.status_code == 200, synced.text
    assert (argentina["png"], argentina["svg"]) == (None, "https://flagcdn.com/ar.svg")
    assert (chile["png"], chile["svg"]) == ("https://flagcdn.com/w320/cl.png", None)
    assert listed["items"][0]["flag"] == argentina
    messages = [r.getMessage() for r in caplog.records]
    warnings = [m for m in messages if "not http(s)" in m and "bundled snapshot" not in m]
    assert len(warnings) == 1, warnings
    # These 2: the data's 3 OpenStreetMap links without a scheme are kept, with https://.
    assert "2 URL(s)" in warnings[0]
    assert "ARG" in warnings[0]
