"""The daily report feature: subscriptions, and the workbook each gets by mail."""

from __future__ import annotations

from typing import Any

from dependency_injector import containers, providers

from countries.adapters.metrics import CountedReports, ServiceMetrics
from countries.application.ports import Clock, Mailer
from countries.application.reports import SendDailyReport
from countries.application.subscriptions import (
    AddSubscription,
    DeleteSubscription,
    GetSubscription,
    ListSubscriptions,
)
from countries.config import Settings


def _smtp_mailer(**settings: Any) -> Mailer:
    # aiosmtplib is imported when mail is first sent: most starts send none.
    from countries.adapters.mail import SmtpMailer

    return SmtpMailer(**settings)


class ReportsFeature(containers.DeclarativeContainer):
    """The use cases of `/admin/report-subscriptions` and `/admin/reports`."""

    settings = providers.Dependency(instance_of=Settings)
    clock: providers.Dependency[Clock] = providers.Dependency()
    storage = providers.DependenciesContainer()
    countries = providers.DependenciesContainer()
    metrics = providers.Dependency(instance_of=ServiceMetrics)

    mailer = providers.Singleton(
        _smtp_mailer,
        host=settings.provided.smtp_host,
        port=settings.provided.smtp_port,
        tls=settings.provided.resolved_smtp_tls,
        sender=settings.provided.smtp_from,
        username=settings.provided.smtp_username,
        password=settings.provided.smtp_secret,
        timeout_seconds=settings.provided.smtp_timeout_seconds,
    )
    add_subscription = providers.Factory(AddSubscription, uow_factory=storage.unit_of_work.provider)
    list_subscriptions = providers.Factory(
        ListSubscriptions, uow_factory=storage.reading_unit_of_work.provider
    )
    get_subscription = providers.Factory(
        GetSubscription, uow_factory=storage.reading_unit_of_work.provider
    )
    delete_subscription = providers.Factory(
        DeleteSubscription, uow_factory=storage.unit_of_work.provider
    )
    uncounted_send_daily_report = providers.Factory(
        SendDailyReport,
        uow_factory=storage.unit_of_work.provider,
        export_excel=countries.export_excel,
        mailer=mailer,
        clock=clock,
        zone=settings.provided.zone,
        mail_configured=providers.Callable(bool, settings.provided.smtp_host),
    )
    send_daily_report = providers.Factory(
        CountedReports, send=uncounted_send_daily_report, metrics=metrics
    )
