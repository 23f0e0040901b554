"""The event loop `countries serve` runs on: uvloop, taking waiting connections in batches.

libuv accepts one connection per turn of its loop (libuv/libuv#3696). A turn of a busy
server answers every request that arrived meanwhile (32 connections: about 20 ms here), so
32 clients connecting together waited up to 32 turns, 300 ms, before their first request
was read: the slowest hundredth of every benchmark run (benchmarks/NOTES.md, change 19).
asyncio's own loop takes up to `backlog` connections a turn; this one takes up to
`ACCEPTS_PER_TURN` and hands each to uvloop's transport, so only the listening is changed.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from typing import Any

import uvloop

# Enough for a client pool's burst in one or two turns; few enough that, with workers
# sharing one listening socket, the first awake does not take every connection of a burst.
ACCEPTS_PER_TURN = 16
# Out of file descriptors or memory: accepting pauses this long instead of spinning.
PAUSE_SECONDS = 1.0
_RESOURCE_ERRORS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})

logger = logging.getLogger(__name__)

# What `uvicorn.run(loop=...)` takes to run on this loop: `countries serve` and the
# benchmark's ceilings, which run on the same server stack.
UVICORN_LOOP = f"{__name__}:new_event_loop"


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvicorn's loop factory (`loop=` takes its import string)."""
    return BatchAcceptingLoop()


class BatchAcceptingLoop(uvloop.Loop):
    """uvloop, serving plain TCP through `BatchAcceptingServer`; TLS and the rest as it does."""

    async def create_server(  # type: ignore[override]  # the plain-TCP subset uvicorn uses
        self,
        protocol_factory: Any,
        host: str | None = None,
        port: int | None = None,
        *,
        sock: socket.socket | None = None,
        backlog: int = 100,
        ssl: Any = None,
        **options: Any,
    ) -> Any:
        """A server listening on `sock`, or on every address of `host` and `port`."""
        if ssl is not None or options:
            # Any: uvloop's overloads take `sock` or host and port, and so do we, unchecked.
            serve: Any = super().create_server
            return await serve(
                protocol_factory, host, port, sock=sock, backlog=backlog, ssl=ssl, **options
            )
        sockets = [sock] if sock is not None else await self._bound(host, port)
        return BatchAcceptingServer(self, sockets, protocol_factory, backlog)

    async def _bound(self, host: str | None, port: int | None) -> list[socket.socket]:
        """A socket bound to each address `host` names, as `asyncio` binds them."""
        infos = await self.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        sockets: list[socket.socket] = []
        try:
            for family, kind, proto, _, address in dict.fromkeys(infos):
                sock = socket.socket(family, kind, proto)
                sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:  # an IPv6 address does not take IPv4's too
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                sock.bind(address)
        except OSError:
            for sock in sockets:
                sock.close()
            raise
        return sockets


class BatchAcceptingServer:
    """What uvicorn asks of a server (`sockets`, `close`, `wait_closed`), accepting in batches."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        sockets: list[socket.socket],
        protocol_factory: Any,
        backlog: int,
    ) -> None:
        self.sockets = sockets
        self._loop = loop
        self._protocol_factory = protocol_factory
        self._handing_over: set[asyncio.Task[Any]] = set()  # the loop keeps weak references
        self._paused = False
        for sock in sockets:
            sock.listen(backlog)
            sock.setblocking(False)
            loop.add_reader(sock.fileno(), self._accept, sock)

    def _accept(self, sock: socket.socket) -> None:
        """Accept what waits on `sock`, up to a batch, and hand each connection to uvloop."""
        for _ in range(ACCEPTS_PER_TURN):
            try:
                connection, _ = sock.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return
            except OSError as error:
                if error.errno not in _RESOURCE_ERRORS:
                    raise
                self._pause(sock, error)
                return
            if self._paused:
                self._paused = False
                logger.warning("accepting connections again")
            connection.setblocking(False)
            task = self._loop.create_task(self._hand_over(connection))
            self._handing_over.add(task)
            task.add_done_callback(self._handing_over.discard)

    async def _hand_over(self, connection: socket.socket) -> None:
        """`connection` as a uvloop transport speaking the server's protocol."""
        try:
            await self._loop.connect_accepted_socket(self._protocol_factory, connection)
        except OSError:  # the client left before its transport was made
            connection.close()

    def _pause(self, sock: socket.socket, error: OSError) -> None:
        """Stop accepting on `sock` for a while: one log line when it starts, one when it ends."""
        if not self._paused:
            self._paused = True
            logger.warning("cannot accept connections (%s): pausing %.0f s", error, PAUSE_SECONDS)
        self._loop.remove_reader(sock.fileno())
        self._loop.call_later(PAUSE_SECONDS, self._resume, sock)

    def _resume(self, sock: socket.socket) -> None:
        if sock.fileno() != -1:  # not closed meanwhile
            self._loop.add_reader(sock.fileno(), self._accept, sock)

    def close(self) -> None:
        """Stop listening; connections already accepted go on (uvicorn shuts them down)."""
        for sock in self.sockets:
            if sock.fileno() != -1:
                self._loop.remove_reader(sock.fileno())
                sock.close()

    async def wait_closed(self) -> None:
        """Nothing to wait for: `close` has closed every listening socket."""
