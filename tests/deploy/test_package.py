"""What a person installing the package sees: its name, one version, its licences, the
versions it was tested with, and the same gates before a commit as in `make lint`."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from tests.deploy.files import ROOT


def _project() -> dict[str, Any]:
    project: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project


def _constraints() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = Version(version)
    return pins


def test_the_distribution_is_countries_service_with_the_countries_command() -> None:
    project = _project()
    assert project["name"] == "countries-service"
    assert project["scripts"] == {"countries": "countries.entrypoints.cli:main"}
    installed = distribution("countries-service")
    assert installed.version == project["version"]


def test_the_licences_name_the_authors_and_the_datas_own_licence() -> None:
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 The countries service authors" in licence
    notice = (ROOT / "NOTICE").read_text()
    words = " ".join(notice.split())
    assert "REST Countries' data, made available under the Mozilla Public License" in words
    assert (ROOT / "src/countries/adapters/data/NOTICE").is_file()


def test_the_changelog_describes_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## [{_project()['version']}] - " in changelog
    assert "## [Unreleased]" in changelog


def test_every_dependency_is_pinned_at_or_above_its_minimum() -> None:
    pins = _constraints()
    project = _project()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["dev"]]:
        requirement = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pins, f"{name} is not in constraints.txt"
        assert requirement.specifier.contains(pins[name]), (spec, pins[name])
        # The minimum is the version the suite ran with: nothing older is claimed to work.
        (minimum,) = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert minimum == pins[name], (spec, pins[name])


def test_pre_commit_runs_the_same_gates_as_make_lint() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [hook["entry"].split() for repo in config["repos"] for hook in repo["hooks"]]
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:")[1].split("\n\n")[0].splitlines()[1:]
    # `make lint` names the tree (`.`); pre-commit passes the files it checks instead.
    gates = [[w for w in line.replace("$(BIN)", ".venv/bin").split() if w != "."] for line in lint]
    assert len(gates) == 4
    for gate in gates:
        assert any(entry[: len(gate)] == gate for entry in entries), gate
