"""deploy/nginx.conf: parsed as nginx parses it (crossplane), and bounding what the README's
"Behind a reverse proxy" paragraph says the service cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import crossplane

from countries.config import Settings
from tests.deploy.files import ROOT

NGINX = ROOT / "deploy" / "nginx.conf"


def _parse(path: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = crossplane.parse(str(path), single=True, comments=False)
    return parsed


def _directives(block: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {d["directive"]: d["args"] for d in block}


def _http() -> list[dict[str, Any]]:
    parsed = _parse(NGINX)
    assert parsed["status"] == "ok", parsed["errors"]
    (http,) = [d for d in parsed["config"][0]["parsed"] if d["directive"] == "http"]
    block: list[dict[str, Any]] = http["block"]
    return block


def test_the_proxy_times_out_slow_clients_and_bounds_bodies_and_headers() -> None:
    http = _directives(_http())
    assert http["client_header_timeout"] == ["10s"]
    assert http["client_body_timeout"] == ["10s"]
    assert http["large_client_header_buffers"] == ["4", "8k"]
    assert http["keepalive_timeout"] == ["5s"]
    assert http["send_timeout"] == ["10s"]
    # The same bound as the service's own default, so both answer a 413 at one size.
    assert http["client_max_body_size"] == ["1m"]
    assert Settings.model_fields["max_body_bytes"].default == 1024 * 1024


def test_the_proxy_spreads_requests_over_every_replica_of_the_compose_service() -> None:
    http = _http()
    (upstream,) = [d for d in http if d["directive"] == "upstream"]
    servers = [d["args"] for d in upstream["block"] if d["directive"] == "server"]
    assert servers[0][0] == "countries:8000"  # the compose service, every replica of it
    assert "resolve" in servers[0]  # looked up again as replicas come and go
    (server,) = [d for d in http if d["directive"] == "server"]
    (location,) = [d for d in server["block"] if d["directive"] == "location"]
    assert _directives(location["block"])["proxy_pass"] == ["http://countries"]


def test_a_broken_configuration_fails_to_parse(tmp_path: Path) -> None:
    broken = tmp_path / "nginx.conf"
    broken.write_text(NGINX.read_text().replace("send_timeout          10s;", "send_timeout 10s"))
    assert _parse(broken)["status"] == "failed"
