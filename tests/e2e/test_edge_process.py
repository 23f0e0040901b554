"""Hostile clients against a real `countries serve`: raw sockets, where streaming matters."""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from tests.ports import free_port
from tests.servers import ServerProcess

pytestmark = pytest.mark.slow

TOKEN = "edge-token"
MAX_BODY = 4096
BODY_TIMEOUT_SECONDS = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A served process, offline, with a small body limit and a short body timeout."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTRIES_")}
    env |= {
        "COUNTRIES_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('edge') / 'c.db'}",
        "COUNTRIES_ADMIN_TOKEN": TOKEN,
        "COUNTRIES_SYNC_INTERVAL_SECONDS": "0",
        "COUNTRIES_SOURCE_URL": "http://127.0.0.1:9/countries/v5",
        "COUNTRIES_MAX_BODY_BYTES": str(MAX_BODY),
        "COUNTRIES_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT_SECONDS),
    }
    server = ServerProcess(
        [sys.executable, "-m", "countries", "serve", "--port", str(port)],
        env,
        tmp_path_factory.mktemp("edge-log") / "serve.log",
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}")
        yield "127.0.0.1", port
    finally:
        code, output = server.stop(timeout=20)
        assert code == 0, output


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx2.get(f"{base}/countries/ARG", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("countries serve never answered")


def _exchange(server: tuple[str, int], request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send these bytes, then read the answer until the server closes (10 s at most)."""
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and _complete(received):
                break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, _, value in (h.partition(": ") for h in lines)}
    return int(status_line.split()[1]), headers, body


def _complete(received: bytes) -> bool:
    head, _, body = received.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def _post_head(path: str, *, token: bool, **headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: countries.test", "Content-Type: application/json"]
    if token:
        lines.append(f"Authorization: Bearer {TOKEN}")
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _problem(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    assert headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = json.loads(body)
    return problem


def test_an_unauthenticated_post_is_refused_without_its_body_being_sent(
    server: tuple[str, int],
) -> None:
    # 40 MB announced, not one byte sent: the answer cannot have waited for it.
    head = _post_head("/countries/ARG/activities", token=False, Content_Length="40000000")
    status, headers, body = _exchange(server, head)
    assert status == 401
    assert _problem(headers, body)["status"] == 401


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(
    server: tuple[str, int],
) -> None:
    head = _post_head("/countries/ARG/activities", token=True, Content_Length="40000000")
    status, headers, body = _exchange(server, head)
    assert status == 413
    problem = _problem(headers, body)
    assert problem["type"] == "/problems/body-too-large"
    assert str(MAX_BODY) in problem["detail"]


def test_a_chunked_body_over_the_limit_is_refused_as_it_arrives(server: tuple[str, int]) -> None:
    head = _post_head("/countries/ARG/activities", token=True, Transfer_Encoding="chunked")
    chunk = b"%x\r\n%s\r\n" % (1024, b" " * 1024)
    # Five chunks, never the last one: the answer comes as the limit is passed.
    status, headers, body = _exchange(server, head + chunk * 5)
    assert status == 413
    assert _problem(headers, body)["type"] == "/problems/body-too-large"


def test_a_body_shorter_than_its_length_times_out_with_a_408(server: tuple[str, int]) -> None:
    head = _post_head("/countries/ARG/activities", token=True, Content_Length="200")
    status, headers, body = _exchange(server, head + b'{"name": "Glac')
    assert status == 408
    problem = _problem(headers, body)
    assert problem["type"] == "/problems/body-timeout"
    assert f"{BODY_TIMEOUT_SECONDS} s" in problem["detail"]


def test_a_body_within_the_limit_still_adds_an_activity(server: tuple[str, int]) -> None:
    body = json.dumps({"name": "Glacier trek", "category": "nature"}).encode()
    head = _post_head(
        "/countries/ARG/activities", token=True, Content_Length=str(len(body)), Connection="close"
    )
    status, headers, _ = _exchange(server, head + body)
    assert status == 201
    assert headers["location"].startswith("/countries/ARG/activities/")


def test_a_trailing_slash_redirect_never_names_the_host_header(server: tuple[str, int]) -> None:
    request = b"GET /countries/ARG/?x=1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    status, headers, _ = _exchange(server, request)
    assert status == 307
    assert headers["location"] == "/countries/ARG?x=1"


def test_an_overlong_url_is_a_400_problem(server: tuple[str, int]) -> None:
    request = b"GET /countries?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: countries.test\r\n\r\n"
    status, headers, body = _exchange(server, request)
    assert status == 400
    assert _problem(headers, body)["type"] == "/problems/malformed-request"


def test_a_url_not_percent_encoded_is_a_400_saying_how_to_send_it(server: tuple[str, int]) -> None:
    """curl sends `?name=Côte` as it is typed: the parser cannot read it, and says why."""
    request = "GET /countries?name=Côte HTTP/1.1\r\nHost: countries.test\r\n\r\n".encode()
    status, headers, body = _exchange(server, request)
    assert status == 400
    problem = _problem(headers, body)
    assert problem["type"] == "/problems/malformed-request"
    assert "percent-encode" in problem["detail"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
