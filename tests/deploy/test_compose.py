"""compose.yaml, checked without a container runtime: the Compose Specification's schema
(vendored in check-jsonschema) and what a deployment needs of it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from countries.config import Settings
from tests.deploy.files import ROOT

COMPOSE = ROOT / "compose.yaml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_the_compose_file_follows_the_compose_specification() -> None:
    result = _validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_compose_file_fails_the_check(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    text = COMPOSE.read_text().replace("service_completed_successfully", "service_finished")
    broken.write_text(text.replace("  countries:\n", "  countries:\n    replica: 2\n", 1))
    result = _validate(broken)
    assert result.returncode != 0
    assert "service_finished" in result.stdout
    assert "replica" in result.stdout


def test_two_replicas_start_after_the_migration_behind_the_proxy() -> None:
    services = _compose()["services"]
    assert {"postgres", "redis", "mailpit", "migrate", "countries", "proxy"} <= set(services)
    migrate, countries = services["migrate"], services["countries"]
    assert migrate["command"] == ["countries", "db", "upgrade"]
    assert migrate["restart"] == "no"
    assert countries["deploy"]["replicas"] == 2
    assert countries["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert countries["image"] == migrate["image"]
    assert "ports" not in countries  # reached through the proxy only
    proxy = services["proxy"]
    assert proxy["depends_on"]["countries"]["condition"] == "service_healthy"
    source = proxy["volumes"][0].split(":")[0]
    assert (ROOT / source).is_file(), source


def test_the_replicas_share_postgresql_redis_and_the_mail_catcher() -> None:
    env = _compose()["services"]["countries"]["environment"]
    assert env["COUNTRIES_DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in env["COUNTRIES_DATABASE_URL"]
    assert env["COUNTRIES_REDIS_URL"] == "redis://redis:6379/0"
    assert env["COUNTRIES_SMTP_HOST"] == "mailpit"
    assert env["COUNTRIES_HOST"] == "0.0.0.0"
    assert _compose()["services"]["migrate"]["environment"] == env


def test_every_setting_is_set_and_explained_by_a_comment() -> None:
    env = _compose()["services"]["countries"]["environment"]
    settings = {f"COUNTRIES_{name.upper()}" for name in Settings.model_fields}
    assert settings == set(env)
    lines = COMPOSE.read_text().splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("COUNTRIES_") and line.startswith("  ") and ":" in line:
            assert lines[number - 1].strip().startswith("#"), line
