"""Every command refuses a setting that cannot work in one line, exit 2, before any work."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from countries.entrypoints.cli import main

COMMANDS = [["db", "upgrade"], ["serve"], ["sync"], ["cache", "clear"], ["report", "send"]]

BAD = [
    ("COUNTRIES_DATABASE_URL", "postgresql://u:s3cret@127.0.0.1:99999/db"),
    ("COUNTRIES_DATABASE_URL", "postgresql+psycopg2cffi://u:s3cret@h/db"),
    ("COUNTRIES_DATABASE_URL", "sqlite:///%00"),
    ("COUNTRIES_REDIS_URL", "redis://:s3cret@127.0.0.1:99999/0"),
    ("COUNTRIES_REDIS_URL", "redis://:s3cret@127.0.0.1:6379/abc"),
    ("COUNTRIES_REDIS_URL", "redis://:s3cret@127.0.0.1:6379/99"),
    ("COUNTRIES_SYNC_INTERVAL_SECONDS", "200000000000000"),
    ("COUNTRIES_SOURCE_API_KEY", "s3cret-ключ"),
    ("COUNTRIES_SMTP_FROM", "a@b.org\nBcc: x@y.z"),
    ("COUNTRIES_ADMIN_TOKEN", "   "),
]


@pytest.fixture(autouse=True)
def _harmless_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Were the bad setting accepted, the command would work on these, never on ./countries.db,
    # and `serve` would stop at once on a port in use instead of serving until killed.
    monkeypatch.setenv("COUNTRIES_DATABASE_URL", f"sqlite:///{tmp_path / 'countries.db'}")
    monkeypatch.setenv("COUNTRIES_SOURCE_URL", "http://127.0.0.1:9/countries/v5")
    monkeypatch.setenv("COUNTRIES_SYNC_INTERVAL_SECONDS", "0")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setenv("COUNTRIES_PORT", str(taken.getsockname()[1]))
        yield


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("variable", "value"), BAD)
def test_a_setting_that_cannot_work_stops_every_command_in_one_line(
    command: list[str],
    variable: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(command) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.strip().splitlines()
    assert line.startswith(f"countries: invalid setting {variable}: ")
    assert "s3cret" not in line
    assert captured.out == ""


def test_a_sync_driver_in_the_database_url_works_as_the_contract_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COUNTRIES_DATABASE_URL", f"sqlite+pysqlite:///{tmp_path / 'x.db'}")
    assert main(["db", "upgrade"]) == 0
    assert "the database is up to date" in capsys.readouterr().out
    assert (tmp_path / "x.db").is_file()
