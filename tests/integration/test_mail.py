"""The SMTP mailer against a real aiosmtpd server on loopback."""

from __future__ import annotations

import email
import email.policy
import io
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from openpyxl import Workbook, load_workbook

from countries.adapters.mail import SmtpMailer
from countries.application.errors import DeliveryFailed, MailNotConfigured
from countries.application.ports import MailAttachment, OutgoingMail

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = _free_port()  # Controller(port=0) does not work
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Argentina"  # type: ignore[index]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MAIL = OutgoingMail(
    to="ana@example.org",
    subject="Countries report",
    text="Your daily report is attached.",
    attachments=(
        MailAttachment(filename="countries-2026-11-28.xlsx", content=_xlsx(), media_type=XLSX),
    ),
)


async def test_a_message_arrives_with_its_workbook(smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    mailer = SmtpMailer(
        host="127.0.0.1", port=port, tls="none", sender="countries@example.org", username=""
    )
    await mailer.send(MAIL)
    (message,) = inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["From"] == "countries@example.org"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "countries-2026-11-28.xlsx"
    assert attachment.get_content_type() == XLSX
    book = load_workbook(io.BytesIO(attachment.get_content()))
    assert book.active["A1"].value == "Argentina"  # type: ignore[index]


async def test_a_refused_connection_is_a_delivery_failure() -> None:
    mailer = SmtpMailer(
        host="127.0.0.1",
        port=_free_port(),
        tls="none",
        sender="c@example.org",
        password="s3cret",
        username="u",
        timeout_seconds=5,
    )
    with pytest.raises(DeliveryFailed) as raised:
        await mailer.send(MAIL)
    assert "s3cret" not in str(raised.value)


async def test_no_host_says_so() -> None:
    mailer = SmtpMailer(host=None, port=25, tls="none", sender="c@example.org")
    with pytest.raises(MailNotConfigured, match="COUNTRIES_SMTP_HOST is not set"):
        await mailer.send(MAIL)
