"""The report use cases on the in-memory adapters, with a recording mailer."""

from __future__ import annotations

import io
import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from countries.adapters.excel import OpenpyxlWorkbookWriter
from countries.adapters.memory import InMemoryCountryReader, InMemoryStore, InMemoryUnitOfWork
from countries.application.countries import ListCountries
from countries.application.errors import (
    DeliveryFailed,
    MailNotConfigured,
    MailServerUnavailable,
    NotFound,
    SubscriptionExists,
)
from countries.application.export import ExportExcel
from countries.application.ports import Mailer, OutgoingMail
from countries.application.reports import CLAIM_STALE_AFTER, SendDailyReport
from countries.application.subscriptions import (
    AddSubscription,
    AddSubscriptionCommand,
    DeleteSubscription,
    ListSubscriptions,
)
from countries.domain.query import CountryFilter, SortField, SortOrder, SortSpec
from countries.domain.reports import DeliveryStatus
from tests.fakes import FixedClock, RecordingMailer, delivery_of, store_of

DAY = date(2026, 11, 28)


@pytest.fixture
def store() -> InMemoryStore:
    return store_of(ARG="South America", CHL="South America", FRA="Europe")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))


def _sender(
    store: InMemoryStore,
    mailer: Mailer,
    clock: FixedClock,
    zone: str = "UTC",
    **kwargs: object,
) -> SendDailyReport:
    reader = InMemoryCountryReader(store)
    export = ExportExcel(
        list_countries=ListCountries(reader=reader),
        reader=reader,
        writer=OpenpyxlWorkbookWriter(),
        clock=clock,
        zone=ZoneInfo(zone),
    )
    return SendDailyReport(
        uow_factory=lambda: InMemoryUnitOfWork(store),
        export_excel=export,
        mailer=mailer,
        clock=clock,
        zone=ZoneInfo(zone),
        **kwargs,  # type: ignore[arg-type]
    )


async def _subscribe(store: InMemoryStore, email: str, continent: str | None = None) -> int:
    added = await AddSubscription(uow_factory=lambda: InMemoryUnitOfWork(store))(
        AddSubscriptionCommand(email=email, filter=CountryFilter(continent=continent))
    )
    return added.id


async def test_subscriptions_are_added_listed_and_deleted(store: InMemoryStore) -> None:
    uow = lambda: InMemoryUnitOfWork(store)  # noqa: E731
    first = await _subscribe(store, "ana@example.org", continent="south america")
    second = await AddSubscription(uow_factory=uow)(
        AddSubscriptionCommand(
            email="bo@example.org", sort=SortSpec(field=SortField.POPULATION, order=SortOrder.DESC)
        )
    )
    listed = await ListSubscriptions(uow_factory=uow)()
    assert [s.id for s in listed] == [first, second.id]
    assert listed[0].filter == CountryFilter(continent="south america")
    assert listed[1].sort.order is SortOrder.DESC
    await DeleteSubscription(uow_factory=uow)(first)
    assert [s.id for s in await ListSubscriptions(uow_factory=uow)()] == [second.id]
    with pytest.raises(NotFound):
        await DeleteSubscription(uow_factory=uow)(first)


async def test_the_same_address_and_filters_subscribe_once(store: InMemoryStore) -> None:
    """A second would mean two identical mails a day; other filters are another subscription."""
    first = await _subscribe(store, "ana@example.org", continent="europe")
    with pytest.raises(SubscriptionExists, match=rf"already \(subscription {first}\)"):
        await _subscribe(store, "Ana@Example.org", continent="Europe")  # read as matched
    assert await _subscribe(store, "ana@example.org", continent="asia") != first


async def test_each_subscriber_gets_one_message_with_the_workbook_of_its_filters(
    store: InMemoryStore, clock: FixedClock
) -> None:
    ana = await _subscribe(store, "ana@example.org", continent="south america")
    bo = await _subscribe(store, "bo@example.org")
    mailer = RecordingMailer()
    run = await _sender(store, mailer, clock)()
    assert run.day == DAY
    assert run.sent == (ana, bo)
    assert (run.skipped, run.failed) == (0, ())
    to_ana, to_bo = mailer.sent
    assert to_ana.to == "ana@example.org"
    assert "2026-11-28" in to_ana.subject
    (attachment,) = to_ana.attachments
    assert attachment.filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(attachment.content))["Countries"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["ARG", "CHL"]
    book_bo = load_workbook(io.BytesIO(to_bo.attachments[0].content))["Countries"]
    assert book_bo.max_row == 4  # header and the three countries


async def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_sends_again(
    store: InMemoryStore, clock: FixedClock
) -> None:
    await _subscribe(store, "ana@example.org")
    mailer = RecordingMailer()
    send = _sender(store, mailer, clock)
    await send()
    clock.advance(hours=3)
    again = await send()
    assert (again.sent, again.skipped) == ((), 1)
    assert len(mailer.sent) == 1
    clock.advance(days=1)
    next_day = await send()
    assert len(next_day.sent) == 1
    assert len(mailer.sent) == 2


async def test_a_failed_delivery_is_logged_and_retried_by_the_next_run(
    store: InMemoryStore, clock: FixedClock
) -> None:
    ana = await _subscribe(store, "ana@example.org")
    mailer = RecordingMailer(fail_with=DeliveryFailed("connection refused"))
    send = _sender(store, mailer, clock)
    run = await send()
    assert run.sent == ()
    (failure,) = run.failed
    assert (failure.subscription_id, failure.attempts) == (ana, 1)
    assert "connection refused" in failure.error
    async with InMemoryUnitOfWork(store) as uow:
        entry = await delivery_of(uow, ana, DAY)
        assert entry is not None
        assert entry.status is DeliveryStatus.FAILED
    mailer.fail_with = None
    retried = await send()
    assert retried.sent == (ana,)
    async with InMemoryUnitOfWork(store) as uow:
        entry = await delivery_of(uow, ana, DAY)
        assert entry is not None
        assert (entry.status, entry.attempts, entry.error) == (DeliveryStatus.SENT, 2, None)


async def test_a_mail_server_refusing_every_delivery_is_one_warning_for_the_run(
    store: InMemoryStore, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    ids = [await _subscribe(store, f"s{n}@example.org", continent=str(n)) for n in range(7)]
    mailer = _RefusingMailer()  # says each address, as the SMTP adapter does
    caplog.set_level(logging.DEBUG, logger="countries.application.reports")
    await _sender(store, mailer, clock)()
    (warning,) = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert warning.getMessage() == (
        f"daily report for {DAY}: 7 deliveries failed (subscriptions "
        f"{', '.join(map(str, ids[:5]))} and 2 more: could not send to <address> via "
        "mail.test:25 (connection refused))"
    )


class _RefusingMailer:
    async def send(self, mail: OutgoingMail) -> None:
        raise MailServerUnavailable(
            f"could not send to {mail.to} via mail.test:25 (connection refused)"
        )


async def test_a_claim_held_by_another_sender_is_skipped_until_it_goes_stale(
    store: InMemoryStore, clock: FixedClock
) -> None:
    ana = await _subscribe(store, "ana@example.org")
    async with InMemoryUnitOfWork(store) as uow:  # another replica claimed and died
        now = clock.now()
        assert await uow.deliveries.claim(ana, DAY, now, now - CLAIM_STALE_AFTER) is not None
        await uow.commit()
    mailer = RecordingMailer()
    send = _sender(store, mailer, clock)
    assert (await send()).skipped == 1
    clock.advance(seconds=CLAIM_STALE_AFTER.total_seconds() + 1)
    assert (await send()).sent == (ana,)


async def test_no_mail_server_is_mail_not_configured_and_claims_nothing(
    store: InMemoryStore, clock: FixedClock
) -> None:
    ana = await _subscribe(store, "ana@example.org")
    send = _sender(store, RecordingMailer(), clock, mail_configured=False)
    with pytest.raises(MailNotConfigured, match="COUNTRIES_SMTP_HOST is not set"):
        await send()
    async with InMemoryUnitOfWork(store) as uow:
        assert await delivery_of(uow, ana, DAY) is None


async def test_the_day_is_today_in_the_report_time_zone(store: InMemoryStore) -> None:
    late_utc = FixedClock(datetime(2026, 11, 28, 23, 30, tzinfo=UTC))
    send = _sender(store, RecordingMailer(), late_utc, zone="Europe/Madrid")  # 00:30 there
    assert send.today() == date(2026, 11, 29)


async def test_the_workbook_is_named_for_the_day_its_mail_says(store: InMemoryStore) -> None:
    await _subscribe(store, "ana@example.org")
    mailer = RecordingMailer()
    late_utc = FixedClock(datetime(2026, 11, 28, 23, 30, tzinfo=UTC))  # 00:30 in Madrid
    await _sender(store, mailer, late_utc, zone="Europe/Madrid")()
    (message,) = mailer.sent
    assert message.subject == "Countries report for 2026-11-29"
    assert [a.filename for a in message.attachments] == ["countries-2026-11-29.xlsx"]
