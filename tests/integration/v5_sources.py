"""The v5 sources the adapter tests fetch from: the loopback fake, or a mock transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx2

from countries.adapters.restcountries.retry import RetryPolicy
from countries.adapters.restcountries.v5 import RestCountriesV5Source
from tests.integration.upstream_client import FAST, open_http_client
from tests.upstream import FakeRestCountries


def source(
    client: httpx2.AsyncClient,
    fake: FakeRestCountries,
    key: str | None = FakeRestCountries.api_key,
    policy: RetryPolicy = FAST,
) -> RestCountriesV5Source:
    return RestCountriesV5Source(client, fake.v5_url, key, retry=policy)


@asynccontextmanager
async def mocked(
    handle: Callable[[httpx2.Request], httpx2.Response],
) -> AsyncIterator[RestCountriesV5Source]:
    """A v5 source whose answers come from `handle`, for shapes the fake does not produce."""
    async with open_http_client(transport=httpx2.MockTransport(handle)) as http:
        yield RestCountriesV5Source(
            http, "http://v5.test/countries/v5", "k", retry=FAST, max_pages=3
        )


def page(objects: list[dict[str, object]], total: int, more: bool) -> httpx2.Response:
    return httpx2.Response(
        200, json={"data": {"objects": objects, "meta": {"total": total, "more": more}}}
    )
