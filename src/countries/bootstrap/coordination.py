"""What keeps syncs, replicas and this process's caches in step: the sync lock, the dataset
version and how it travels, and the caches it invalidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from countries.adapters.locks import PostgresSyncLock
from countries.adapters.memory import InMemorySyncLock
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
    from countries.adapters.redis_store import RedisSyncLock

    return RedisSyncLock(client, backstop=_backstop(engine))


def _backstop(engine: AsyncEngine | None) -> SyncLock | None:
    """The lock held under Redis's, and alone when Redis cannot confirm it.

    PostgreSQL's advisory lock holds across replicas. The in-process lock is honest only
    where the data lives in this process (no engine: `memory://`); a SQLite file may be
    shared by several processes (workers, `countries sync`), so there a sync Redis cannot
    confirm is refused (README.md, "One sync at a time").
    """
    if engine is None:
        return InMemorySyncLock()
    return PostgresSyncLock(engine) if engine.dialect.name == "postgresql" else None


def _seed_lock(engine: AsyncEngine | None) -> SyncLock:
    """The lock seeding an empty database takes: the database's own, never Redis's.

    Seeding must work while Redis is down. Two seeders cannot both fill the database:
    PostgreSQL's advisory lock keeps replicas apart, and on SQLite (or in memory) the
    write lock serializes them, so the second finds the countries there and changes nothing.
    """
    if engine is not None and engine.dialect.name == "postgresql":
        return PostgresSyncLock(engine)
    return InMemorySyncLock()


class Coordination(containers.DeclarativeContainer):
    """One sync at a time, and every process's caches told of the dataset versions it commits."""

    settings = providers.Dependency(instance_of=Settings)
    storage = providers.DependenciesContainer()
    redis: providers.Dependency[redis.Redis | None] = (
        providers.Dependency()
    )  # the Redis client, or None without COUNTRIES_REDIS_URL

    sync_lock = providers.Selector(
        settings.provided.lock_backend,
        memory=providers.Singleton(InMemorySyncLock),
        postgres=providers.Singleton(PostgresSyncLock, storage.engine),
        redis=providers.Singleton(_redis_sync_lock, redis, storage.engine),
    )
    seed_lock = providers.Singleton(_seed_lock, storage.engine)
    # The newest dataset version this process knows: the cached answers are valid for it.
    dataset_version = providers.Singleton(DatasetVersion, storage.country_reader)
    # A sync publishes its new version here: to this process at once, then to the others.
    version_publisher = providers.Singleton(
        PublishToAll, providers.List(dataset_version, storage.replicas)
    )
    # The active countries held per dataset version: every query is answered in memory.
    dataset_reader = providers.Singleton(
        CachedDatasetReader, storage.country_reader, dataset_version
    )
    answer_store = providers.Singleton(
        AnswerCacheStore, max_bytes=settings.provided.answer_cache_max_bytes
    )
    workbook_store = providers.Singleton(WorkbookCacheStore)
