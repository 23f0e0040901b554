"""The `countries` command line: the same use cases as the HTTP API, one command each.

This module reads the command line; `cli_commands` runs the commands. It imports what the
commands need (FastAPI, SQLAlchemy, pydantic, ...), so it is imported only once `main` has
paused the garbage collector.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING

from countries.domain.query import SortField, SortOrder
from countries.entrypoints.cli_checks import port_number, worker_count
from countries.entrypoints.exit_codes import EPILOG

if TYPE_CHECKING:
    from countries.config import Settings


# The export's other filters, as GET /countries/export names its parameters (README).
_EXPORT_FILTERS = {
    "currency": "an ISO 4217 code, or part of a currency's name",
    "language": "an ISO 639-3 code, or part of a language's name",
    "codes": "comma-separated codes of any kind (alpha-2, alpha-3, numeric, IOC)",
    "independent": "true or false",
    "un_member": "true or false",
    "landlocked": "true or false",
    "borders": "a country's code: its neighbours",
    "full_name": "the exact common or official name",
}
# Its options that choose no countries, each labelled for what it does choose. Taken as
# text and checked as the API checks its parameters, so a refusal reads the same.
_EXPORT_SHAPE = {
    "fields": "columns: comma-separated Country fields, in that order",
    "limit": "page: at most this many rows, 1..500 (every match when absent)",
    "offset": "page: matches to skip before the first row (0 when absent)",
}
EXPORT_PARAMETERS = (
    *("name", "capital", "continent", "q", "region", "subregion", "demonym"),
    *_EXPORT_FILTERS,
    *_EXPORT_SHAPE,
    *("sort", "order"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="countries",
        description="The countries of the world, synced from REST Countries.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the API (migrates the database first)")
    # No defaults here: COUNTRIES_HOST and COUNTRIES_PORT are, once the settings are read.
    serve.add_argument("--host", help="address to listen on (COUNTRIES_HOST, else 127.0.0.1)")
    serve.add_argument(
        "--port", type=port_number, help="port to listen on, 1..65535 (COUNTRIES_PORT, else 8000)"
    )
    serve.add_argument(
        "--workers", type=worker_count, help="worker processes (COUNTRIES_WORKERS, else 1)"
    )

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply database migrations")

    commands.add_parser("sync", help="sync from the source once and print what changed")

    export = commands.add_parser(
        "export", help="write the filtered, sorted list as an .xlsx workbook (as the API exports)"
    )
    for name in ("name", "capital", "continent", "q", "region", "subregion", "demonym"):
        export.add_argument(f"--{name}", help=f"filter: {name} (case- and accent-insensitive)")
    for name, meaning in _EXPORT_FILTERS.items():
        export.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"filter: {meaning}")
    for name, meaning in _EXPORT_SHAPE.items():
        export.add_argument(f"--{name}", help=meaning)
    export.add_argument("--sort", choices=[f.value for f in SortField], default="name")
    export.add_argument("--order", choices=[o.value for o in SortOrder], default="asc")
    export.add_argument(
        "-o", "--output", required=True, help="the .xlsx file to write (- for standard output)"
    )

    report = commands.add_parser("report", help="the daily report by mail")
    report_commands = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    report_commands.add_parser("send", help="send today's report now (once per subscriber a day)")

    cache = commands.add_parser("cache", help="the cache of upstream payloads")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    cache_commands.add_parser(
        "clear", help="drop cached upstream payloads (in Redis; else the server's own: see README)"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, settings: Settings | None = None) -> int:
    """Run one command; returns the process exit code."""
    args = _parser().parse_args(argv)
    # Setting up makes a hundred thousand objects that live as long as the process
    # (modules, models, routes): the collector's passes over them while they are made
    # free next to nothing and cost about a tenth of `countries serve`'s start-up. It is
    # paused until the command is set up: `serve` resumes it once its app is built and
    # frozen (entrypoints/serve.py), the other commands before they run.
    enabled = gc.isenabled()
    gc.disable()
    try:
        # Deferred: what the commands import is imported with the collector paused.
        from countries.entrypoints.cli_commands import run

        return run(args, settings)
    finally:
        if enabled:
            gc.enable()
