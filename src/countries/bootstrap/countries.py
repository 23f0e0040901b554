"""The countries feature: reading, exporting, syncing, the cache of payloads, health."""

from __future__ import annotations

from dependency_injector import containers, providers

from countries.adapters.metrics import CountedSync, ServiceMetrics
from countries.application.cache import InvalidateCache
from countries.application.countries import GetCountry, ListCountries
from countries.application.export import ExportExcel
from countries.application.health import CheckHealth, CheckReadiness
from countries.application.lookups import LookUpCountries
from countries.application.ports import Clock, WorkbookWriter
from countries.application.sync import SyncFromSource
from countries.application.sync_triggers import SeedIfEmpty, SyncIfDue
from countries.caching.clearing import ClearingCaches
from countries.caching.workbooks import CachedExport
from countries.config import Settings


def _workbook_writer() -> WorkbookWriter:
    # openpyxl is imported on the first export, not at start-up: it is about a tenth of
    # the time `countries serve` takes to answer its first request.
    from countries.adapters.excel import OpenpyxlWorkbookWriter

    return OpenpyxlWorkbookWriter()


class CountriesFeature(containers.DeclarativeContainer):
    """The use cases of `/countries`, `/v3.1`, `/admin/sync`, `/admin/cache` and `/health`."""

    settings = providers.Dependency(instance_of=Settings)
    clock: providers.Dependency[Clock] = providers.Dependency()
    storage = providers.DependenciesContainer()
    sources = providers.DependenciesContainer()
    coordination = providers.DependenciesContainer()
    metrics = providers.Dependency(instance_of=ServiceMetrics)

    list_countries = providers.Factory(ListCountries, reader=coordination.dataset_reader)
    get_country = providers.Factory(GetCountry, reader=coordination.dataset_reader)
    look_up_countries = providers.Factory(LookUpCountries, reader=coordination.dataset_reader)
    workbook_writer = providers.Singleton(_workbook_writer)
    # One for the process, as its store is: concurrent requests for a workbook not yet
    # made wait for the first (its single flight), whichever request asked first.
    export_excel = providers.Singleton(
        CachedExport,
        export=providers.Factory(
            ExportExcel,
            list_countries=list_countries,
            reader=coordination.dataset_reader,
            writer=workbook_writer,
            clock=clock,
            zone=settings.provided.zone,
        ),
        # The dataset's sync state, not the store's: the rows' own (caching/dataset.py).
        reader=coordination.dataset_reader,
        clock=clock,
        store=coordination.workbook_store,
        zone=settings.provided.zone,
    )
    invalidate_cache = providers.Factory(
        ClearingCaches,
        invalidate=providers.Factory(InvalidateCache, cache=sources.payload_cache),
        caches=providers.List(coordination.answer_store, coordination.workbook_store),
    )
    uncounted_sync = providers.Factory(
        SyncFromSource,
        uow_factory=storage.unit_of_work.provider,
        source=sources.source,
        fallback=sources.snapshot,
        lock=coordination.sync_lock,
        clock=clock,
        publisher=coordination.version_publisher,
    )
    # Every sync from the source (the admin route, the command, the schedule) is counted
    # in the metrics; seeding from the snapshot is not a sync from the source.
    sync_from_source = providers.Factory(CountedSync, sync=uncounted_sync, metrics=metrics)
    # The same sync with the bundled snapshot as its source: how an empty database is seeded
    # (under the database's own lock: it must work while Redis is down).
    sync_from_snapshot = providers.Callable(
        uncounted_sync, source=sources.snapshot, lock=coordination.seed_lock
    )
    seed_if_empty = providers.Factory(
        SeedIfEmpty,
        sync_from_snapshot=sync_from_snapshot,
        snapshot=sources.snapshot,
        reader=storage.country_reader,
    )
    scheduled_sync = providers.Factory(
        SyncIfDue,
        sync=sync_from_source,
        source=sources.source,
        uow_factory=storage.reading_unit_of_work.provider,
        clock=clock,
        interval_seconds=settings.provided.sync_interval_seconds,
    )
    check_health = providers.Factory(
        CheckHealth,
        reader=storage.country_reader,
        source=sources.live_source,
        cache=sources.payload_cache,
        uow_factory=storage.reading_unit_of_work.provider,
        clock=clock,
        zone=settings.provided.zone,
    )
    check_readiness = providers.Factory(CheckReadiness, reader=storage.country_reader)
