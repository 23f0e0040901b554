"""The REST Countries stand-in the tests sync from answers as the real v3.1 service did."""

from __future__ import annotations

import threading
import time

import httpx2
import pytest

from countries.adapters.restcountries.payloads_v31 import V31_FIELDS
from countries.adapters.restcountries.retry import RetryPolicy
from countries.adapters.restcountries.v31 import RestCountriesV31Source
from countries.application.errors import SourceUnavailable
from tests.integration.upstream_client import open_http_client
from tests.upstream import FIELDS_ERROR, FakeRestCountries


@pytest.mark.parametrize("fields", ["", "cca3,,name", ",".join(V31_FIELDS[:11])])
def test_the_fake_answers_400_like_v31_to_bad_fields(
    fake_upstream: FakeRestCountries, fields: str
) -> None:
    answer = httpx2.get(f"{fake_upstream.v31_url}/all", params={"fields": fields} if fields else {})

    assert (answer.status_code, answer.json()) == (400, FIELDS_ERROR)


async def test_the_fake_stops_promptly_and_leaves_no_thread_while_hanging() -> None:
    before = threading.active_count()
    async with open_http_client(connect_timeout=1, read_timeout=0.3, write_timeout=1) as client:
        with FakeRestCountries.from_fixtures() as fake:
            fake.set_fault("hang")
            source = RestCountriesV31Source(
                client, fake.v31_url, retry=RetryPolicy(attempts=1, deadline=0.5)
            )
            with pytest.raises(SourceUnavailable):
                await source.fetch()
            started = time.monotonic()
        assert time.monotonic() - started < 1.0  # the fake's stop, not the client's
    assert threading.active_count() == before
