"""`countries sync`: what changed, by code, and an exit code that says whether the source answered."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from countries.config import Settings
from countries.entrypoints.cli import main
from tests.upstream import FakeRestCountries

NO_KEY = "COUNTRIES_SOURCE_API_KEY is not set"


def test_a_first_sync_without_a_key_seeds_the_snapshot_but_does_not_claim_success(
    settings_for: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sync"], settings=settings_for()) == 2  # a setting to fix, as with data there
    out, err = capsys.readouterr()
    assert out.startswith("synced from bundled snapshot of REST Countries v3.1 data")
    assert err.count(NO_KEY) == 1  # the warning that the database was seeded instead
    assert main(["export", "-o", "/dev/null"], settings=settings_for()) == 0  # the data is there


def test_a_first_sync_from_an_unreachable_source_exits_3(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for(source_url="http://127.0.0.1:9/v3.1", source_timeout_seconds=1)
    assert main(["sync"], settings=settings) == 3  # something to reach, not a setting
    assert capsys.readouterr().out.startswith(
        "synced from bundled snapshot of REST Countries v3.1 data"
    )


def test_a_sync_prints_the_codes_it_changed(
    settings_for: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
    fake_upstream: FakeRestCountries,
) -> None:
    settings = settings_for(source_url=fake_upstream.v31_url)
    assert main(["sync"], settings=settings) == 0
    first = capsys.readouterr().out.splitlines()
    assert first[1].startswith("  inserted: ")
    assert first[1].endswith(" and 220 more")
    fake_upstream.drop("ARG")
    assert main(["sync"], settings=settings) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("0 inserted, 0 updated, 249 unchanged, 1 removed (data version 2)")
    assert out[1:] == ["  removed: ARG"]


def test_a_sync_with_redis_out_of_reach_says_whose_lock_it_held(
    settings_for: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
    fake_upstream: FakeRestCountries,
) -> None:
    # The payload cache's outage is left to the outcome; the lock's fallback is news.
    settings = settings_for(source_url=fake_upstream.v31_url, redis_url="redis://127.0.0.1:9/0")
    assert main(["sync"], settings=settings) == 0
    err = capsys.readouterr().err
    assert "holding the database's instead" in err
    assert "serving without it" not in err
