"""The daily report sent end to end: the API, the SQL store and a real SMTP server on loopback."""

from __future__ import annotations

import asyncio
import email.message
import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from countries.config import Settings
from tests.e2e.conftest import ADMIN, Serve
from tests.mail_server import Smtp

pytestmark = pytest.mark.slow


def _workbook_codes(message: email.message.EmailMessage) -> tuple[list[Any], list[str]]:
    (attachment,) = list(message.iter_attachments())
    filename = attachment.get_filename()
    assert filename is not None
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(attachment.get_content()))["Countries"]
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), [str(row[0]) for row in rows[1:]]


async def test_a_south_america_subscriber_gets_the_14_countries_of_south_america(
    serve: Serve, mail_settings: Callable[..., Settings], smtp: Smtp
) -> None:
    async with serve(mail_settings()) as http:
        created = await http.post(
            "/admin/report-subscriptions",
            json={"email": "ana@example.org", "filters": {"continent": "south america"}},
            headers=ADMIN,
        )
        assert created.status_code == 201, created.text
        sub = created.json()
        assert sub["filters"] == {"continent": "south america"}
        assert created.headers["Location"] == f"/admin/report-subscriptions/{sub['id']}"
        sent = await http.post("/admin/reports/send", headers=ADMIN)
        assert sent.status_code == 200, sent.text
        assert sent.json()["sent"] == [sub["id"]]
        listed = await http.get("/countries", params={"continent": "south america"})
    (message,) = smtp.inbox.messages
    assert message["To"] == "ana@example.org"
    assert message["From"] == "reports@countries.test"
    header, codes = _workbook_codes(message)
    assert header[0]
    assert all(isinstance(cell, str) for cell in header)
    assert len(codes) == 14
    assert codes == [c["code"] for c in listed.json()["items"]]


@pytest.mark.parametrize("storage", ["sql"])  # a restart keeps only what a database keeps
async def test_sending_twice_a_day_sends_once_and_a_restart_does_not_resend(
    serve: Serve, mail_settings: Callable[..., Settings], smtp: Smtp
) -> None:
    settings = mail_settings()
    async with serve(settings) as http:
        await http.post(
            "/admin/report-subscriptions", json={"email": "ana@example.org"}, headers=ADMIN
        )
        first = (await http.post("/admin/reports/send", headers=ADMIN)).json()
        second = (await http.post("/admin/reports/send", headers=ADMIN)).json()
    assert (len(first["sent"]), second["sent"], second["skipped"]) == (1, [], 1)
    async with serve(settings) as http:
        again = (await http.post("/admin/reports/send", headers=ADMIN)).json()
    assert (again["sent"], again["skipped"]) == ([], 1)
    assert len(smtp.inbox.messages) == 1


@pytest.mark.parametrize("storage", ["sql"])  # a restart keeps only what a database keeps
async def test_the_schedule_catches_up_a_missed_report_at_start_once(
    serve: Serve, mail_settings: Callable[..., Settings], smtp: Smtp
) -> None:
    settings = mail_settings(report_time="00:00")  # today's report time has passed
    async with serve(mail_settings()) as http:  # subscribe while the report is not due
        await http.post(
            "/admin/report-subscriptions", json={"email": "ana@example.org"}, headers=ADMIN
        )
    assert smtp.inbox.messages == []
    async with serve(settings):
        for _ in range(200):
            if smtp.inbox.messages:
                break
            await asyncio.sleep(0.05)
    assert len(smtp.inbox.messages) == 1
    async with serve(settings):  # restarted the same day: nothing more
        await asyncio.sleep(1.0)
    assert len(smtp.inbox.messages) == 1


async def test_a_refused_connection_is_reported_and_retried_by_the_next_run(
    serve: Serve, mail_settings: Callable[..., Settings], smtp: Smtp
) -> None:
    smtp.stop()  # nothing listens on the port
    async with serve(mail_settings()) as http:
        created = await http.post(
            "/admin/report-subscriptions", json={"email": "ana@example.org"}, headers=ADMIN
        )
        sub_id = created.json()["id"]
        failed = (await http.post("/admin/reports/send", headers=ADMIN)).json()
        assert failed["sent"] == []
        (failure,) = failed["failed"]
        assert (failure["subscription_id"], failure["attempts"]) == (sub_id, 1)
        assert "could not send" in failure["error"]
        health = (await http.get("/health")).json()
        assert (health["reports"]["sent"], health["reports"]["failed"]) == (0, 1)
        smtp.start()
        smtp.inbox.refuse = True  # the server now answers, but refuses the message
        refused = (await http.post("/admin/reports/send", headers=ADMIN)).json()
        assert refused["failed"][0]["attempts"] == 2
        smtp.inbox.refuse = False
        retried = (await http.post("/admin/reports/send", headers=ADMIN)).json()
        assert (retried["sent"], retried["failed"]) == ([sub_id], [])
        health = (await http.get("/health")).json()
    assert (health["reports"]["sent"], health["reports"]["failed"]) == (1, 0)
    assert len(smtp.inbox.messages) == 1


async def test_without_a_mail_server_sending_is_a_clear_503(
    serve: Serve, settings_for: Callable[..., Settings]
) -> None:
    async with serve(settings_for()) as http:
        answer = await http.post("/admin/reports/send", headers=ADMIN)
    assert answer.status_code == 503
    assert answer.json()["detail"] == "reports are not sent: COUNTRIES_SMTP_HOST is not set"


def test_the_cli_says_in_one_line_that_no_mail_server_is_set(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    from countries.entrypoints.cli import main

    assert main(["report", "send"], settings=settings_for()) == 2  # a setting to fix
    assert (
        capsys.readouterr()
        .err.strip()
        .endswith("reports are not sent: COUNTRIES_SMTP_HOST is not set")
    )


def test_the_cli_sends_the_report(
    mail_settings: Callable[..., Settings],
    smtp: Smtp,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from countries.entrypoints.cli import main

    settings = mail_settings()
    assert main(["report", "send"], settings=settings) == 0  # nobody subscribed yet
    assert "0 sent" in capsys.readouterr().out


async def test_a_euro_subscriber_gets_the_euro_countries_workbook(
    serve: Serve, mail_settings: Callable[..., Settings], smtp: Smtp
) -> None:
    filters = {"currency": "EUR", "landlocked": "false", "sort": "area", "order": "desc"}
    async with serve(mail_settings()) as http:
        created = await http.post(
            "/admin/report-subscriptions",
            json={"email": "ana@example.org", "filters": filters},
            headers=ADMIN,
        )
        assert created.status_code == 201, created.text
        assert created.json()["filters"] == filters
        listed = await http.get("/admin/report-subscriptions", headers=ADMIN)
        assert listed.json()["items"][0]["filters"] == filters
        assert (await http.post("/admin/reports/send", headers=ADMIN)).json()["sent"]
        euro = (await http.get("/countries", params=filters)).json()["items"]
    (message,) = smtp.inbox.messages
    _, codes = _workbook_codes(message)
    assert {"FRA", "ESP", "DEU"} <= set(codes)
    assert "AUT" not in codes  # landlocked
    assert codes == [c["code"] for c in euro]


@pytest.mark.parametrize("storage", ["sql"])  # the command reads the server's subscriptions
async def test_the_cli_exits_3_when_the_mail_server_is_out_of_reach_and_1_when_it_refuses(
    serve: Serve,
    mail_settings: Callable[..., Settings],
    smtp: Smtp,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """README's exit codes: an unreachable part is "try again later" (3), a refusal 1."""
    from countries.entrypoints.cli import main

    settings = mail_settings()
    async with serve(settings) as http:
        created = await http.post(
            "/admin/report-subscriptions", json={"email": "ana@example.org"}, headers=ADMIN
        )
        assert created.status_code == 201
    smtp.stop()  # nothing listens on the port
    assert await asyncio.to_thread(main, ["report", "send"], settings=settings) == 3
    said = capsys.readouterr().err
    assert "could not send to ana@example.org" in said
    assert "SMTPConnectError: Error connecting to 127.0.0.1" in said  # the reason, in words
    smtp.start()
    smtp.inbox.refuse = True  # the server answers, and refuses the message
    assert await asyncio.to_thread(main, ["report", "send"], settings=settings) == 1
