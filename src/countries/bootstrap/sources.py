"""Where countries come from: the live REST Countries API behind the payload cache, and the snapshot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx2
from dependency_injector import containers, providers

from countries.adapters.cache import CachedCountrySource, InMemoryPayloadCache
from countries.adapters.metrics import ServiceMetrics
from countries.adapters.restcountries.http import make_http_client
from countries.adapters.restcountries.v5 import RestCountriesV5Source
from countries.adapters.restcountries.v31 import RestCountriesV31Source
from countries.adapters.snapshot import BundledSnapshotSource
from countries.application.ports import PayloadCache
from countries.config import Settings

if TYPE_CHECKING:
    import redis.asyncio as redis


# The Redis adapters are imported on first use: without COUNTRIES_REDIS_URL, never (the
# client library is about a twentieth of the time `countries serve` takes to start).
def redis_client(url: str, timeout_seconds: float) -> redis.Redis:
    from countries.adapters.redis_store import make_redis_client

    return make_redis_client(url, timeout_seconds=timeout_seconds)


def _redis_payload_cache(client: redis.Redis) -> PayloadCache:
    from countries.adapters.redis_store import RedisPayloadCache

    return RedisPayloadCache(client)


async def _closing(client: httpx2.AsyncClient) -> AsyncIterator[None]:
    """Close the HTTP client's connections at shutdown."""
    yield
    await client.aclose()


class Sources(containers.DeclarativeContainer):
    """The live source (v5 or v3.1) behind the payload cache, and the bundled snapshot."""

    settings = providers.Dependency(instance_of=Settings)
    redis: providers.Dependency[redis.Redis | None] = (
        providers.Dependency()
    )  # the Redis client, or None without COUNTRIES_REDIS_URL
    metrics = providers.Dependency(instance_of=ServiceMetrics)

    http_client = providers.Singleton(
        make_http_client, read_timeout=settings.provided.source_timeout_seconds
    )
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
    snapshot = providers.Singleton(BundledSnapshotSource)
    payload_cache = providers.Selector(
        settings.provided.cache_backend,
        memory=providers.Singleton(InMemoryPayloadCache),
        redis=providers.Singleton(_redis_payload_cache, redis),
    )
    # Every sync reads through the cache: no use case knows it exists.
    source = providers.Singleton(
        CachedCountrySource,
        source=live_source,
        cache=payload_cache,
        ttl_seconds=settings.provided.cache_ttl_seconds,
        on_lookup=metrics.provided.payload_cache_lookup,
    )
    closing = providers.Resource(_closing, http_client)
