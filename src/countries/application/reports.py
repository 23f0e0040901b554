"""The daily report by mail: sending each subscriber its workbook once a day.

Who subscribes to what is `subscriptions.py`.

Several replicas may run the daily schedule, and `POST /admin/reports/send` may run beside
it. No lock is taken: the delivery log is the coordination. Before sending, a sender claims
the (subscription, day) entry in its own committed transaction (a unique key, so of two
concurrent claims one wins); a claim is only granted for a new, failed, or stale entry.
Only the winner renders and sends, then records `sent` or `failed`. A lock would serialise
whole runs but still need the log to avoid resending after a restart; the claim does both,
per message, and a sender that dies mid-send leaves a claim that goes stale and is retried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from countries.application.errors import DeliveryFailed, MailNotConfigured, MailServerUnavailable
from countries.application.export import ExportCountriesQuery, ExportWorkbook, Workbook
from countries.application.ports import (
    Clock,
    MailAttachment,
    Mailer,
    OutgoingMail,
    UnitOfWork,
)
from countries.domain.reports import DeliveryStatus, ReportSubscription, local_day

log = logging.getLogger(__name__)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A claim older than this is taken to belong to a sender that died before recording.
CLAIM_STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True, slots=True, kw_only=True)
class FailedDelivery:
    subscription_id: int
    email: str
    attempts: int
    error: str
    mail_server_unavailable: bool = False  # so it may pass by itself: try again later


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRun:
    """What one run did for one day: ids sent now, how many skipped, and the failures."""

    day: date
    sent: tuple[int, ...] = ()
    skipped: int = 0
    failed: tuple[FailedDelivery, ...] = ()


class SendDailyReport:
    """Send the day's report: each subscriber one message with the workbook of its filters.

    - The day defaults to today in the report time zone; a subscriber already sent that
      day is skipped, so running again (or on another replica, or after a restart) never
      resends; a failed delivery is recorded with its error and retried by the next run.
    - No mail server configured is MailNotConfigured, before anything is claimed.
    """

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        export_excel: ExportWorkbook,
        mailer: Mailer,
        clock: Clock,
        zone: tzinfo,
        mail_configured: bool = True,
    ) -> None:
        self._uow_factory = uow_factory
        self._export_excel = export_excel
        self._mailer = mailer
        self._clock = clock
        self._zone = zone
        self._mail_configured = mail_configured

    def today(self) -> date:
        return local_day(self._clock.now(), self._zone)

    async def __call__(self, day: date | None = None) -> ReportRun:
        if not self._mail_configured:
            raise MailNotConfigured()
        day = day or self.today()
        async with self._uow_factory() as uow:
            subscriptions = await uow.subscriptions.list()
        workbooks: dict[ExportCountriesQuery, Workbook] = {}
        sent: list[int] = []
        failed: list[FailedDelivery] = []
        skipped = 0
        for subscription in subscriptions:
            now = self._clock.now()
            async with self._uow_factory() as uow:
                claim = await uow.deliveries.claim(
                    subscription.id, day, now, now - CLAIM_STALE_AFTER
                )
                await uow.commit()
            if claim is None:
                skipped += 1
                continue
            error = await self._deliver(subscription, day, workbooks)
            async with self._uow_factory() as uow:
                status = DeliveryStatus.SENT if error is None else DeliveryStatus.FAILED
                said = None if error is None else str(error)
                await uow.deliveries.finish(subscription.id, day, status, self._clock.now(), said)
                await uow.commit()
            if error is None:
                sent.append(subscription.id)
            else:
                log.debug("daily report to subscription %d failed: %s", subscription.id, error)
                failed.append(
                    FailedDelivery(
                        subscription_id=subscription.id,
                        email=subscription.email,
                        attempts=claim.attempts,
                        error=str(error),
                        mail_server_unavailable=isinstance(error, MailServerUnavailable),
                    )
                )
        if failed:
            log.warning("daily report for %s: %s", day, _failures_in_words(failed))
        return ReportRun(day=day, sent=tuple(sent), skipped=skipped, failed=tuple(failed))

    async def _deliver(
        self,
        subscription: ReportSubscription,
        day: date,
        workbooks: dict[ExportCountriesQuery, Workbook],
    ) -> DeliveryFailed | None:
        """Render (once per distinct query in a run) and send; the error, or None when sent."""
        query = ExportCountriesQuery(filter=subscription.filter, sort=subscription.sort)
        try:
            workbook = workbooks.get(query)
            if workbook is None:
                workbook = workbooks[query] = await self._export_excel(query)
            await self._mailer.send(_message(subscription, day, workbook))
        except DeliveryFailed as error:
            return error
        except MailNotConfigured as error:  # the adapter disagrees with the settings
            return DeliveryFailed(str(error))
        except Exception as error:  # recorded, so the claim does not wait to go stale
            log.exception("daily report to subscription %d failed", subscription.id)
            return DeliveryFailed(f"unexpected {type(error).__name__}")
        return None


def _message(subscription: ReportSubscription, day: date, workbook: Workbook) -> OutgoingMail:
    params = subscription.filter.as_params()
    filters = ", ".join(f"{k}={v}" for k, v in params.items()) or "none (every country)"
    sort = f"{subscription.sort.field.value} {subscription.sort.order.value}"
    return OutgoingMail(
        to=subscription.email,
        subject=f"Countries report for {day.isoformat()}",
        text=(
            f"Your daily countries report for {day.isoformat()} is attached: "
            f"{workbook.rows} countries.\n\nFilters: {filters}\nSort: {sort}\n"
        ),
        attachments=(
            MailAttachment(
                filename=workbook.filename, content=workbook.content, media_type=XLSX_MEDIA_TYPE
            ),
        ),
    )


def _failures_in_words(failed: list[FailedDelivery]) -> str:
    """The run's failures in one line, by error (a mail server down fails every delivery).

    An error names its address ("could not send to ana@…"): grouped without it, and the
    addresses left out of the log.
    """
    by_error: dict[str, list[int]] = {}
    for failure in failed:
        error = failure.error.replace(failure.email, "<address>")
        by_error.setdefault(error, []).append(failure.subscription_id)
    parts = []
    for error, ids in list(by_error.items())[:3]:
        named = ", ".join(map(str, ids[:5])) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        parts.append(f"subscription{'s' if len(ids) > 1 else ''} {named}: {error}")
    if len(by_error) > 3:
        parts.append(f"{len(by_error) - 3} other errors")
    return f"{len(failed)} deliveries failed ({'; '.join(parts)})"
