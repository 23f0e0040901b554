"""A payload with a NUL in a name, or two countries sharing an alpha-2, is refused, not stored.

Through `POST /admin/sync` against the real HTTP stand-in, for v3.1 and v5, on SQLite and
on PostgreSQL (which cannot store a NUL at all): the same 502 `source-invalid` on both,
the stored countries unchanged, and one log line (the access line), no traceback.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import Any

import pytest

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.upstream import FakeRestCountries, Record, fixture_records


@pytest.fixture
def storage() -> str:
    """SQL only: what the two databases store is what is under test."""
    return "sql"


def changed_argentina(
    v31_change: Callable[[Record], None], v5_change: Callable[[Record], None]
) -> tuple[list[Record], list[Record]]:
    """The fixture records with Argentina changed in both shapes."""
    v31, v5 = copy.deepcopy(fixture_records())
    for record in v31:
        if record["cca3"] == "ARG":
            v31_change(record)
    for record in v5:
        if record["codes"]["alpha_3"] == "ARG":
            v5_change(record)
    return v31, v5


def nul_in_name() -> tuple[list[Record], list[Record]]:
    return changed_argentina(
        lambda r: r["name"].update(common="Arg\u0000entina"),
        lambda r: r["names"].update(common="Arg\u0000entina"),
    )


def brazils_alpha_2() -> tuple[list[Record], list[Record]]:
    return changed_argentina(
        lambda r: r.update(cca2="BR"), lambda r: r["codes"].update(alpha_2="BR")
    )


# The payload, and what the refusal must say besides the country.
HOSTILE = {
    "nul-in-name": (nul_in_name, "U+0000 (a control character)"),
    "brazils-alpha-2": (brazils_alpha_2, "the alpha-2 code BR: "),
}


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("api", ["v3.1", "v5"])
async def test_a_hostile_payload_is_refused_and_the_stored_countries_are_unchanged(
    serve: Serve,
    settings_for: Callable[..., Settings],
    database_url: str,
    fake_upstream: FakeRestCountries,
    caplog: pytest.LogCaptureFixture,
    api: str,
    hostile: str,
) -> None:
    payload, says = HOSTILE[hostile]
    fake_upstream.set_records(*payload())
    source: dict[str, Any] = (
        {"source_url": fake_upstream.v5_url, "source_api_key": fake_upstream.api_key}
        if api == "v5"
        else {"source_url": fake_upstream.v31_url}
    )
    async with serve(settings_for(database_url=database_url, **source)) as client:
        before = [(await client.get(f"/countries/{code}")).json() for code in ("ARG", "BRA")]
        caplog.clear()
        with caplog.at_level(logging.INFO):
            synced = await client.post("/admin/sync", headers=ADMIN)
        after = [(await client.get(f"/countries/{code}")).json() for code in ("ARG", "BRA")]
        by_alpha_2 = [(await client.get(f"/countries/{code}")).json() for code in ("AR", "BR")]

    assert synced.status_code == 502, synced.text
    assert synced.headers["content-type"] == "application/problem+json"
    problem = synced.json()
    assert problem["type"] == "/problems/source-invalid"
    assert "ARG" in problem["detail"]
    assert says in problem["detail"]
    assert "\u0000" not in problem["detail"]  # named, never echoed
    assert (before[0]["name"], before[0]["cca2"]) == ("Argentina", "AR")
    assert after == before
    assert by_alpha_2 == before
    ours = [r for r in caplog.records if r.name.startswith("countries")]
    assert [r.getMessage().startswith("POST /admin/sync 502 ") for r in ours] == [True], ours
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
