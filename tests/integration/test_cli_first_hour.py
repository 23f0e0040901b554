"""A newcomer's first hour with `countries`: each mistake is one line naming what to fix."""

from __future__ import annotations

import logging
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from countries.adapters.sqlalchemy.migrate import HEAD_REVISION
from countries.config import Settings, load_settings
from countries.entrypoints.cli import main
from tests.databases import _database_url

MIGRATIONS = Path(__file__).parents[2] / "src/countries/adapters/sqlalchemy/migrations/versions"

NO_KEY = "COUNTRIES_SOURCE_API_KEY is not set"


def _lines(text: str) -> list[str]:
    return text.strip().splitlines()


def _free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_export_into_a_missing_directory_is_one_line_naming_the_path(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing-dir" / "x.xlsx"
    assert main(["export", "-o", str(target)], settings=settings_for()) == 2
    assert _lines(capsys.readouterr().err) == [
        f"countries: cannot write {target}: the directory {target.parent} does not exist"
    ]


@pytest.mark.parametrize("output", ["", " "])
def test_an_export_to_no_file_name_says_what_to_give(
    output: str, settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", output], settings=settings_for()) == 2
    assert _lines(capsys.readouterr().err) == [
        "countries: -o names no file: give the workbook's path, e.g. -o countries.xlsx"
    ]


@pytest.mark.parametrize("port", ["99999", "-1", "0", "http"])
def test_serve_refuses_a_port_out_of_range_before_starting(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert f"argument --port: invalid port (1..65535) value: '{port}'" in capsys.readouterr().err


def test_serve_on_a_port_in_use_is_one_line_and_starts_nothing(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve"], settings=settings_for(port=port))
    assert code == 2
    (line,) = _lines(capsys.readouterr().err)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "already in use" in line


def test_several_workers_on_memory_storage_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(database_url="memory://", sync_interval_seconds=0)
    with socket.socket() as taken:  # were it not refused, it would not start either
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert main(["serve", "--workers", "2", "--port", port], settings=settings) == 2
    assert _lines(capsys.readouterr().err) == [
        "countries: 2 workers cannot share memory://: each would keep its own data "
        "(use one worker, or a SQLite or PostgreSQL database)"
    ]


def test_a_port_setting_out_of_range_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COUNTRIES_PORT", "99999")
    assert main(["serve"]) == 2
    assert _lines(capsys.readouterr().err)[0].startswith(
        "countries: invalid setting COUNTRIES_PORT:"
    )


def test_db_upgrade_says_which_migrations_it_applied(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"], settings=settings_for()) == 0
    first = capsys.readouterr()
    shipped = sorted(p.name[:4] for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert shipped[-1] == HEAD_REVISION
    assert _lines(first.out) == [
        f"applied migrations {', '.join(shipped)}; the database is up to date"
    ]
    assert "alembic" not in first.err  # its INFO chatter stays out of a newcomer's way
    assert main(["db", "upgrade"], settings=settings_for()) == 0
    assert _lines(capsys.readouterr().out) == ["nothing to apply: the database is up to date"]


def test_a_failed_sync_says_its_reason_once(
    settings_for: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert main(["export", "-o", "/dev/null"], settings=settings_for()) == 0  # seeded
    capsys.readouterr()
    with caplog.at_level(logging.INFO):
        code = main(["sync"], settings=settings_for())
    assert code == 2  # a setting to fix
    said = capsys.readouterr().err + "\n".join(
        r.getMessage() for r in caplog.records if r.levelno >= logging.INFO
    )
    assert said.count(NO_KEY) == 1


def test_cache_clear_without_redis_says_where_the_cache_is(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cache", "clear"], settings=settings_for()) == 0
    out = capsys.readouterr().out
    assert "running server's process" in out
    assert "POST /admin/cache/invalidate" in out
    assert "dropped" not in out


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["db", "upgrade"], ["sync"], ["report", "send"]])
def test_a_database_that_does_not_exist_names_the_setting(
    command: list[str], postgres_template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        database_url=_database_url("countries_no_such_database"), sync_interval_seconds=0
    )
    assert main(command, settings=settings) == 2
    assert _lines(capsys.readouterr().err) == [
        "countries: COUNTRIES_DATABASE_URL: the database refused the connection: "
        'database "countries_no_such_database" does not exist'
    ]


def test_the_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for code in ("0  done", "1  the operation failed", "2  bad usage", "3  a part is unreachable"):
        assert code in out


@pytest.mark.parametrize("command", [["db", "upgrade"], ["sync"], ["export"], ["serve"]])
def test_a_sqlite_directory_that_cannot_be_made_names_the_setting(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a traceback, and not "try again": the path is to fix (exit 2)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    settings = load_settings(
        database_url=f"sqlite:///{a_file}/sub/countries.db", sync_interval_seconds=0
    )
    extra = {"export": ["-o", str(tmp_path / "x.xlsx")], "serve": ["--port", str(_free_port())]}
    assert main([*command, *extra.get(command[0], [])], settings=settings) == 2
    assert _lines(capsys.readouterr().err) == [
        f"countries: COUNTRIES_DATABASE_URL: cannot make the directory {a_file}/sub of the "
        "SQLite database: Not a directory"
    ]


def test_serve_with_the_database_down_says_so_once_and_never_that_it_serves(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """It exits (3) before serving: no "answering 503 until it is back" beside its line."""
    down = _free_port()  # nothing listens there: the database is down
    settings = load_settings(database_url=f"postgresql://postgres@127.0.0.1:{down}/countries")
    with caplog.at_level(logging.INFO):
        assert main(["serve", "--port", str(_free_port())], settings=settings) == 3
    assert _lines(capsys.readouterr().err) == [
        "countries: the database cannot be reached; try again in a few seconds"
    ]
    assert not [r for r in caplog.records if "answering 503" in r.getMessage()]


@pytest.mark.parametrize("command", [["db", "upgrade"], ["sync"], ["serve"]])
def test_a_sqlite_database_that_cannot_be_opened_is_a_setting_not_an_outage(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory named as the file: exit 2 naming it, not "try again in a few seconds"."""
    settings = load_settings(database_url=f"sqlite:///{tmp_path}", sync_interval_seconds=0)
    extra = {"serve": ["--port", str(_free_port())]}
    assert main([*command, *extra.get(command[0], [])], settings=settings) == 2
    assert _lines(capsys.readouterr().err) == [
        f"countries: COUNTRIES_DATABASE_URL: cannot open the SQLite database {tmp_path} "
        "for writing: Is a directory"
    ]


def test_db_upgrade_on_memory_says_there_is_nothing_to_migrate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["db", "upgrade"], settings=load_settings(database_url="memory://")) == 0
    assert _lines(capsys.readouterr().out) == [
        "nothing to migrate: memory:// keeps its data in each server's process, not here"
    ]


def test_a_sqlite_database_in_a_directory_that_takes_no_new_file_is_a_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file opens, but WAL's `-wal` and `-shm` files could not be made beside it."""
    folder = tmp_path / "frozen"
    folder.mkdir()
    (folder / "countries.db").touch()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("chattr cannot make a directory immutable on this file system")
    try:
        settings = load_settings(database_url=f"sqlite:///{folder}/countries.db")
        assert main(["db", "upgrade"], settings=settings) == 2
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert _lines(capsys.readouterr().err) == [
        f"countries: COUNTRIES_DATABASE_URL: cannot open the SQLite database "
        f"{folder}/countries.db for writing: Operation not permitted"
    ]
