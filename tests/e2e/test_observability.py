"""Request ids, the access log and /metrics through the API, cached answers included."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator

import httpx2
import pytest
from dependency_injector import providers
from prometheus_client.parser import text_string_to_metric_families

from countries.bootstrap import build_container
from countries.config import Settings
from countries.entrypoints.http.app import create_app
from countries.entrypoints.logs import configure_logging
from tests.asgi_app import started
from tests.e2e.conftest import ADMIN, Serve
from tests.upstream import FakeRestCountries

MADE_ID = re.compile(r"[0-9a-f]{32}")


async def metric(client: httpx2.AsyncClient, name: str, **labels: str) -> float:
    """The value of one sample of `GET /metrics` (0 when the series is not there yet)."""
    text = (await client.get("/metrics")).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                return float(sample.value)
    return 0.0


async def test_a_request_id_is_made_for_every_answer_cached_ones_included(
    client: httpx2.AsyncClient,
) -> None:
    first = await client.get("/countries/ARG")
    cached = await client.get("/countries/ARG")
    assert first.status_code == cached.status_code == 200
    ids = [first.headers["x-request-id"], cached.headers["x-request-id"]]
    assert all(MADE_ID.fullmatch(i) for i in ids)
    assert ids[0] != ids[1]
    assert await metric(client, "countries_answer_cache_hits_total") == 1


@pytest.mark.parametrize("url", ["/countries/ARG", "/countries/ZZZ", "/countries/A1"])
async def test_a_sane_request_id_is_taken_on_cached_answers_and_errors(
    client: httpx2.AsyncClient, url: str
) -> None:
    for request_id in ("abc-123", "trace.7_X"):  # the second request may come from the cache
        response = await client.get(url, headers={"X-Request-ID": request_id})
        assert response.headers["x-request-id"] == request_id


@pytest.mark.parametrize("sent", ["has space", "x" * 129, 'quote"d', "ñ"])
async def test_an_insane_request_id_is_replaced(client: httpx2.AsyncClient, sent: str) -> None:
    response = await client.get("/countries/ARG", headers={b"X-Request-ID": sent.encode()})
    assert MADE_ID.fullmatch(response.headers["x-request-id"])


@pytest.fixture
def json_logs(
    settings_for: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[[], list[dict[str, object]]]]:
    """Logging configured as `COUNTRIES_LOG_FORMAT=json` does; gives the lines written so far."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging(settings_for(log_format="json"))
    capsys.readouterr()
    try:
        yield lambda: [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)


async def test_each_request_writes_one_json_access_line(
    client: httpx2.AsyncClient, json_logs: Callable[[], list[dict[str, object]]]
) -> None:
    await client.get("/countries/ARG", headers={"X-Request-ID": "first"})
    await client.get("/countries/ARG?fields=name", headers={"X-Request-ID": "second"})
    await client.get("/countries/ZZZ", headers={"X-Request-ID": "third"})
    lines = [line for line in json_logs() if line["logger"] == "countries.access"]
    assert [(line["request_id"], line["status"]) for line in lines] == [
        ("first", 200),
        ("second", 200),
        ("third", 404),
    ]
    line = lines[2]
    assert (line["level"], line["method"], line["path"]) == ("INFO", "GET", "/countries/ZZZ")
    assert isinstance(line["duration_ms"], float)
    assert isinstance(line["timestamp"], str)
    assert "GET /countries/ZZZ 404" in str(line["message"])


async def test_metrics_count_requests_by_route_template_and_cached_answers_apart(
    client: httpx2.AsyncClient,
) -> None:
    for code in ("ARG", "BRA", "ARG"):
        await client.get(f"/countries/{code}")
    await client.get("/no/such/path")
    await client.post("/admin/sync")  # no token: the request guard answers, before routing
    route = {"method": "GET", "status": "200"}
    assert await metric(client, "countries_http_requests_total", route="/countries/{code}") == 2
    assert await metric(client, "countries_http_requests_total", route="cached", **route) == 1
    assert await metric(client, "countries_http_requests_total", route="unmatched") == 1
    refused = {"method": "POST", "status": "401"}
    assert await metric(client, "countries_http_requests_total", route="refused", **refused) == 1
    assert await metric(client, "countries_answer_cache_misses_total") == 2
    assert await metric(client, "countries_answer_cache_hits_total") == 1
    seconds = "countries_http_request_duration_seconds_count"
    assert await metric(client, seconds, route="/countries/{code}") == 2


async def test_metrics_are_prometheus_text_outside_the_cache_and_the_schema(
    client: httpx2.AsyncClient,
) -> None:
    first = await client.get("/metrics")
    second = await client.get("/metrics")
    assert first.headers["content-type"].startswith("text/plain; version=")
    assert "etag" not in second.headers
    assert 'route="/metrics"' in second.text  # the first scrape, counted: not a cached copy
    assert "/metrics" not in (await client.get("/openapi.json")).json()["paths"]


async def test_a_sync_moves_the_sync_and_payload_cache_metrics(
    serve: Serve, settings_for: Callable[..., Settings], fake_upstream: FakeRestCountries
) -> None:
    async with serve(settings_for(source_url=fake_upstream.v31_url)) as client:
        assert await metric(client, "countries_last_sync_success_timestamp_seconds") == 0
        for _ in range(2):
            assert (await client.post("/admin/sync", headers=ADMIN)).status_code == 200
        fake_upstream.set_fault("500")
        await client.post("/admin/cache/invalidate", headers=ADMIN)
        assert (await client.post("/admin/sync", headers=ADMIN)).status_code >= 500
        assert await metric(client, "countries_syncs_total", result="ok") == 2
        assert await metric(client, "countries_syncs_total", result="failed") == 1
        assert await metric(client, "countries_last_sync_success_timestamp_seconds") > 1.7e9
        assert await metric(client, "countries_payload_cache_misses_total") == 2
        assert await metric(client, "countries_payload_cache_hits_total") == 1


async def test_an_unexpected_error_is_a_500_problem_and_one_traceback_with_its_request_id(
    settings_for: Callable[..., Settings], json_logs: Callable[[], list[dict[str, object]]]
) -> None:
    async def a_bug(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug in the activities")

    container = build_container(settings_for(database_url="memory://"))
    container.activities.list_activities.override(providers.Object(a_bug))
    try:
        async with started(create_app(container)) as client:
            answer = await client.get(
                "/countries/ARG/activities", headers={"X-Request-ID": "bug-1"}
            )
    finally:
        container.unwire()

    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["x-request-id"] == "bug-1"
    # Logged once, with the request id: the server is not handed the error to log again.
    (error,) = [line for line in json_logs() if line["level"] == "ERROR"]
    assert error["request_id"] == "bug-1"
    assert "RuntimeError: a bug in the activities" in str(error["exception"])
