"""The `countries` commands, run on the parsed command line (`cli.main` reads it)."""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from countries.application.errors import ApplicationError
from countries.application.export import ExportCountriesQuery, Workbook
from countries.bootstrap import Container, build_container, start_resources, stop_resources
from countries.config import Settings, SettingsError, load_settings, misspelled_settings
from countries.entrypoints.cli import EXPORT_PARAMETERS
from countries.entrypoints.cli_checks import (
    IN_PROCESS_CACHE,
    STANDARD_OUTPUT,
    cannot_listen,
    os_reason,
    refuse,
    unwritable,
)
from countries.entrypoints.exit_codes import FAILED, OK, UNREACHABLE, USAGE, exit_code
from countries.entrypoints.http.schemas.countries import CountryPageParams
from countries.entrypoints.http.schemas.messages import in_words
from countries.entrypoints.logs import configure_logging
from countries.entrypoints.serve import serve

log = logging.getLogger("countries")


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
    await container.countries.seed_if_empty()()


# Codes listed per kind of change; a first sync inserts every country.
_LISTED_CODES = 30


def _codes(kind: str, codes: tuple[str, ...]) -> str | None:
    """`inserted: ARG, BRA …` for a kind of change that has any (the first few codes)."""
    if not codes:
        return None
    more = len(codes) - _LISTED_CODES
    return f"  {kind}: {', '.join(codes[:_LISTED_CODES])}" + (
        f" and {more} more" if more > 0 else ""
    )


async def _sync(container: Container) -> int:
    async with _running(container):
        sync_from_source = container.countries.sync_from_source()
        report = await sync_from_source()
    print(
        f"synced from {report.source}: {len(report.inserted)} inserted, "
        f"{len(report.updated)} updated, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed (data version {report.version})"
    )
    changes = ("inserted", report.inserted), ("updated", report.updated)
    for line in (_codes(kind, codes) for kind, codes in (*changes, ("removed", report.removed))):
        if line:
            print(line)
    # The data is there, but the source was not reached: its warning said why, once.
    return exit_code(report.seeded_because) if report.seeded_because else OK


async def _cache_clear(container: Container) -> int:
    if container.settings().cache_backend == "memory":
        print(IN_PROCESS_CACHE)
        return OK
    async with _running(container):
        invalidate_cache = container.countries.invalidate_cache()
        dropped = await invalidate_cache()
    print(f"dropped {dropped} cached upstream payload(s) from Redis; the next sync goes upstream")
    return 0


def _export_query(args: argparse.Namespace) -> ExportCountriesQuery:
    """The export's options by the rules of `GET /countries/export` (else a ValidationError)."""
    given = {
        name: getattr(args, name) for name in EXPORT_PARAMETERS if getattr(args, name) is not None
    }
    return CountryPageParams.model_validate(given).to_export_query()


def _invalid_options(error: ValidationError) -> str:
    """One line naming each bad option and what is wrong with it."""
    worded = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        worded.append(f"invalid --{name.replace('_', '-')}: {in_words(name, item)}")
    return "; ".join(worded)


async def _export(container: Container, query: ExportCountriesQuery, output: str) -> int:
    async with _running(container):
        await _seed_if_empty(container)
        export_excel = container.countries.export_excel()
        workbook = await export_excel(query)
    if output == STANDARD_OUTPUT:  # the workbook is the output: what is said goes to stderr
        return _to_standard_output(workbook)
    try:
        await asyncio.to_thread(Path(output).write_bytes, workbook.content)
    except OSError as error:
        print(f"countries: cannot write {output}: {os_reason(error)}", file=sys.stderr)
        return USAGE
    print(f"wrote {workbook.rows} countries to {output}")
    return 0


def _to_standard_output(workbook: Workbook) -> int:
    try:
        sys.stdout.buffer.write(workbook.content)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped (`| head`): nothing more to say to it
        # Python flushes stdout again at exit: to a closed pipe, that is one more error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("countries: the reader of standard output closed it early", file=sys.stderr)
        return FAILED
    print(f"wrote {workbook.rows} countries to standard output", file=sys.stderr)
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
    if not run.failed:
        return OK
    # Only the mail server out of reach for every one of them is "try again later".
    return UNREACHABLE if all(f.mail_server_unavailable for f in run.failed) else FAILED


async def _db_upgrade(container: Container) -> int:
    if container.settings().storage_backend == "memory":
        print("nothing to migrate: memory:// keeps its data in each server's process, not here")
        return OK
    applied = await container.storage.migrate_database()(container.settings().database_url)
    if applied:
        print(f"applied migrations {', '.join(applied)}; the database is up to date")
    else:
        print("nothing to apply: the database is up to date")
    return OK


def _run(command: Callable[[Container], Coroutine[Any, Any, int]], container: Container) -> int:
    try:
        return asyncio.run(command(container))
    except ApplicationError as error:
        print(f"countries: {error}", file=sys.stderr)
        return exit_code(error)


def _one_store_per_worker(settings: Settings, workers: int) -> str | None:
    """Why `workers` cannot serve these settings: each would keep its own `memory://` data."""
    if workers > 1 and settings.storage_backend == "memory":
        return (
            f"{workers} workers cannot share {settings.database_url}: each would keep its "
            "own data (use one worker, or a SQLite or PostgreSQL database)"
        )
    return None


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run the command `args` names; returns the process exit code."""
    try:
        settings = settings or load_settings()
    except SettingsError as error:
        return refuse(f"invalid setting {error}")
    configure_logging(settings, serving=args.command == "serve")
    for given, meant in misspelled_settings():
        log.warning("%s is not a setting (did you mean %s?); it is ignored", given, meant)
    container = build_container(settings)
    if args.command == "serve":
        host, port = args.host or settings.host, args.port or settings.port
        workers = args.workers or settings.workers
        refusal = _one_store_per_worker(settings, workers) or cannot_listen(host, port)
        # serve() resumes the collector once its app is built (cli.main paused it).
        return refuse(refusal) if refusal else serve(container, host, port, workers)
    gc.enable()  # the other commands run collected, as ever
    if args.command == "db":
        return _run(_db_upgrade, container)
    if args.command == "export":
        try:
            query = _export_query(args)
        except ValidationError as error:
            # As argparse does for a usage error: exit code 2, one line on stderr.
            return refuse(_invalid_options(error))
        if refusal := unwritable(args.output):
            return refuse(refusal)
        return _run(functools.partial(_export, query=query, output=args.output), container)
    if args.command == "report":
        return _run(_report_send, container)
    if args.command == "cache":
        return _run(_cache_clear, container)
    return _run(_sync, container)
