"""The cache layer: the in-process payload cache and the caching source decorator.

The Redis payload cache is in `redis_store`, imported only when Redis is configured.

Keys are namespaced and versioned (`countries:v3:…`): a change to what is stored bumps
`CACHE_SCHEMA`, so a new release never reads an old shape.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import orjson

from countries.adapters.details_codec import details_to_document, document_to_details
from countries.application.ports import CountrySource, PayloadCache
from countries.domain.model import Country, Currency, Flag, Language

log = logging.getLogger(__name__)

# v2: every country carries its details (the rest of the record).
# v3: one JSON object per line (JSON Lines), so a country is decoded at a time.
CACHE_SCHEMA = "v3"
NAMESPACE = f"countries:{CACHE_SCHEMA}:"


class InMemoryPayloadCache(PayloadCache):
    """A per-process TTL cache: the embedded default."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, bytes]] = {}

    async def get(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1]

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        self._entries[key] = (time.monotonic() + ttl_seconds, value)

    async def clear(self) -> int:
        count = len(self._entries)
        self._entries.clear()
        return count

    async def status(self) -> str:
        """Always `ok`: the process's own memory cannot be out of reach."""
        return "ok"


def encode_countries(countries: list[Country]) -> bytes:
    """Every field of `countries`, details included, one JSON object a line; see `decode_countries`."""
    return b"\n".join(
        orjson.dumps({**asdict(c), "details": details_to_document(c.details)}) for c in countries
    )


def decode_countries(payload: bytes) -> list[Country]:
    """The countries `encode_countries` stored; raises ValueError on any other shape.

    A line at a time: the JSON of the whole list as Python values is 15 MB for a 1 MB
    payload, and every sync from the cache held it all at once beside the countries made
    from it, leaving Python's memory arenas pinned for good (benchmarks/NOTES.md, change 16).
    """
    if not payload:
        return []
    try:
        return [_decoded(orjson.loads(line)) for line in payload.split(b"\n")]
    except (
        TypeError,
        KeyError,
        ValueError,
        AttributeError,
    ) as error:  # JSONDecodeError: ValueError
        raise ValueError(f"undecodable cache entry: {error}") from error


def _decoded(raw: dict[str, Any]) -> Country:
    return Country(
        **{
            **raw,
            "capitals": tuple(raw["capitals"]),
            "currencies": tuple(Currency(**c) for c in raw["currencies"]),
            "continents": tuple(raw["continents"]),
            "languages": tuple(Language(**lang) for lang in raw["languages"]),
            "alt_names": tuple(raw["alt_names"]),
            "flag": Flag(**raw["flag"]),
            "details": document_to_details(raw["details"]),
        }
    )


class CachedCountrySource(CountrySource):
    """A CountrySource that answers from the cache while an accepted upstream payload is fresh.

    A payload fetched upstream is kept pending and cached only once a sync says it
    committed it (`accepted`): a payload the sync refused (too many countries retired,
    say) is never cached, so the next sync goes upstream again instead of refusing the
    same payload until the TTL ends. A cache hit is a payload some sync, here or on
    another replica sharing Redis, already accepted.

    Concurrent misses in this process wait for one upstream fetch (no stampede);
    across processes, the sync lock already lets one sync run at a time.

    `on_lookup(hit)` hears each fetch answered from the cache (True) or sent upstream
    (False): the container counts them in the metrics.
    """

    def __init__(
        self,
        source: CountrySource,
        cache: PayloadCache,
        ttl_seconds: int,
        on_lookup: Callable[[bool], None] = lambda _hit: None,
    ) -> None:
        self._source = source
        self._on_lookup = on_lookup
        self._cache = cache
        self._ttl = ttl_seconds
        self._key = "upstream:" + hashlib.sha256(source.name.encode()).hexdigest()[:16]
        self._fetching = asyncio.Lock()
        self._upstream_fetches = 0
        self._pending: list[Country] | None = None

    @property
    def name(self) -> str:
        return self._source.name

    async def fetch(self) -> list[Country]:
        cached = await self._cached()
        if cached is not None:
            self._on_lookup(True)
            return cached
        fetches_before_waiting = self._upstream_fetches
        async with self._fetching:
            if self._upstream_fetches != fetches_before_waiting and self._pending is not None:
                return self._pending  # fetched while this call waited: share that answer
            cached = await self._cached()
            if cached is not None:
                self._on_lookup(True)
                return cached
            self._on_lookup(False)
            self._pending = await self._source.fetch()
            self._upstream_fetches += 1
            return self._pending

    async def accepted(self, countries: list[Country]) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending == countries:
            await self._cache.set(self._key, encode_countries(countries), self._ttl)
        await self._source.accepted(countries)

    async def _cached(self) -> list[Country] | None:
        payload = await self._cache.get(self._key)
        if payload is None:
            return None
        try:
            return decode_countries(payload)
        except ValueError:
            log.warning("ignoring an undecodable cached payload for %s", self._source.name)
            return None
