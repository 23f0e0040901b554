"""A free loopback port, for the servers the tests start themselves."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port nothing listens on (yet): the OS picks it, then it is let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
