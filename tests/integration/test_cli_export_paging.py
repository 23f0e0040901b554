"""`countries export --limit N --offset N`: the page the API exports, by the API's rules."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from countries.config import Settings
from countries.entrypoints.cli import main
from tests.cli_refusals import export_refusal


def _rows(target: Path) -> list[str]:
    sheet = load_workbook(target, read_only=True)["Countries"]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _about(target: Path) -> dict[str, object]:
    sheet = load_workbook(target, read_only=True)["About"]
    return {str(label): value for label, value in sheet.iter_rows(values_only=True)}


def test_a_limit_writes_that_many_rows_and_an_offset_skips(
    settings_for: Callable[..., Settings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    every, first, second = (tmp_path / f"{name}.xlsx" for name in ("every", "first", "second"))
    assert main(["export", "-o", str(every)], settings=settings_for()) == 0
    assert main(["export", "--limit", "3", "-o", str(first)], settings=settings_for()) == 0
    argv = ["export", "--limit", "3", "--offset", "3", "-o", str(second)]
    assert main(argv, settings=settings_for()) == 0
    out = capsys.readouterr().out
    assert "wrote 3 countries to" in out
    assert _rows(first) == _rows(every)[:3]
    assert _rows(second) == _rows(every)[3:6]
    assert _about(first)["Rows"] == "1 to 3 of 250 matches (limit 3, offset 0)"
    assert _about(second)["Rows"] == "4 to 6 of 250 matches (limit 3, offset 3)"
    assert "Rows" not in _about(every)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--limit", "0"], "invalid --limit: limit must be at least 1"),
        (["--limit", "501"], "invalid --limit: limit must be at most 500"),
        (["--limit", "x"], "invalid --limit: limit must be a whole number in plain digits"),
        (["--offset", "-1"], "invalid --offset: offset must be a whole number in plain digits"),
    ],
)
def test_a_bad_page_is_one_line_and_exit_code_2(
    settings_for: Callable[..., Settings],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    assert export_refusal(argv, settings_for(), tmp_path, capsys).startswith(said)


def test_the_help_labels_only_filters_as_filters(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per option
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    lines = {
        line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line[:4] == "  --"
    }
    assert "filter:" in lines["--currency"]
    assert "columns:" in lines["--fields"]
    for option in ("--fields", "--limit", "--offset"):
        assert "filter:" not in lines[option], lines[option]
    assert "page:" in lines["--limit"]
    assert "1..500" in lines["--limit"]
    assert "page:" in lines["--offset"]


def test_a_dash_writes_the_workbook_to_standard_output(
    settings_for: Callable[..., Settings],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`countries export -o - | …`: the workbook down the pipe, no file named `-`."""
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--limit", "2", "-o", "-"], settings=settings_for()) == 0
    out, err = capsysbinary.readouterr()
    sheet = load_workbook(io.BytesIO(out), read_only=True)["Countries"]
    assert len(list(sheet.iter_rows(min_row=2))) == 2
    assert err.decode().endswith("wrote 2 countries to standard output\n")
    assert "-" not in os.listdir(tmp_path)


def test_a_reader_closing_the_pipe_early_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """`countries export -o - | true`: the reader gone before the workbook is written."""
    env = {**os.environ, "COUNTRIES_DATABASE_URL": "memory://", "COUNTRIES_LOG_LEVEL": "ERROR"}
    command = [sys.executable, "-m", "countries", "export", "-o", "-"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as run:
        assert run.stdout is not None
        assert run.stderr is not None
        run.stdout.close()  # as `| true` does, before a byte is read
        said = run.stderr.read().decode()
    assert (run.returncode, said) == (
        1,
        "countries: the reader of standard output closed it early\n",
    )
