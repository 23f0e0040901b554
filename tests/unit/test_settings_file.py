"""The settings file (`.env`) and the names of settings: read, or refused in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from countries.config import Settings, load_settings
from countries.config_rules import misspelled
from countries.entrypoints.cli import main


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xff\xfe=1\n", "in .env: not UTF-8 text (byte 0 cannot be read)"),
        (b'COUNTRIES_PORT=9000\nCOUNTRIES_LOG_LEVEL="abc\n', "in .env: line 2 is not NAME=value"),
    ],
)
def test_a_settings_file_that_cannot_be_read_stops_with_one_line_naming_it(
    content: bytes,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not a traceback, nor a warning before going on with the defaults; no value echoed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_bytes(content)
    assert main(["db", "upgrade"]) == 2
    assert capsys.readouterr().err == f"countries: invalid setting {says}\n"
    assert list(tmp_path.iterdir()) == [tmp_path / ".env"]  # no database made meanwhile


def test_a_settings_file_of_comments_exports_and_blank_lines_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("# the port\n\nexport COUNTRIES_PORT=9001\n")
    assert load_settings().port == 9001


def test_a_misspelled_setting_is_one_warning_naming_the_setting_meant(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A typo no longer leaves the service on its defaults without a word."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNTRIES_DATABSE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("COUNTRIES_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")  # not ours
    (tmp_path / ".env").write_text("COUNTRIES_PORTT=9000\nCOUNTRIES_LOG_LEVEL=WARNING\n")
    assert main(["db", "upgrade"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert [line.split(" countries: ", 1)[1] for line in warnings] == [
        "COUNTRIES_DATABSE_URL is not a setting (did you mean COUNTRIES_DATABASE_URL?); "
        "it is ignored",
        "COUNTRIES_PORTT is not a setting (did you mean COUNTRIES_PORT?); it is ignored",
    ]


def test_a_setting_named_in_another_case_is_no_misspelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pydantic-settings reads `COUNTRIES_port` as COUNTRIES_PORT: no warning that it is not."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNTRIES_DATABASE_url", "memory://")
    assert load_settings().database_url == "memory://"
    assert main(["db", "upgrade"]) == 0
    assert "not a setting" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("COUNTRIES_DATABSE_URL", "COUNTRIES_DATABASE_URL"),
        ("countries_redisurl", "COUNTRIES_REDIS_URL"),
        ("COUNTRIES_ADMIN_TOKN", "COUNTRIES_ADMIN_TOKEN"),
    ],
)
def test_a_near_miss_names_the_setting_meant(name: str, meant: str) -> None:
    known = [f"COUNTRIES_{n.upper()}" for n in Settings.model_fields]
    unrelated = ["COUNTRIES_TEST_REDIS_URL", "COUNTRIES_BENCH_POSTGRES_URL", "PATH"]
    assert misspelled([name, *unrelated, *known], known, "COUNTRIES_") == [(name, meant)]
