"""The SMTP mailer against a real aiosmtpd server on loopback."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from countries.adapters.mail import SmtpMailer
from countries.application.errors import DeliveryFailed, MailNotConfigured
from countries.application.ports import MailAttachment, OutgoingMail
from tests.mail_server import Smtp
from tests.ports import free_port

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Argentina"
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


async def test_a_message_arrives_with_its_workbook(smtp: Smtp) -> None:
    mailer = SmtpMailer(
        host="127.0.0.1", port=smtp.port, tls="none", sender="countries@example.org", username=""
    )
    await mailer.send(MAIL)
    (message,) = smtp.inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["From"] == "countries@example.org"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "countries-2026-11-28.xlsx"
    assert attachment.get_content_type() == XLSX
    book = load_workbook(io.BytesIO(attachment.get_content()))
    assert book.active["A1"].value == "Argentina"


async def test_a_refused_connection_is_a_delivery_failure() -> None:
    mailer = SmtpMailer(
        host="127.0.0.1",
        port=free_port(),
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
