"""What a failed send says: a mail server unavailable for now (try later), or a refusal."""

from __future__ import annotations

import ssl
from typing import Any

import aiosmtplib
import pytest

from countries.adapters.mail import SmtpMailer
from countries.application.errors import DeliveryFailed, MailServerUnavailable
from countries.application.ports import OutgoingMail


def _with_cause(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


PASSING = [
    aiosmtplib.SMTPConnectError("Error connecting to mail.test on port 25: [Errno 111] refused"),
    aiosmtplib.SMTPConnectTimeoutError("Timed out connecting to mail.test on port 25"),
    aiosmtplib.SMTPServerDisconnected("Connection lost"),
    aiosmtplib.SMTPResponseException(451, "4.3.0 try again later"),
    ConnectionRefusedError(111, "Connection refused"),
]
STAYING = [
    aiosmtplib.SMTPResponseException(550, "5.7.1 relaying denied"),
    aiosmtplib.SMTPConnectResponseError(554, "no mail from you"),  # a greeting that refuses
    aiosmtplib.SMTPRecipientsRefused([]),
    _with_cause(
        aiosmtplib.SMTPConnectError("Error connecting to mail.test on port 465"),
        ssl.SSLCertVerificationError("certificate verify failed"),
    ),
]


async def _failure(error: Exception, monkeypatch: pytest.MonkeyPatch) -> DeliveryFailed:
    async def failing(*_args: Any, **_kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(aiosmtplib, "send", failing)
    mailer = SmtpMailer(host="mail.test", port=25, tls="none", sender="reports@countries.test")
    with pytest.raises(DeliveryFailed) as caught:
        await mailer.send(OutgoingMail(to="ana@example.org", subject="s", text="t"))
    return caught.value


@pytest.mark.parametrize("error", PASSING, ids=lambda e: type(e).__name__)
async def test_a_server_not_reached_or_saying_try_later_is_unavailable(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(await _failure(error, monkeypatch), MailServerUnavailable)


@pytest.mark.parametrize("error", STAYING, ids=lambda e: type(e).__name__)
async def test_a_refusal_or_a_certificate_is_a_failed_delivery_not_to_wait_out(
    error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    failure = await _failure(error, monkeypatch)
    assert not isinstance(failure, MailServerUnavailable)
    assert "could not send to ana@example.org via mail.test:25" in str(failure)
