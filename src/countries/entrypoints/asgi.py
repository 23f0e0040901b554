"""The service as an importable ASGI application, for process managers and worker pools.

`countries serve --workers N` starts N uvicorn workers on it; any ASGI server can run it
the same way, e.g. `uvicorn --factory countries.entrypoints.asgi:application` or
`gunicorn -k uvicorn.workers.UvicornWorker 'countries.entrypoints.asgi:application()'`.
Each worker builds its own container from the `COUNTRIES_*` settings; migrate first
(`countries db upgrade`), as `countries serve` does before it starts its workers. Add
`--loop countries.entrypoints.accepting:new_event_loop` to uvicorn for the loop `countries
serve` runs on, which accepts a burst of connections at once (`entrypoints.accepting`).
"""

from __future__ import annotations

import sys

from countries.bootstrap import build_container
from countries.caching.answers import ASGIApp
from countries.config import SettingsError, load_settings
from countries.entrypoints.http.app import create_app
from countries.entrypoints.logs import configure_logging
from countries.entrypoints.process import settle_memory


def application() -> ASGIApp:
    """A new app on the settings of the environment; a bad setting exits with one line."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"countries: invalid setting {error}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings)  # each worker is a process of its own
    app = create_app(build_container(settings))
    settle_memory()
    return app
