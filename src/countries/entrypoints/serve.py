"""`countries serve`: migrate once, then run the API under uvicorn, in one or more workers."""

from __future__ import annotations

import asyncio
import gc
import sys

from countries.application.errors import ApplicationError
from countries.bootstrap import Container
from countries.caching.answers import ASGIApp
from countries.entrypoints.accepting import UVICORN_LOOP
from countries.entrypoints.exit_codes import exit_code
from countries.entrypoints.logs import outages_told_by_the_command
from countries.entrypoints.process import settle_memory


def _run_uvicorn(app: ASGIApp | str, host: str, port: int, workers: int | None = None) -> None:
    """uvicorn on `app` (an import string of an app factory when there are workers)."""
    import uvicorn

    from countries.entrypoints.http.protocol import ProblemHttpToolsProtocol

    # Every timeout uvicorn offers against clients that hold connections: an idle
    # keep-alive connection closes after 5 s, and a shutdown waits for open requests 10 s
    # at most. Reading headers has no timeout in uvicorn, and a body's is the app's
    # (COUNTRIES_BODY_TIMEOUT_SECONDS): README.md, "Behind a reverse proxy". A request the
    # parser refuses (an overlong URL) is answered as a problem, as every error is.
    # Logging is configured already: uvicorn adds no handlers or levels of its own, and
    # its access log stays off, the app writing its own (`countries.access`).
    uvicorn.run(
        app,
        factory=workers is not None,
        workers=workers,
        http=ProblemHttpToolsProtocol,
        # uvloop, taking waiting connections in batches rather than one a turn.
        loop=UVICORN_LOOP,
        host=host,
        port=port,
        log_config=None,
        log_level=None,
        access_log=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=10,
    )


def serve(container: Container, host: str, port: int, workers: int) -> int:
    """Migrate the database, then serve until stopped; the process exit code."""
    try:
        with outages_told_by_the_command():  # not yet serving: no "answering 503" warning
            asyncio.run(container.storage.migrate_database()(container.settings().database_url))
    except ApplicationError as error:  # the database cannot be reached: one line
        print(f"countries: {error}", file=sys.stderr)
        return exit_code(error)
    if workers > 1:
        gc.enable()  # paused for the start-up by cli.main
        # Each worker imports the app and builds its own container from the settings: the
        # schedule, the daily report and the caches stay correct across them (README.md).
        _run_uvicorn("countries.entrypoints.asgi:application", host, port, workers)
        return 0
    from countries.entrypoints.http.app import create_app

    app = create_app(container)
    settle_memory()
    _run_uvicorn(app, host, port)
    return 0
