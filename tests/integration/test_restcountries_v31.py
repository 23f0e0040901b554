"""The v3.1 adapter against a real loopback REST Countries (and a mock transport for odd answers)."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx2
import pytest

from countries.adapters.restcountries.payloads_v31 import V31_FIELDS
from countries.adapters.restcountries.retry import RetryPolicy
from countries.adapters.restcountries.v31 import RestCountriesV31Source, field_groups
from countries.adapters.snapshot import load_snapshot
from countries.application.errors import SourceInvalid, SourceUnavailable
from countries.domain.model import Country
from countries.version import SERVICE_VERSION
from tests.integration.upstream_client import FAST, open_http_client
from tests.upstream import FakeRestCountries, fixture_records


@pytest.fixture
async def client() -> AsyncIterator[httpx2.AsyncClient]:
    async with open_http_client(connect_timeout=1, read_timeout=0.3, write_timeout=1) as http:
        yield http


def source(
    client: httpx2.AsyncClient, url: str, policy: RetryPolicy = FAST
) -> RestCountriesV31Source:
    return RestCountriesV31Source(client, url, retry=policy)


async def test_fetches_every_country_equal_to_the_snapshot(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    countries = await source(client, fake_upstream.v31_url).fetch()

    assert len(countries) == 250
    assert sorted(countries, key=lambda c: c.code) == sorted(load_snapshot(), key=lambda c: c.code)
    argentina = next(c for c in countries if c.code == "ARG")
    assert (argentina.name, argentina.capitals, argentina.population) == (
        "Argentina",
        ("Buenos Aires",),
        46735004,
    )
    assert "Argentinien" in argentina.alt_names
    # Fields of the first request and of the last, merged:
    assert argentina.details.calling_codes == ("+54",)
    assert argentina.details.capital_latlng == (-34.58, -58.67)


async def test_asks_for_every_field_at_most_ten_a_request_each_with_cca3_and_name(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    await source(client, fake_upstream.v31_url).fetch()

    field_lists = [r.query["fields"].split(",") for r in fake_upstream.requests]
    assert len(field_lists) == len(field_groups()) == 5
    assert all(len(fields) <= 10 and fields[:2] == ["cca3", "name"] for fields in field_lists)
    assert {f for fields in field_lists for f in fields} == set(V31_FIELDS)
    assert len(V31_FIELDS) == 35
    # The distribution's name and version (the import package is `countries`).
    agents = {r.headers["user-agent"] for r in fake_upstream.requests}
    assert agents == {f"countries-service/{SERVICE_VERSION}"}


async def test_the_retired_service_is_named_with_what_to_set_instead(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    with pytest.raises(SourceUnavailable) as caught:
        await source(client, fake_upstream.retired_url).fetch()

    message = str(caught.value)
    assert "retired its v3.1 API in June 2026" in message
    assert "https://api.restcountries.com/countries/v5" in message
    assert "COUNTRIES_SOURCE_API_KEY" in message
    assert fake_upstream.request_count == 1  # neither followed nor retried


async def test_a_deprecated_envelope_served_as_200_is_not_taken_for_data(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    with pytest.raises(SourceUnavailable, match=r"retired its v3\.1 API"):
        await source(client, f"{fake_upstream.base_url}/legacy/v3.1").fetch()


async def test_server_errors_are_retried_then_reported(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, caplog: pytest.LogCaptureFixture
) -> None:
    fake_upstream.set_fault("500")
    caplog.set_level(logging.DEBUG, logger="countries")

    adapter = source(client, fake_upstream.v31_url)
    with pytest.raises(
        SourceUnavailable, match=r"failed after 3 attempt\(s\).*: answered 500"
    ) as e:
        await adapter.fetch()
    assert fake_upstream.request_count == 3  # the first request, three times
    assert str(e.value).count(adapter.name) == 1  # what /health and the log show, said once
    # Each retry is a DEBUG line: the failure is told once, by whoever reports it.
    retries = [r.levelname for r in caplog.records if "retrying in" in r.getMessage()]
    assert retries == ["DEBUG", "DEBUG"]


async def test_a_transient_503_waits_for_retry_after_then_succeeds(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.set_fault("503-retry-after", times=1)
    started = time.monotonic()

    countries = await source(client, fake_upstream.v31_url).fetch()

    assert len(countries) == 250
    assert time.monotonic() - started >= 1.0  # the fake's Retry-After: 1
    assert fake_upstream.request_count == 1 + len(field_groups())


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("non-json", r"is not valid JSON.*<html>"),
        ("truncated", r"is not valid JSON"),
        ("drift", r"region: Field required.*population: Input should be a valid integer"),
    ],
)
async def test_bad_payloads_are_invalid_and_not_retried(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, fault: str, expected: str
) -> None:
    fake_upstream.set_fault(fault)

    with pytest.raises(SourceInvalid, match=expected):
        await source(client, fake_upstream.v31_url).fetch()
    assert fake_upstream.request_count <= len(field_groups())  # one per group at most, no retries


@pytest.mark.parametrize(("fault", "count"), [("short", 5), ("empty", 0)])
async def test_short_and_empty_lists_parse_as_they_are(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries, fault: str, count: int
) -> None:
    fake_upstream.set_fault(fault)

    assert len(await source(client, fake_upstream.v31_url).fetch()) == count


async def test_a_hanging_server_fails_within_the_deadline(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    fake_upstream.set_fault("hang")
    started = time.monotonic()

    with pytest.raises(SourceUnavailable, match=r"ReadTimeout|deadline"):
        await source(
            client, fake_upstream.v31_url, RetryPolicy(base_delay=0.01, deadline=0.8)
        ).fetch()
    assert time.monotonic() - started < 1.5


async def test_a_wrong_url_and_no_server_are_unavailable(
    client: httpx2.AsyncClient, fake_upstream: FakeRestCountries
) -> None:
    with pytest.raises(SourceUnavailable, match=r"404.*ending in /v3.1"):
        await source(client, f"{fake_upstream.base_url}/nothing/here").fetch()
    # The reason in the OS's words, not only the exception's name: what to check.
    with pytest.raises(
        SourceUnavailable, match=r"ConnectError: ConnectionRefusedError: \[Errno 111\]"
    ):
        await source(client, "http://127.0.0.1:9/v3.1").fetch()


Record = dict[str, Any]
V31_BY_CODE = {record["cca3"]: record for record in fixture_records()[0]}


def serving(records_for_request: Callable[[int], list[Record]]) -> httpx2.MockTransport:
    """A v3.1 `/all?fields=...` answering request n (from 1) with `records_for_request(n)`."""
    numbers = itertools.count(1)

    def handle(request: httpx2.Request) -> httpx2.Response:
        records = records_for_request(next(numbers))
        fields = request.url.params["fields"].split(",")
        return httpx2.Response(200, json=[{f: r[f] for f in fields if f in r} for r in records])

    return httpx2.MockTransport(handle)


def records(*codes: str) -> list[Record]:
    return [V31_BY_CODE[code] for code in codes]


async def fetch_from(transport: httpx2.MockTransport) -> list[Country]:
    async with open_http_client(transport=transport) as http:
        return await source(http, "http://mirror.test/v3.1").fetch()


async def test_answers_are_merged_by_cca3_not_by_position() -> None:
    transport = serving(lambda n: records("FRA", "DEU") if n % 2 else records("DEU", "FRA"))

    countries = await fetch_from(transport)

    assert [(c.code, c.name, c.population, c.details.capital_latlng) for c in countries] == [
        ("FRA", "France", 66351959, (48.87, 2.33)),
        ("DEU", "Germany", 83491249, (52.52, 13.4)),
    ]


async def test_answers_that_disagree_on_the_countries_are_invalid() -> None:
    transport = serving(lambda n: records("FRA", "ITA" if n == 3 else "DEU"))

    with pytest.raises(
        SourceInvalid,
        match=r"disagree.*request 1 alone lists \['DEU'\].*request 3 alone lists \['ITA'\].*changed during the sync",
    ):
        await fetch_from(transport)


async def test_answers_that_disagree_on_a_name_are_invalid() -> None:
    # A server whose data was updated between two of the requests of one sync.
    france, germany = records("FRA", "DEU")
    renamed = {**germany, "name": {**germany["name"], "common": "Deutschland"}}
    transport = serving(lambda n: [france, renamed if n >= 4 else germany])

    with pytest.raises(
        SourceInvalid, match=r"disagree on the name of DEU between request 1 and request 4"
    ):
        await fetch_from(transport)


async def test_the_name_never_shows_credentials(client: httpx2.AsyncClient) -> None:
    name = source(client, "https://user:s3cret@mirror.example/v3.1/?token=s3cret").name

    assert name == "REST Countries v3.1 (https://mirror.example/v3.1)"
