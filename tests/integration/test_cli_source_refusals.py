"""`countries sync` against a source that refuses its settings: a setting to fix (exit 2).

A key the source refuses, a URL that is no source, the retired v3.1 service: trying again
will not help, so the exit code says "fix a setting" (README.md, "Command line"), as a
database that does not exist does. A spent quota or a source down is still "try later" (3).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from countries.config import Settings
from countries.entrypoints.cli import main
from tests.upstream import FakeRestCountries


@pytest.fixture
def synced_once(
    settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> Callable[..., Settings]:
    """`settings_for`, on a database a good sync filled (an empty one would be seeded)."""
    assert main(["sync"], settings=settings_for(source_url=fake_upstream.v31_url)) == 0
    return settings_for


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ({"source_url": "v5", "source_api_key": "wrong-key"}, "check COUNTRIES_SOURCE_API_KEY"),
        ({"source_url": "retired"}, "retired its v3.1 API"),
        ({"source_url": "elsewhere"}, "is COUNTRIES_SOURCE_URL a v3.1 base URL"),
    ],
    ids=["wrong-v5-key", "retired-v31", "not-a-v31-url"],
)
def test_a_source_refusing_its_settings_is_a_setting_to_fix(
    synced_once: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    capsys: pytest.CaptureFixture[str],
    source: dict[str, str],
    says: str,
) -> None:
    urls = {
        "v5": fake_upstream.v5_url,
        "retired": fake_upstream.retired_url,
        "elsewhere": f"{fake_upstream.base_url}/elsewhere/v3.1",
    }
    settings = synced_once(**(source | {"source_url": urls[source["source_url"]]}))
    capsys.readouterr()
    assert main(["sync"], settings=settings) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("countries: ")
    assert says in line


def test_a_spent_quota_is_still_to_try_later(
    synced_once: Callable[..., Settings],
    fake_upstream: FakeRestCountries,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_upstream.set_fault("403")
    settings = synced_once(source_url=fake_upstream.v5_url, source_api_key=fake_upstream.api_key)
    assert main(["sync"], settings=settings) == 3
    assert "monthly quota spent" in capsys.readouterr().err
