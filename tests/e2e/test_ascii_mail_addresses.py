"""Report addresses are kept and sent in ASCII: the mailer does not speak SMTPUTF8.

A subscriber's Unicode domain is stored in its IDNA (`xn--`) form, and a real SMTP server
on loopback sees that form in RCPT TO and in the To: header.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve

pytestmark = pytest.mark.slow


@dataclass
class Envelope:
    recipients: list[str]
    to: str


@dataclass
class Recorder:
    """Keeps each message's envelope recipients and its To: header."""

    received: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Envelope(recipients=list(envelope.rcpt_tos), to=str(message["To"])))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Recorder]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, recorder
    finally:
        controller.stop()


@pytest.mark.parametrize("given", ["ana@bücher.example", "ana@xn--bcher-kva.example"])
async def test_a_unicode_domain_is_stored_and_sent_in_its_ascii_form(
    serve: Serve,
    settings_for: Callable[..., Settings],
    smtp: tuple[int, Recorder],
    given: str,
) -> None:
    port, recorder = smtp
    settings = settings_for(
        smtp_host="127.0.0.1", smtp_port=port, smtp_from="reports@countries.test"
    )
    async with serve(settings) as http:
        created = await http.post(
            "/admin/report-subscriptions", json={"email": given}, headers=ADMIN
        )
        assert created.status_code == 201, created.text
        assert created.json()["email"] == "ana@xn--bcher-kva.example"
        listed = (await http.get("/admin/report-subscriptions", headers=ADMIN)).json()
        assert [s["email"] for s in listed["items"]] == ["ana@xn--bcher-kva.example"]
        sent = (await http.post("/admin/reports/send", headers=ADMIN)).json()
    assert (len(sent["sent"]), sent["failed"]) == (1, [])
    assert recorder.received == [
        Envelope(recipients=["ana@xn--bcher-kva.example"], to="ana@xn--bcher-kva.example")
    ]
