"""The app under test in the test's own process: lifespan running, a client over ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

# asgi-lifespan's own bounds are 5 s. Start-up takes 0.1 to 0.3 s here, yet in one CI run
# on a loaded machine (22 minutes, 2026-12-01) 8 start-ups passed 5 s and failed tests
# that had nothing wrong. A start-up or shutdown that hangs still fails, after a minute.
STARTUP_BOUND_SECONDS = 60.0
SHUTDOWN_BOUND_SECONDS = 30.0


@asynccontextmanager
async def started(app: ASGIApp) -> AsyncIterator[httpx2.AsyncClient]:
    """Start `app`'s lifespan and give a client that speaks to it; stop it on the way out."""
    async with (
        LifespanManager(
            app,
            startup_timeout=STARTUP_BOUND_SECONDS,
            shutdown_timeout=SHUTDOWN_BOUND_SECONDS,
        ),
        httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://countries.test"
        ) as client,
    ):
        yield client
