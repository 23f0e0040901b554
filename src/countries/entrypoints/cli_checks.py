"""Checks the `countries` command makes before any work: each failure is one line to fix."""

from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

from countries.entrypoints.exit_codes import USAGE

# Without Redis each server keeps its payloads in its own memory, which a command cannot
# reach (docs/architecture.md, "Where each cache lives, and who drops it").
IN_PROCESS_CACHE = (
    "nothing to clear here: without COUNTRIES_REDIS_URL the cache belongs to the running "
    "server's process; clear it there with POST /admin/cache/invalidate (admin token), "
    "or restart it"
)


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 1..65535."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ValueError(text)
    return port


port_number.__name__ = "port (1..65535)"  # what argparse names in its error line


def worker_count(text: str) -> int:
    """An argparse type: how many worker processes, 1..64."""
    workers = int(text) if text.isdigit() else 0
    if not 1 <= workers <= 64:
        raise ValueError(text)
    return workers


worker_count.__name__ = "number of workers (1..64)"


def cannot_listen(host: str, port: int) -> str | None:
    """Why `serve` could not listen on host:port, in words; None when it can.

    Checked before migrating and starting, so a typo is one line and exit 2, not a
    server that logs it started (uvicorn resolves and binds only once it runs).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as error:
        return f"cannot listen on {host!r} (--host or COUNTRIES_HOST): {_reason(error)}"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as error:
            where = f"{host}:{port} (--host/--port or COUNTRIES_HOST/COUNTRIES_PORT)"
            return f"cannot listen on {where}: {_reason(error)}"
    return None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno == errno.EADDRINUSE:
        return "the address is already in use (is another server running?)"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


STANDARD_OUTPUT = "-"  # `-o -`: the workbook to standard output, for a pipe


def unwritable(output: str) -> str | None:
    """Why `output` cannot be written, checked before any work is done; None when it can."""
    if not output.strip():
        return "-o names no file: give the workbook's path, e.g. -o countries.xlsx"
    if output == STANDARD_OUTPUT:
        if getattr(sys.stdout, "buffer", None) is None:
            return "-o - writes the workbook to standard output, which takes no bytes here"
        if sys.stdout.isatty():
            return "-o - writes the workbook to standard output, a terminal here: redirect it"
        return None
    folder = Path(output).parent
    if not folder.is_dir():
        return f"cannot write {output}: the directory {folder} does not exist"
    if Path(output).is_dir():
        return f"cannot write {output}: it is a directory"
    return None


def refuse(reason: str) -> int:
    """A usage error, a setting or a path to fix: one line, exit 2, as argparse does."""
    print(f"countries: {reason}", file=sys.stderr)
    return USAGE
