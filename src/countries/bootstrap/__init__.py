"""The composition root: the only package that names concrete adapters.

`build_container(settings)` gives a `Container` wiring every use case to the adapters the
settings choose, grouped by feature: `storage`, `sources`, `coordination`, then the
`countries`, `activities` and `reports` features. Tests swap a group or a provider with
d-i's `override` (the HTTP suite runs once on `MemoryStorage` that way); nothing here
runs at import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from dependency_injector import containers, providers
from prometheus_client import CollectorRegistry

from countries.adapters.clock import SystemClock
from countries.adapters.metrics import ServiceMetrics
from countries.bootstrap.activities import ActivitiesFeature
from countries.bootstrap.coordination import Coordination
from countries.bootstrap.countries import CountriesFeature
from countries.bootstrap.reports import ReportsFeature
from countries.bootstrap.sources import Sources, redis_client
from countries.bootstrap.storage import MemoryStorage, SqlStorage
from countries.config import Settings

if TYPE_CHECKING:
    import redis.asyncio as redis

__all__ = ["Container", "MemoryStorage", "build_container", "start_resources", "stop_resources"]


async def _closing_redis(client: redis.Redis | None) -> AsyncIterator[None]:
    """Close the Redis connections at shutdown."""
    yield
    if client is not None:
        await client.aclose()


class Container(containers.DeclarativeContainer):
    """Every provider of the service, by feature."""

    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(SystemClock)
    redis = providers.Selector(
        settings.provided.cache_backend,
        memory=providers.Object(None),
        redis=providers.Singleton(
            redis_client, settings.provided.redis_url, settings.provided.redis_timeout_seconds
        ),
    )
    closing_redis = providers.Resource(_closing_redis, redis)
    # One registry per container, never prometheus-client's global one: several apps in
    # one process (the tests) count apart. `GET /metrics` exposes it.
    metrics_registry = providers.Singleton(CollectorRegistry)
    metrics = providers.Singleton(ServiceMetrics, metrics_registry)

    storage = providers.Container(SqlStorage, settings=settings)
    sources = providers.Container(Sources, settings=settings, redis=redis, metrics=metrics)
    coordination = providers.Container(
        Coordination, settings=settings, storage=storage, redis=redis
    )
    countries = providers.Container(
        CountriesFeature,
        settings=settings,
        clock=clock,
        storage=storage,
        sources=sources,
        coordination=coordination,
        metrics=metrics,
    )
    activities = providers.Container(ActivitiesFeature, clock=clock, storage=storage)
    reports = providers.Container(
        ReportsFeature,
        settings=settings,
        clock=clock,
        storage=storage,
        countries=countries,
        metrics=metrics,
    )


def build_container(settings: Settings) -> Container:
    """A container for these settings (`memory://` puts the storage in this process)."""
    container = Container(settings=providers.Object(settings))
    if settings.storage_backend == "memory":
        container.storage.override(MemoryStorage(settings=providers.Object(settings)))
    return container


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
