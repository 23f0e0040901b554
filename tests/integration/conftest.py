"""Fixtures the command-line tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from countries.config import Settings, load_settings


@pytest.fixture
def settings_for(sqlite_url: str) -> Callable[..., Settings]:
    """Settings on this test's own SQLite file, schedule off; keyword arguments override."""

    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"database_url": sqlite_url, "sync_interval_seconds": 0}
        return load_settings(**(values | overrides))

    return build
