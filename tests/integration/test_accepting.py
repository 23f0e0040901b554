"""The event loop `countries serve` runs on, with real sockets: a burst of clients is taken
in a few turns of the loop, not one a turn, and running out of descriptors logs twice."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from countries.entrypoints import accepting, serve

BURST = 32  # wrk's connections in the benchmark: what a client pool opens at once


def _served_loop(monkeypatch: pytest.MonkeyPatch) -> asyncio.AbstractEventLoop:
    """The loop uvicorn builds from the options `countries serve` gives it."""
    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: given.update(options))
    serve._run_uvicorn(app=lambda *_: None, host="127.0.0.1", port=0)  # type: ignore[arg-type]
    # app=None on purpose: this Config only builds the loop factory, it never loads an app.
    factory = uvicorn.Config(app=None, loop=given.get("loop", "auto")).get_loop_factory()  # type: ignore[arg-type]
    assert factory is not None
    return factory()


class _Counted(asyncio.Protocol):
    """A protocol that only counts the connections made."""

    made: list[asyncio.BaseTransport]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.made.append(transport)


@pytest.fixture
def loop(monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.AbstractEventLoop]:
    served = _served_loop(monkeypatch)
    yield served
    served.close()


def _turns_to_accept(loop: asyncio.AbstractEventLoop, server_sock: Any = None) -> int:
    """How many turns of `loop` a server takes to make `BURST` connections waiting at once."""
    made: list[asyncio.BaseTransport] = []
    protocol = type("Counted", (_Counted,), {"made": made})

    async def burst() -> int:
        server = await loop.create_server(protocol, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(BURST)]
        turns = 0
        while len(made) < BURST and turns < 10 * BURST:
            await asyncio.sleep(0)  # one turn of the loop, as a busy server's turn would be
            turns += 1
        for client in clients:
            client.close()
        for transport in made:
            transport.close()
        server.close()
        await server.wait_closed()
        return turns

    return loop.run_until_complete(burst())


def test_a_burst_of_clients_is_accepted_in_a_few_turns_of_the_loop(
    loop: asyncio.AbstractEventLoop,
) -> None:
    # libuv takes one connection a turn: under load a turn answers every waiting request,
    # and the last of 32 clients waited 32 turns (300 ms) for its first answer.
    assert _turns_to_accept(loop) <= 2 * BURST // accepting.ACCEPTS_PER_TURN + 4


def test_a_closed_server_refuses_new_clients(loop: asyncio.AbstractEventLoop) -> None:
    async def serve_then_close() -> int:
        server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
        port: int = server.sockets[0].getsockname()[1]
        server.close()
        await server.wait_closed()
        return port

    port = loop.run_until_complete(serve_then_close())
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


class _OutOfDescriptors(socket.socket):
    """A listening socket whose first `failures` accepts fail as a full descriptor table."""

    failures = 3

    def accept(self) -> tuple[socket.socket, Any]:
        if type(self).failures > 0:
            type(self).failures -= 1
            raise OSError(errno.EMFILE, "Too many open files")
        return super().accept()


def test_running_out_of_descriptors_pauses_accepting_with_one_line_each_way(
    loop: asyncio.AbstractEventLoop,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(accepting, "PAUSE_SECONDS", 0.01)
    listener = _OutOfDescriptors(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    made: list[asyncio.BaseTransport] = []

    async def serve_one_client() -> None:
        protocol = type("Counted", (_Counted,), {"made": made})
        server = await loop.create_server(protocol, sock=listener)
        client = socket.create_connection(listener.getsockname())
        for _ in range(1000):
            if made:
                break
            await asyncio.sleep(0.005)
        client.close()
        for transport in made:
            transport.close()
        server.close()

    with caplog.at_level(logging.WARNING, logger=accepting.__name__):
        loop.run_until_complete(serve_one_client())
    assert len(made) == 1  # the client waited out the pauses and was served
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2, lines
    assert "cannot accept connections" in lines[0]
    assert "Too many open files" in lines[0]
    assert lines[1] == "accepting connections again"
