"""A request the HTTP parser cannot read: its 400, its request id, and its access-log line."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState

from countries.entrypoints.http.protocol import ProblemHttpToolsProtocol


class _Transport(asyncio.Transport):
    """What the protocol writes, kept; a peer that goes away when told to."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def write(self, data: Any) -> None:
        self.written += bytes(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True


async def _never_called(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("an unreadable request never reaches the app")


async def test_a_raw_non_ascii_url_is_a_400_whose_id_is_in_the_access_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = Config(app=_never_called, log_config=None, access_log=False, lifespan="off")
    config.load()
    protocol = ProblemHttpToolsProtocol(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    transport = _Transport()
    protocol.connection_made(transport)
    caplog.set_level(logging.DEBUG)
    protocol.data_received("GET /countries?name=Côte HTTP/1.1\r\nHost: a\r\n\r\n".encode())
    head, _, body = transport.written.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert "percent-encode" in json.loads(body)["detail"]
    (request_id,) = [
        line.split(b": ", 1)[1].decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"x-request-id:")
    ]
    (line,) = caplog.records  # its access-log line alone, no warning from uvicorn beside it
    assert line.name == "countries.access"
    assert f"request_id={request_id}" in line.getMessage()
    assert transport.closed
