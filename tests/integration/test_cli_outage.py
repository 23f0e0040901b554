"""The command line with its database out of reach: one line saying so, not a traceback."""

from __future__ import annotations

import socket

import pytest

from countries.config import load_settings
from countries.entrypoints.cli import main


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again once returned: nothing listens


@pytest.mark.parametrize("command", [["sync"], ["db", "upgrade"], ["report", "send"]])
def test_a_database_out_of_reach_is_one_line_and_a_failure(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        database_url=f"postgresql://postgres@127.0.0.1:{_closed_port()}/countries",
        sync_interval_seconds=0,
    )
    assert main(command, settings=settings) == 3  # a part is unreachable: try again later
    error = capsys.readouterr().err.strip().splitlines()
    assert error == ["countries: the database cannot be reached; try again in a few seconds"]


def test_cache_clear_with_redis_out_of_reach_says_nothing_was_dropped(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        database_url=sqlite_url,
        redis_url=f"redis://127.0.0.1:{_closed_port()}/0",
        sync_interval_seconds=0,
    )
    assert main(["cache", "clear"], settings=settings) == 3
    captured = capsys.readouterr()
    assert "dropped 0" not in captured.out  # not reported as done
    assert captured.err.strip().splitlines() == [
        "countries: Redis cannot be reached (nothing dropped); try again when it answers"
    ]
