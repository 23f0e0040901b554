"""What keeps syncs, replicas and this process's caches in step: the sync lock, the dataset
version and how it travels, and the caches it invalidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from countries.adapters.locks import database_lock
from countries.application.ports import SyncLock
from countries.caching.answers import AnswerCacheStore
from countries.caching.dataset import CachedDatasetReader
from countries.caching.versions import DatasetVersion, PublishToAll
from countries.caching.workbooks import WorkbookCacheStore
from countries.config import Settings

if TYPE_CHECKING:
    import redis.asyncio as redis
    from sqlalchemy.ext.asyncio import AsyncEngine


def _redis_sync_lock(client: redis.Redis, engine: AsyncEngine | None) -> SyncLock:
    from countries.adapters.redis_lock import RedisSyncLock

    # Held under Redis's lock, and alone keeping processes apart when Redis is down.
    return RedisSyncLock(client, backstop=database_lock(engine))


class Coordination(containers.DeclarativeContainer):
    """One sync at a time, and every process's caches told of the dataset versions it commits."""

    settings = providers.Dependency(instance_of=Settings)
    storage = providers.DependenciesContainer()
    redis: providers.Dependency[redis.Redis | None] = (
        providers.Dependency()
    )  # the Redis client, or None without COUNTRIES_REDIS_URL

    # What every process sharing the data agrees on: PostgreSQL's advisory lock, a lock file
    # beside SQLite, or this process's own lock for data held in memory.
    database_sync_lock = providers.Singleton(database_lock, storage.engine)
    sync_lock = providers.Selector(
        settings.provided.cache_backend,
        memory=database_sync_lock,
        redis=providers.Singleton(_redis_sync_lock, redis, storage.engine),
    )
    # Seeding an empty database must work while Redis is down: the database's lock alone
    # (two seeders cannot both fill it; the second finds the countries there).
    seed_lock = database_sync_lock
    # The newest dataset version this process knows: the cached answers are valid for it.
    dataset_version = providers.Singleton(DatasetVersion, storage.country_reader)
    # A sync publishes its new version here: to this process at once, then to the others.
    version_publisher = providers.Singleton(
        PublishToAll, providers.List(dataset_version, storage.other_processes_publisher)
    )
    # The active countries held per dataset version: every query is answered in memory.
    dataset_reader = providers.Singleton(
        CachedDatasetReader, storage.country_reader, dataset_version
    )
    answer_store = providers.Singleton(
        AnswerCacheStore, max_bytes=settings.provided.answer_cache_max_bytes
    )
    workbook_store = providers.Singleton(WorkbookCacheStore)
