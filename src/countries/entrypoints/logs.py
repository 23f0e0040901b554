"""Logging for every command: one handler on the root logger, as text or one JSON object a line.

`configure_logging(settings)` is the one place logging is set up (the CLI calls it before
any command runs; `countries serve` hands uvicorn no config of its own, so its lines come
out here too, in the same format).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson

from countries.config import Settings

# The id of the HTTP request being computed (`http.observability.EnteredApp` sets it): every
# record logged while it runs carries it as `request_id`, so its JSON lines correlate.
request_id_var: ContextVar[str | None] = ContextVar("countries_request_id", default=None)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Libraries that log each routine step at INFO: alembic's "setup plugin" and "Context
# impl" lines at every start, httpx2 a line per request to REST Countries. They speak at
# WARNING and above unless COUNTRIES_LOG_LEVEL=DEBUG asks for everything.
CHATTY_LOGGERS = ("alembic", "httpx2", "httpcore")
# The outage warnings speak of serving (answering 503, serving without Redis): a one-shot
# command says what an outage cost it on its own line instead.
OUTAGE_LOGGERS = ("countries.adapters.sqlalchemy.outages", "countries.adapters.redis_store.outage")

# The attributes every LogRecord has: anything else on a record came from `extra=` and
# is one of the fields a JSON line carries (the access log's method, path, status …).
# uvicorn's own `extra`, its message again with terminal colour codes, is none of them.
_RECORD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: timestamp, level, logger, message, then its extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def _with_request_id(record: logging.LogRecord) -> bool:
    request_id = request_id_var.get()
    if request_id is not None and not hasattr(record, "request_id"):
        record.request_id = request_id
    return True


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is when a record is emitted (as tests replace it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(settings: Settings, *, serving: bool = True) -> None:
    """Route every logger to stderr at `COUNTRIES_LOG_LEVEL`, in `COUNTRIES_LOG_FORMAT`.

    The server logs its story; a one-shot command (`serving=False`) prints its outcome once,
    so its log starts at WARNING (below that it would repeat what the command prints), and
    the outage warnings, which speak of serving, are left to its own line.
    Calling it again replaces the handler it installed before, and leaves any other
    handler (a test runner's) alone.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.addFilter(_with_request_id)
    handler.setFormatter(
        JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    root.addHandler(handler)
    level = logging.getLevelName(settings.log_level)
    if not serving:
        level = max(level, logging.WARNING)
    root.setLevel(level)
    _set_outage_levels([logging.NOTSET if serving else logging.ERROR] * len(OUTAGE_LOGGERS))
    quiet = logging.WARNING if logging.DEBUG < level < logging.WARNING else logging.NOTSET
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(quiet)


@contextmanager
def outages_told_by_the_command() -> Iterator[None]:
    """While a step's failure is the command's own line (`serve` migrating before it
    serves), the outage warnings, which speak of serving, stay quiet."""
    levels = _set_outage_levels([logging.ERROR] * len(OUTAGE_LOGGERS))
    try:
        yield
    finally:
        _set_outage_levels(levels)


def _set_outage_levels(levels: list[int]) -> list[int]:
    """Set each of OUTAGE_LOGGERS to its level of `levels`; the levels they had."""
    loggers = [logging.getLogger(name) for name in OUTAGE_LOGGERS]
    before = [logger.level for logger in loggers]
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    return before
