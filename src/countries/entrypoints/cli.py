"""The `countries` command line: the same use cases as the HTTP API, one command each."""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import logging
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from countries.application.errors import ApplicationError
from countries.application.export import ExportCountriesQuery
from countries.bootstrap import Container, build_container, start_resources, stop_resources
from countries.config import Settings, SettingsError, load_settings
from countries.domain.query import SortField, SortOrder
from countries.entrypoints.http.schemas.countries import CountryListParams

log = logging.getLogger("countries")


# The export's other options, as GET /countries/export names its parameters (README).
_EXPORT_OPTIONS = {
    "currency": "an ISO 4217 code, or part of a currency's name",
    "language": "an ISO 639-3 code, or part of a language's name",
    "codes": "comma-separated codes of any kind (alpha-2, alpha-3, numeric, IOC)",
    "independent": "true or false",
    "un_member": "true or false",
    "landlocked": "true or false",
    "borders": "a country's code: its neighbours",
    "full_name": "the exact common or official name",
    "fields": "comma-separated Country fields: the workbook's columns",
}
_EXPORT_PARAMETERS = (
    *("name", "capital", "continent", "q", "region", "subregion", "demonym"),
    *_EXPORT_OPTIONS,
    *("sort", "order"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="countries", description="The countries of the world, synced from REST Countries."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the API (migrates the database first)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply database migrations")

    commands.add_parser("sync", help="sync from the source once and print what changed")

    export = commands.add_parser(
        "export", help="write the filtered, sorted list as an .xlsx workbook (as the API exports)"
    )
    for name in ("name", "capital", "continent", "q", "region", "subregion", "demonym"):
        export.add_argument(f"--{name}", help=f"filter: {name} (case- and accent-insensitive)")
    for name, meaning in _EXPORT_OPTIONS.items():
        export.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"filter: {meaning}")
    export.add_argument("--sort", choices=[f.value for f in SortField], default="name")
    export.add_argument("--order", choices=[o.value for o in SortOrder], default="asc")
    export.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    report = commands.add_parser("report", help="the daily report by mail")
    report_commands = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    report_commands.add_parser("send", help="send today's report now (once per subscriber a day)")

    cache = commands.add_parser("cache", help="the cache of upstream payloads")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    cache_commands.add_parser("clear", help="drop cached upstream payloads")
    return parser


@asynccontextmanager
async def _running(container: Container) -> AsyncIterator[Container]:
    """The container with its resources started, on a migrated database."""
    await container.storage.migrate_database()(container.settings().database_url)
    await start_resources(container)
    try:
        yield container
    finally:
        await stop_resources(container)


async def _seed_if_empty(container: Container) -> None:
    """As `serve` does: an empty database serves the bundled snapshot."""
    seed_if_empty = container.countries.seed_if_empty()
    await seed_if_empty()


async def _sync(container: Container) -> int:
    async with _running(container):
        sync_from_source = container.countries.sync_from_source()
        report = await sync_from_source()
    print(
        f"synced from {report.source}: {len(report.inserted)} inserted, "
        f"{len(report.updated)} updated, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed (data version {report.version})"
    )
    return 0


async def _cache_clear(container: Container) -> int:
    async with _running(container):
        invalidate_cache = container.countries.invalidate_cache()
        dropped = await invalidate_cache()
    print(f"dropped {dropped} cached upstream payload(s); the next sync goes upstream")
    return 0


def _export_query(args: argparse.Namespace) -> ExportCountriesQuery:
    """The export's filters and sort, by the rules of `GET /countries/export`.

    Raises pydantic's ValidationError for a filter the API would answer with a 422.
    """
    given = {
        name: getattr(args, name) for name in _EXPORT_PARAMETERS if getattr(args, name) is not None
    }
    params = CountryListParams.model_validate(given)
    return ExportCountriesQuery(
        filter=params.to_filter(), sort=params.to_sort(), columns=params.field_names()
    )


def _invalid_options(error: ValidationError) -> str:
    """One line naming each bad option and what is wrong with it."""
    return "; ".join(
        f"invalid --{'.'.join(str(part) for part in item['loc']).replace('_', '-')}: {item['msg']}"
        for item in error.errors()
    )


async def _export(container: Container, query: ExportCountriesQuery, output: str) -> int:
    async with _running(container):
        await _seed_if_empty(container)
        export_excel = container.countries.export_excel()
        workbook = await export_excel(query)
    await asyncio.to_thread(Path(output).write_bytes, workbook.content)
    print(f"wrote {workbook.rows} countries to {output}")
    return 0


async def _report_send(container: Container) -> int:
    async with _running(container):
        await _seed_if_empty(container)
        send_daily_report = container.reports.send_daily_report()
        run = await send_daily_report()
    print(
        f"report of {run.day.isoformat()}: {len(run.sent)} sent, {run.skipped} already sent, "
        f"{len(run.failed)} failed"
    )
    for failure in run.failed:
        print(f"  {failure.email}: {failure.error}", file=sys.stderr)
    return 1 if run.failed else 0


async def _db_upgrade(container: Container) -> int:
    await container.storage.migrate_database()(container.settings().database_url)
    print("database is up to date")
    return 0


def _serve(container: Container, host: str, port: int) -> int:
    import uvicorn

    from countries.entrypoints.http.app import create_app
    from countries.entrypoints.http.protocol import ProblemHttpToolsProtocol

    try:
        asyncio.run(container.storage.migrate_database()(container.settings().database_url))
    except ApplicationError as error:  # the database cannot be reached: one line, as `_run`
        print(f"countries: {error}", file=sys.stderr)
        return 1
    app = create_app(container)
    # What is imported and built by now lives as long as the process: keep it out of the
    # garbage collector's full passes, which otherwise walk it all every few exports or
    # syncs (about 80 ms each on the benchmark's machine; docs/performance.md).
    gc.freeze()
    # Every timeout uvicorn offers against clients that hold connections: an idle
    # keep-alive connection closes after 5 s, and a shutdown waits for open requests 10 s
    # at most. Reading headers has no timeout in uvicorn, and a body's is the app's
    # (COUNTRIES_BODY_TIMEOUT_SECONDS): README.md, "Behind a reverse proxy". A request
    # the parser refuses (an overlong URL) is answered as a problem, as every error is.
    uvicorn.run(
        app,
        http=ProblemHttpToolsProtocol,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=10,
    )
    return 0


def _run(command: Callable[[Container], Coroutine[Any, Any, int]], container: Container) -> int:
    try:
        return asyncio.run(command(container))
    except ApplicationError as error:
        print(f"countries: {error}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = settings or load_settings()
    except SettingsError as error:
        print(f"countries: invalid setting {error}", file=sys.stderr)
        return 2
    container = build_container(settings)
    if args.command == "serve":
        return _serve(container, args.host, args.port)
    if args.command == "db":
        return _run(_db_upgrade, container)
    if args.command == "export":
        try:
            query = _export_query(args)
        except ValidationError as error:
            # As argparse does for a usage error: exit code 2, one line on stderr.
            print(f"countries: {_invalid_options(error)}", file=sys.stderr)
            return 2
        return _run(functools.partial(_export, query=query, output=args.output), container)
    if args.command == "report":
        return _run(_report_send, container)
    if args.command == "cache":
        return _run(_cache_clear, container)
    return _run(_sync, container)
