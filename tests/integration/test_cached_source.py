"""The caching decorator around a real REST Countries gateway: stampedes and bad entries."""

from __future__ import annotations

import asyncio

from countries.adapters.cache import CachedCountrySource, InMemoryPayloadCache
from countries.adapters.restcountries.v31 import RestCountriesV31Source, field_groups
from tests.integration.upstream_client import open_http_client
from tests.upstream import FakeRestCountries


async def test_many_concurrent_misses_fetch_upstream_once(
    fake_upstream: FakeRestCountries,
) -> None:
    async with open_http_client() as client:
        source = CachedCountrySource(
            RestCountriesV31Source(client, fake_upstream.v31_url), InMemoryPayloadCache(), 60
        )
        answers = await asyncio.gather(*(source.fetch() for _ in range(10)))
    one_fetch = len(field_groups())  # v3.1 asks at most 10 fields a request
    assert fake_upstream.request_count == one_fetch
    assert all(len(countries) == 250 for countries in answers)
    assert all(countries == answers[0] for countries in answers)


class GarblingCache(InMemoryPayloadCache):
    """An in-process cache that, while `garbled`, answers every hit with undecodable bytes."""

    garbled = False

    async def get(self, key: str) -> bytes | None:
        value = await super().get(key)
        return b'{"not": "a list of countries"' if value is not None and self.garbled else value


async def test_an_undecodable_entry_is_a_miss_and_is_replaced(
    fake_upstream: FakeRestCountries,
) -> None:
    cache = GarblingCache()
    async with open_http_client() as client:
        source = CachedCountrySource(
            RestCountriesV31Source(client, fake_upstream.v31_url), cache, 60
        )
        first = await source.fetch()
        await source.accepted(first)
        cache.garbled = True
        second = await source.fetch()
        await source.accepted(second)
        cache.garbled = False
        third = await source.fetch()
    assert second == first == third
    one_fetch = len(field_groups())
    assert fake_upstream.request_count == 2 * one_fetch, "one fetch, one for the bad entry, no more"


async def test_only_an_accepted_payload_is_served_from_the_cache(
    fake_upstream: FakeRestCountries,
) -> None:
    async with open_http_client() as client:
        source = CachedCountrySource(
            RestCountriesV31Source(client, fake_upstream.v31_url), InMemoryPayloadCache(), 60
        )
        refused = await source.fetch()  # a sync that refuses it never calls `accepted`
        fake_upstream.mutate("ARG", population=7)
        fetched = await source.fetch()
        await source.accepted(fetched)
        fake_upstream.mutate("ARG", population=8)
        cached = await source.fetch()
    population = {c.code: c.population for c in cached}["ARG"]
    assert {c.code: c.population for c in refused}["ARG"] != 7
    assert population == 7, "the accepted payload, not the refused one nor a newer one"
    assert fake_upstream.request_count == 2 * len(field_groups()), "two fetches, then the cache"
