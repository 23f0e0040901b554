"""The FastAPI entrypoint: `create_app(container)`, with nothing global at import."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from prometheus_client import CollectorRegistry
from starlette.responses import Response

from countries.bootstrap import Container, start_resources, stop_resources
from countries.caching.answers import ASGIApp, Scope
from countries.caching.middleware import AnswerCache
from countries.entrypoints.http import deps, routers
from countries.entrypoints.http.cors import with_cors
from countries.entrypoints.http.docs import install_docs
from countries.entrypoints.http.guards import RequestGuard
from countries.entrypoints.http.http_metrics import HttpMetrics
from countries.entrypoints.http.observability import EnteredApp, Observe, metrics_response
from countries.entrypoints.http.problems import install_problem_handlers
from countries.entrypoints.http.query_models import document_query_models
from countries.entrypoints.http.routers import activities, admin, countries, health, v31
from countries.entrypoints.http.schemas.countries import CountryPageParams
from countries.entrypoints.scheduler import DailyTask, LongRunningTask, PeriodicTask
from countries.version import SERVICE_VERSION

log = logging.getLogger(__name__)

DESCRIPTION = """
The countries of the world, synced from [REST Countries](https://restcountries.com)
into a relational database. Search is case- and accent-insensitive and matches
translations (`Alemania` finds Germany). Errors are `application/problem+json`.
"""

# The routes whose answers depend on the dataset alone: the answer cache may keep them
# until the dataset version changes. A route that reads anything else (activities, the
# sync state, the clock) must not be here.
# Every v3.1 route is one of them.
DATASET_ENDPOINTS = frozenset(
    {
        countries.list_countries,
        countries.get_country,
        *(route.endpoint for route in v31.router.routes if isinstance(route, APIRoute)),
    }
)


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _dataset_route(scope: Scope) -> bool:
    return scope.get("endpoint") in DATASET_ENDPOINTS


def _daily_reports(container: Container) -> DailyTask | None:
    """The daily report loop, started; None (said once in the log) without a mail server."""
    settings = container.settings()
    if not settings.smtp_host:
        log.info("daily reports are not sent: COUNTRIES_SMTP_HOST is not set")
        return None
    send_daily_report = container.reports.send_daily_report

    async def send(day: date) -> int:
        return len((await send_daily_report()(day)).failed)

    task = DailyTask("daily report", send, settings.report_time, settings.zone)
    task.start()
    return task


def _scheduled_sync(container: Container, interval: float) -> PeriodicTask:
    """The periodic sync, started; without a source it says once what serves instead."""
    scheduled_sync, reader = container.countries.scheduled_sync, container.storage.country_reader

    async def meanwhile() -> str:
        state = await reader().sync_state()
        return f"the service answers from the stored {state.source or 'data'}"

    schedule = PeriodicTask("sync", lambda: scheduled_sync()(), interval, meanwhile=meanwhile)
    schedule.start()
    return schedule


def _lifespan(container: Container) -> Any:
    """Resources, the seed, the dataset version feed, the scheduled sync and the daily report."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as running:
            await start_resources(container)
            running.push_async_callback(stop_resources, container)  # last out
            try:
                await container.countries.seed_if_empty()()
            except Exception:  # serving an empty list beats not starting
                log.exception("could not seed the empty database from the bundled snapshot")
            version, feed = (
                container.coordination.dataset_version(),
                container.storage.version_feed(),
            )
            follow = LongRunningTask("dataset version", lambda: version.follow(feed))
            follow.start()
            running.push_async_callback(follow.stop)
            interval = container.settings().sync_interval_seconds
            if interval > 0:
                schedule = _scheduled_sync(container, interval)
                running.push_async_callback(schedule.stop)
            reports = _daily_reports(container)
            if reports is not None:
                running.push_async_callback(reports.stop)
            yield

    return lifespan


def create_api(container: Container) -> FastAPI:
    """The FastAPI application alone: routes, validation, problems, docs."""
    api = FastAPI(
        title="Countries",
        version=SERVICE_VERSION,
        description=DESCRIPTION,
        lifespan=_lifespan(container),
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    container.wire(packages=[routers], modules=[deps])
    install_problem_handlers(api)
    install_docs(api)
    for module in (countries, activities, admin, health, v31):
        api.include_router(module.router)
    document_query_models(api, {"/countries": CountryPageParams})
    _install_metrics(api, container.metrics_registry())
    return api


def _install_metrics(api: FastAPI, registry: CollectorRegistry) -> None:
    # Left out of the OpenAPI schema: it is for Prometheus, not for the API's users, and
    # its text format has no schema to give (README.md, "Monitoring").
    @api.get("/metrics", include_in_schema=False, dependencies=[deps.NoQueryDep])
    async def metrics() -> Response:
        return metrics_response(registry)


def create_app(container: Container) -> ASGIApp:
    """The service as an ASGI app: the API behind its cross-cutting middleware.

    Outermost first; each layer sees every request, answers from the cache included.
    - `Observe`: the request id on every answer, the access log, the HTTP metrics
      (`observability.py`). Outermost, so it sees the answers CORS and the cache send.
    - `CORSMiddleware`, when `COUNTRIES_CORS_ORIGINS` is set: preflights answered, and
      the CORS headers on every answer, cached ones included.
    - `AnswerCache`: the dataset routes' answers, sent again while the dataset holds
      (in front of FastAPI: nothing FastAPI does per request has anything to add to them).
    - `RequestGuard`: the admin token before any body is read, bounded bodies read in
      time, relative redirects. Inside the cache, so a cached GET never reaches it (it
      pays nothing); every request with a body passes the cache untouched and meets it.
      `EnteredApp` just outside it marks what the cache did not answer, for the metrics.
    """
    api = create_api(container)
    settings = container.settings()
    guarded = RequestGuard(
        api,
        admin_token=settings.admin_token_bytes,
        max_body_bytes=settings.max_body_bytes,
        body_timeout_seconds=settings.body_timeout_seconds,
    )
    cached = AnswerCache(
        EnteredApp(guarded),
        store=container.coordination.answer_store(),
        version=container.coordination.dataset_version(),
        cacheable=_dataset_route,
    )
    container.metrics()  # its series are exposed, at 0, before anything is counted
    return Observe(
        with_cors(cached, settings.cors_origin_list),
        metrics=HttpMetrics(container.metrics_registry()),
        cacheable=_dataset_route,
    )
