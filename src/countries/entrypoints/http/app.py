"""The FastAPI entrypoint: `create_app(container)`, with nothing global at import."""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import Receive, Scope, Send

from countries.bootstrap import Container, start_resources, stop_resources
from countries.entrypoints.http import deps, routers
from countries.entrypoints.http.docs import install_docs
from countries.entrypoints.http.problems import install_problem_handlers
from countries.entrypoints.http.responses import (
    KeptAnswers,
    ReplayCachedReads,
)
from countries.entrypoints.http.routers import activities, admin, countries, health
from countries.entrypoints.scheduler import DailyTask, LongRunningTask, PeriodicTask

log = logging.getLogger(__name__)

DESCRIPTION = """
The countries of the world, synced from [REST Countries](https://restcountries.com)
into a relational database. Search is case- and accent-insensitive and matches
translations (`Alemania` finds Germany). Errors are `application/problem+json`.
"""


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _daily_reports(container: Container) -> DailyTask | None:
    """The daily report loop, started; None (said once in the log) without a mail server."""
    settings = container.settings()
    if not settings.smtp_host:
        log.info("daily reports are not sent: COUNTRIES_SMTP_HOST is not set")
        return None

    async def send(day: date) -> int:
        return len((await container.send_daily_report()(day)).failed)

    task = DailyTask("daily report", send, settings.report_time, settings.zone)
    task.start()
    return task


class _CountriesApi(FastAPI):
    """FastAPI behind a layer that replays read answers before FastAPI sees the request.

    A replayed answer is the bytes FastAPI already sent for the same URL and dataset
    version, so nothing FastAPI does per request (its built-in error, telemetry and
    body-limit layers, routing, validation) has anything to add to it; every other request
    goes through FastAPI.
    """

    _replay: ReplayCachedReads | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._replay is None:  # built at the first call: the state is set after __init__
            self._replay = ReplayCachedReads(
                functools.partial(FastAPI.__call__, self),
                answers=self.state.replay_cache,
                known=self.state.known_version,
                version=self.state.dataset_version,
            )
        await self._replay(scope, receive, send)


def create_app(container: Container) -> FastAPI:
    """The API wired to `container`; its lifespan starts resources, the seed and the schedule."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as running:
            await start_resources(container)
            running.push_async_callback(stop_resources, container)  # last out
            try:
                await container.seed_if_empty()()
            except Exception:  # serving an empty list beats not starting
                log.exception("could not seed the empty database from the bundled snapshot")
            follow = LongRunningTask("dataset version", lambda: container.follow_version()())
            follow.start()
            running.push_async_callback(follow.stop)
            interval = container.settings().sync_interval_seconds
            if interval > 0:
                schedule = PeriodicTask("sync", lambda: container.scheduled_sync()(), interval)
                schedule.start()
                running.push_async_callback(schedule.stop)
            reports = _daily_reports(container)
            if reports is not None:
                running.push_async_callback(reports.stop)
            yield

    app = _CountriesApi(
        title="Countries",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.known_version = lambda: container.known_version().get()
    app.state.dataset_version = lambda: container.current_version()()
    app.state.replay_cache = KeptAnswers()
    container.wire(packages=[routers], modules=[deps])
    install_problem_handlers(app)
    install_docs(app)
    for module in (countries, activities, admin, health):
        app.include_router(module.router)
    return app
