"""The v5 adapter against a real loopback REST Countries: pages, keys, faults and deadlines."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import httpx2
import pytest

from countries.adapters.restcountries.payloads_v5 import V5_FIELDS
from countries.adapters.restcountries.retry import RetryPolicy
from countries.adapters.restcountries.v5 import RestCountriesV5Source
from countries.adapters.snapshot import load_snapshot
from countries.application.errors import (
    SourceInvalid,
    SourceNotConfigured,
    SourceRefused,
    SourceUnavailable,
)
from tests.integration.upstream_client import FAST, open_http_client
from tests.integration.v5_sources import source
from tests.upstream import FakeRestCountries
from tests.v5_view import as_v5_carries_it


@pytest.fixture
async def client() -> AsyncIterator[httpx2.AsyncClient]:
    async with open_http_client(connect_timeout=1, read_timeout=0.3, write_timeout=1) as http:
        yield http


async def test_fetches_every_country_in_three_pages_equal_to_v31_and_snapshot(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    countries = await source(client, fake_upstream).fetch()

    assert sorted(countries, key=lambda c: c.code) == sorted(
        map(as_v5_carries_it, load_snapshot()), key=lambda c: c.code
    )
    requests = fake_upstream.requests
    assert [(r.query["limit"], r.query["offset"]) for r in requests] == [
        ("100", "0"),
        ("100", "100"),
        ("100", "200"),
    ]
    assert all(r.headers["authorization"] == "Bearer test-key" for r in requests)
    assert all(r.query["response_fields"].split(",") == list(V5_FIELDS) for r in requests)


async def test_without_a_key_nothing_is_requested(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    for key in (None, ""):
        with pytest.raises(SourceNotConfigured, match=r"COUNTRIES_SOURCE_API_KEY is not set"):
            await source(client, fake_upstream, key=key).fetch()
    assert fake_upstream.request_count == 0


@pytest.mark.parametrize(
    ("fault", "key", "expected"),
    [
        (None, "wrong-secret-key", r"refused the key \(401\): key missing or wrong"),
        ("401", FakeRestCountries.api_key, r"refused the key \(401\)"),
        ("403", FakeRestCountries.api_key, r"\(403\): account frozen or monthly quota spent"),
    ],
)
async def test_a_refused_key_costs_exactly_one_request(
    client: httpx2.AsyncClient,
    fake_upstream: FakeRestCountries,
    fault: str | None,
    key: str,
    expected: str,
) -> None:
    fake_upstream.set_fault(fault)

    with pytest.raises(SourceUnavailable, match=expected) as caught:
        await source(client, fake_upstream, key=key).fetch()
    assert fake_upstream.request_count == 1
    assert key not in str(caught.value)


async def test_a_url_with_no_list_is_a_setting_to_fix_after_one_request(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    wrong = RestCountriesV5Source(client, f"{fake_upstream.base_url}/nope", "k", retry=FAST)
    with pytest.raises(SourceRefused, match=r"answered 404: is COUNTRIES_SOURCE_URL the v5"):
        await wrong.fetch()
    assert fake_upstream.request_count == 1


async def test_the_key_appears_in_no_name_message_or_log(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, caplog: pytest.LogCaptureFixture
) -> None:
    fake_upstream.set_fault("500")
    adapter = source(client, fake_upstream)

    with caplog.at_level(logging.DEBUG), pytest.raises(SourceUnavailable) as caught:
        await adapter.fetch()
    assert caplog.records  # the retries were logged
    for text in (adapter.name, str(caught.value), caplog.text):
        assert FakeRestCountries.api_key not in text
    assert adapter.name == f"REST Countries v5 ({fake_upstream.v5_url})"


async def test_server_errors_are_retried_then_reported(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.set_fault("500")

    with pytest.raises(SourceUnavailable, match=r"offset 0 failed after 3 attempt\(s\)"):
        await source(client, fake_upstream).fetch()
    assert fake_upstream.request_count == 3


async def test_a_transient_503_then_success(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.retry_after = "0"
    fake_upstream.set_fault("503-retry-after", times=1)

    assert len(await source(client, fake_upstream).fetch()) == 250
    assert fake_upstream.request_count == 4


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("non-json", r"offset 0 is not valid JSON"),
        ("truncated", r"is not valid JSON"),
        ("drift", r"data\.objects\.0\.region: Field required.*population"),
    ],
)
async def test_bad_payloads_are_invalid_and_not_retried(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, fault: str, expected: str
) -> None:
    fake_upstream.set_fault(fault)

    with pytest.raises(SourceInvalid, match=expected):
        await source(client, fake_upstream).fetch()
    assert fake_upstream.request_count == 1


@pytest.mark.parametrize(("fault", "count"), [("short", 5), ("empty", 0)])
async def test_short_and_empty_lists_parse_in_one_request(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, fault: str, count: int
) -> None:
    fake_upstream.set_fault(fault)

    assert len(await source(client, fake_upstream).fetch()) == count
    assert fake_upstream.request_count == 1


async def test_upstream_changes_show_in_the_next_fetch(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.mutate("ARG", population=1, name="Argentina!")
    fake_upstream.drop("FRA")

    countries = {c.code: c for c in await source(client, fake_upstream).fetch()}

    assert len(countries) == 249
    assert "FRA" not in countries
    assert (countries["ARG"].name, countries["ARG"].population) == ("Argentina!", 1)


async def test_a_hanging_server_fails_within_the_deadline(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.set_fault("hang")
    started = time.monotonic()

    with pytest.raises(SourceUnavailable, match=r"ReadTimeout|deadline"):
        await source(
            client, fake_upstream, policy=RetryPolicy(base_delay=0.01, deadline=0.8)
        ).fetch()
    assert time.monotonic() - started < 1.5
