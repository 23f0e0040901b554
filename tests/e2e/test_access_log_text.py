"""The text access log: one line per request, whatever a client puts in its path."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import httpx2
import pytest

from countries.config import Settings
from countries.entrypoints.logs import configure_logging


@pytest.fixture
def text_logs(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[[], list[str]]]:
    """Logging configured as the default `COUNTRIES_LOG_FORMAT=text` does; the lines so far."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging(settings_for(log_format="text"))
    capsys.readouterr()
    try:
        yield lambda: capsys.readouterr().err.splitlines()
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.parametrize(
    "path",
    [
        "/nothing%0A2026-12-02%2014:00:00,000%20ERROR%20countries.fake:%20forged%0D",
        "/v3.1/name/x%0Ay%1B%5B31mRED",
        "/countries/%0D%0A%00",
    ],
)
async def test_a_control_character_in_the_path_cannot_forge_a_log_line(
    client: httpx2.AsyncClient, text_logs: Callable[[], list[str]], path: str
) -> None:
    await client.get(path)
    lines = [line for line in text_logs() if " countries.access: " in line]
    assert len(lines) == 1, lines
    assert all(ch.isprintable() for ch in lines[0])
    assert " ERROR " not in lines[0].split(" countries.access: ")[0]
    assert "\\n" in lines[0] or "\\r" in lines[0]
