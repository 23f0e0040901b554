"""Sending mail through an SMTP server with aiosmtplib."""

from __future__ import annotations

import ssl
from email.message import EmailMessage
from typing import Literal

import aiosmtplib

from countries.adapters.failures import summary
from countries.application.errors import DeliveryFailed, MailNotConfigured, MailServerUnavailable
from countries.application.ports import Mailer, OutgoingMail

SmtpTls = Literal["none", "starttls", "tls"]


class SmtpMailer(Mailer):
    """One SMTP connection per message: implicit TLS, STARTTLS or plain, as configured.

    An empty username means no AUTH (aiosmtplib would try AUTH for ""); credentials
    never appear in errors.
    """

    def __init__(
        self,
        *,
        host: str | None,
        port: int,
        tls: SmtpTls,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        timeout_seconds: float = 30.0,
    ) -> None:
        self._host = host
        self._port = port
        self._tls = tls
        self._sender = sender
        self._username = username or None
        self._password = password if self._username else None
        self._timeout = timeout_seconds

    @staticmethod
    def message(sender: str, mail: OutgoingMail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.text)
        for attachment in mail.attachments:
            maintype, _, subtype = attachment.media_type.partition("/")
            message.add_attachment(
                attachment.content,
                maintype=maintype,
                subtype=subtype,
                filename=attachment.filename,
            )
        return message

    async def send(self, mail: OutgoingMail) -> None:
        if not self._host:
            raise MailNotConfigured()
        try:
            await aiosmtplib.send(
                self.message(self._sender, mail),
                hostname=self._host,
                port=self._port,
                use_tls=self._tls == "tls",
                start_tls=self._tls == "starttls",
                username=self._username,
                password=self._password,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            kind = MailServerUnavailable if _passing(error) else DeliveryFailed
            raise kind(
                f"could not send to {mail.to} via {self._host}:{self._port} ({summary(error)})"
            ) from error


def _passing(error: BaseException) -> bool:
    """Whether the failure may pass by itself: the server not reached, not answering, or
    answering 4xx ("try again later"). A 5xx refusal or a TLS certificate it will not
    take stays until something is changed."""
    if isinstance(error, aiosmtplib.SMTPResponseException):  # a reply, with its code
        return 400 <= error.code < 500
    if isinstance(error, ssl.SSLError) or isinstance(error.__cause__, ssl.SSLError):
        return False
    # Refused, a host name that does not resolve, a timeout, a dropped connection: aiosmtplib's
    # own errors for these are OSErrors too.
    return isinstance(error, OSError | TimeoutError)
