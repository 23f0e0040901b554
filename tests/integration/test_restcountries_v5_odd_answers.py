"""The v5 adapter on a mock transport, for the odd answers the loopback fake does not give."""

from __future__ import annotations

import json
import time

import httpx2
import pytest

from countries.application.errors import SourceInvalid, SourceUnavailable
from tests.integration.v5_sources import mocked, page
from tests.upstream import fixture_records

V5_RECORDS = fixture_records()[1]


async def test_an_upstream_that_always_says_more_is_cut_off() -> None:
    calls: list[httpx2.Request] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        offset = int(request.url.params["offset"])
        return page(V5_RECORDS[offset : offset + 1], total=10**6, more=True)

    async with mocked(handle) as adapter:
        with pytest.raises(SourceInvalid, match=r"still had more after 3 pages"):
            await adapter.fetch()
    assert len(calls) == 3


async def test_data_changing_between_pages_is_invalid() -> None:
    def handle(request: httpx2.Request) -> httpx2.Response:
        # The second page repeats a record: the list shifted under the offset.
        offset = int(request.url.params["offset"])
        return page(V5_RECORDS[max(0, offset - 1) : offset + 1], total=3, more=offset == 0)

    async with mocked(handle) as adapter:
        with pytest.raises(SourceInvalid, match=r"lists some countries twice: ABW"):
            await adapter.fetch()


async def test_a_429_whose_retry_after_passes_the_deadline_gives_up_at_once() -> None:
    calls: list[httpx2.Request] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        calls.append(request)
        return httpx2.Response(
            429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}, content=b"{}"
        )

    started = time.monotonic()
    async with mocked(handle) as adapter:
        with pytest.raises(SourceUnavailable, match=r"answered 429.*would pass the 30 s deadline"):
            await adapter.fetch()
    assert len(calls) == 1
    assert time.monotonic() - started < 0.5


async def test_a_redirect_is_reported_not_followed() -> None:
    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(301, headers={"Location": "https://u:p@new.test/v6?x=1"})

    async with mocked(handle) as adapter:
        with pytest.raises(
            SourceUnavailable, match=r"redirect to https://new.test/v6: set COUNTRIES_SOURCE_URL"
        ):
            await adapter.fetch()


async def test_a_wrong_envelope_is_invalid() -> None:
    def handle(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=json.dumps({"objects": []}).encode())

    async with mocked(handle) as adapter:
        with pytest.raises(SourceInvalid, match=r"data: Field required"):
            await adapter.fetch()
