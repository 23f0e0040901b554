"""The composition root: the only module that names concrete adapters.

`Container(settings=providers.Object(settings))` wires every use case to the adapters
the settings choose. Tests override providers; nothing here runs at import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx2
from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.cache import CachedCountrySource, InMemoryPayloadCache
from countries.adapters.clock import SystemClock
from countries.adapters.locks import PostgresSyncLock
from countries.adapters.memory import InMemorySyncLock
from countries.adapters.restcountries.http import make_http_client
from countries.adapters.restcountries.v5 import RestCountriesV5Source
from countries.adapters.restcountries.v31 import RestCountriesV31Source
from countries.adapters.snapshot import BundledSnapshotSource
from countries.adapters.sqlalchemy.engine import create_engine, create_session_factory
from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.adapters.sqlalchemy.repositories import SqlCountryReader
from countries.adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from countries.adapters.sqlalchemy.versions import SqlVersionFeed
from countries.application.activities import (
    AddActivity,
    DeleteActivity,
    GetActivity,
    ListActivities,
    UpdateActivity,
)
from countries.application.cache import InvalidateCache
from countries.application.countries import GetCountry, ListCountries
from countries.application.export import ExportExcel, KeptWorkbooks
from countries.application.health import CheckHealth
from countries.application.ports import Mailer, PayloadCache, SyncLock, WorkbookWriter
from countries.application.reports import (
    AddSubscription,
    DeleteSubscription,
    GetSubscription,
    ListSubscriptions,
    SendDailyReport,
)
from countries.application.sync import SeedIfEmpty, SyncFromSource, SyncIfDue
from countries.application.versions import CurrentVersion, FollowVersion, KnownVersion
from countries.config import Settings

if TYPE_CHECKING:
    import redis.asyncio as redis


# The Redis adapters are imported on first use: without COUNTRIES_REDIS_URL, never (the
# client library is about a twentieth of the time `countries serve` takes to start).
def _redis_client(url: str) -> redis.Redis:
    from countries.adapters.redis_store import make_redis_client

    return make_redis_client(url)


def _redis_payload_cache(client: redis.Redis) -> PayloadCache:
    from countries.adapters.redis_store import RedisPayloadCache

    return RedisPayloadCache(client)


def _redis_sync_lock(client: redis.Redis) -> SyncLock:
    from countries.adapters.redis_store import RedisSyncLock

    return RedisSyncLock(client)


def _smtp_mailer(**settings: Any) -> Mailer:
    # aiosmtplib is imported when mail is first sent: most starts send none.
    from countries.adapters.mail import SmtpMailer

    return SmtpMailer(**settings)


def _workbook_writer() -> WorkbookWriter:
    # openpyxl is imported on the first export, not at start-up: it is about a tenth of
    # the time `countries serve` takes to answer its first request.
    from countries.adapters.excel import OpenpyxlWorkbookWriter

    return OpenpyxlWorkbookWriter()


async def _closing(
    engine: AsyncEngine, http_client: httpx2.AsyncClient, redis_client: redis.Redis | None
) -> AsyncIterator[None]:
    """Close the pooled connections at shutdown.

    The engine and the client are plain singletons (built synchronously) and only this
    resource is async: a provider that depends on an async resource turns every
    provider built on it into one that returns awaitables.
    """
    yield
    if redis_client is not None:
        await redis_client.aclose()
    await http_client.aclose()
    await engine.dispose()


class Container(containers.DeclarativeContainer):
    """Every provider of the service; see ARCHITECTURE.md B5 for the scopes."""

    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)

    # Storage
    engine = providers.Singleton(create_engine, settings.provided.database_url)
    session_factory = providers.Singleton(create_session_factory, engine)
    # The dataset version this process has seen committed: its own commits report to it,
    # and the version feed brings those of other processes (replicas, the command line).
    known_version = providers.Singleton(KnownVersion)
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, session_factory, known_version)
    country_reader = providers.Singleton(SqlCountryReader, session_factory)
    version_feed = providers.Singleton(SqlVersionFeed, engine, country_reader)
    migrate_database = providers.Object(upgrade_database)

    # Where countries come from
    http_client = providers.Singleton(make_http_client)
    live_source = providers.Selector(
        settings.provided.resolved_source_api,
        v5=providers.Singleton(
            RestCountriesV5Source,
            client=http_client,
            base_url=settings.provided.source_base_url,
            api_key=settings.provided.source_key,
        ),
        **{
            "v3.1": providers.Singleton(
                RestCountriesV31Source,
                client=http_client,
                base_url=settings.provided.source_base_url,
            )
        },
    )
    snapshot_source = providers.Singleton(BundledSnapshotSource)

    # Cache and coordination: Redis when configured, else this process (or PostgreSQL)
    redis_client = providers.Singleton(_redis_client, settings.provided.redis_url)
    payload_cache = providers.Selector(
        settings.provided.cache_backend,
        memory=providers.Singleton(InMemoryPayloadCache),
        redis=providers.Singleton(_redis_payload_cache, redis_client),
    )
    source = providers.Singleton(
        CachedCountrySource,
        source=live_source,
        cache=payload_cache,
        ttl_seconds=settings.provided.cache_ttl_seconds,
    )
    sync_lock = providers.Selector(
        settings.provided.lock_backend,
        memory=providers.Singleton(InMemorySyncLock),
        postgres=providers.Singleton(PostgresSyncLock, engine),
        redis=providers.Singleton(_redis_sync_lock, redis_client),
    )

    closing = providers.Resource(
        _closing,
        engine=engine,
        http_client=http_client,
        redis_client=providers.Selector(
            settings.provided.cache_backend, memory=providers.Object(None), redis=redis_client
        ),
    )

    # Use cases
    list_countries = providers.Factory(ListCountries, reader=country_reader)
    get_country = providers.Factory(GetCountry, reader=country_reader)
    current_version = providers.Factory(CurrentVersion, reader=country_reader, known=known_version)
    follow_version = providers.Factory(FollowVersion, feed=version_feed, known=known_version)
    workbook_writer = providers.Singleton(_workbook_writer)
    kept_workbooks = providers.Singleton(KeptWorkbooks)
    export_excel = providers.Factory(
        ExportExcel,
        list_countries=list_countries,
        reader=country_reader,
        writer=workbook_writer,
        clock=clock,
        kept=kept_workbooks,
    )
    invalidate_cache = providers.Factory(
        InvalidateCache, cache=payload_cache, workbooks=kept_workbooks
    )
    check_health = providers.Factory(
        CheckHealth,
        reader=country_reader,
        source=live_source,
        cache=payload_cache,
        uow_factory=unit_of_work.provider,
        clock=clock,
        zone=settings.provided.zone,
    )
    add_activity = providers.Factory(AddActivity, uow_factory=unit_of_work.provider, clock=clock)
    list_activities = providers.Factory(ListActivities, uow_factory=unit_of_work.provider)
    get_activity = providers.Factory(GetActivity, uow_factory=unit_of_work.provider)
    update_activity = providers.Factory(
        UpdateActivity, uow_factory=unit_of_work.provider, clock=clock
    )
    delete_activity = providers.Factory(DeleteActivity, uow_factory=unit_of_work.provider)
    sync_from_source = providers.Factory(
        SyncFromSource,
        uow_factory=unit_of_work.provider,
        source=source,
        fallback=snapshot_source,
        lock=sync_lock,
        clock=clock,
    )
    scheduled_sync = providers.Factory(
        SyncIfDue,
        sync=sync_from_source,
        source=source,
        uow_factory=unit_of_work.provider,
        clock=clock,
        min_age_seconds=settings.provided.sync_interval_seconds,
    )
    mailer = providers.Singleton(
        _smtp_mailer,
        host=settings.provided.smtp_host,
        port=settings.provided.smtp_port,
        tls=settings.provided.resolved_smtp_tls,
        sender=settings.provided.smtp_from,
        username=settings.provided.smtp_username,
        password=settings.provided.smtp_secret,
        timeout_seconds=30.0,
    )
    add_subscription = providers.Factory(AddSubscription, uow_factory=unit_of_work.provider)
    list_subscriptions = providers.Factory(ListSubscriptions, uow_factory=unit_of_work.provider)
    get_subscription = providers.Factory(GetSubscription, uow_factory=unit_of_work.provider)
    delete_subscription = providers.Factory(DeleteSubscription, uow_factory=unit_of_work.provider)
    send_daily_report = providers.Factory(
        SendDailyReport,
        uow_factory=unit_of_work.provider,
        export_excel=export_excel,
        mailer=mailer,
        clock=clock,
        zone=settings.provided.zone,
        mail_configured=providers.Callable(bool, settings.provided.smtp_host),
    )
    seed_if_empty = providers.Factory(
        SeedIfEmpty,
        sync_from_snapshot=providers.Factory(
            SyncFromSource,
            uow_factory=unit_of_work.provider,
            source=snapshot_source,
            fallback=snapshot_source,
            lock=sync_lock,
            clock=clock,
        ),
        reader=country_reader,
    )


def build_container(settings: Settings) -> Container:
    """A container for these settings."""
    return Container(settings=providers.Object(settings))


async def start_resources(container: Container) -> None:
    """Initialise the container's resources (its async ones are awaited)."""
    pending = container.init_resources()
    if pending is not None:
        await pending


async def stop_resources(container: Container) -> None:
    """Release the container's resources: pooled connections, HTTP clients."""
    pending = container.shutdown_resources()
    if pending is not None:
        await pending
