"""`countries export` refusing what it is given: exit code 2, one line, no file written."""

from __future__ import annotations

from pathlib import Path

import pytest

from countries.config import Settings
from countries.entrypoints.cli import main


def export_refusal(
    argv: list[str], settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    """The line `countries export ARGV` printed, once it refused (2) and wrote nothing."""
    target = tmp_path / "out.xlsx"
    code = main(["export", *argv, "-o", str(target)], settings=settings)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("countries: ")
    assert err.count("\n") == 1
    assert not target.exists()
    return err.removeprefix("countries: ").rstrip("\n")
