"""A real SMTP server on loopback (aiosmtpd): it keeps every message, or refuses; `smtp` starts one."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.ports import free_port


class Inbox:
    """Keeps every message; `refuse` makes the server answer DATA with a permanent error."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "554 5.0.0 transaction failed"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


class Smtp:
    """The server on a port of its own, with its `inbox`; stopped and started at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    """A real SMTP server on loopback, started; a test may stop and start it again."""
    server = Smtp()
    server.start()
    try:
        yield server
    finally:
        server.stop()
