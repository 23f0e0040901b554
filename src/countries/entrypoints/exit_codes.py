"""The `countries` command's exit codes: one per kind of failure, so a script can tell them apart."""

from __future__ import annotations

from countries.application.errors import (
    ApplicationError,
    CacheUnavailable,
    Conflict,
    MailNotConfigured,
    MailServerUnavailable,
    SourceNotConfigured,
    SourceRefused,
    SourceUnavailable,
    StorageRefused,
    StorageUnavailable,
)

OK = 0
FAILED = 1  # the operation ran and failed (a payload refused, a report refused)
USAGE = 2  # bad usage, or a setting or path to fix: trying again will not help (argparse's code)
UNREACHABLE = 3  # a part is unreachable (database, Redis, source, mail server): try again later
BUSY = 4  # another sync is running: try again when it has finished

EPILOG = """\
exit codes:
  0  done
  1  the operation failed (the source sent data that was refused, a report was refused)
  2  bad usage, or a setting or path to fix (the line names it)
  3  a part is unreachable: the database, Redis, the source, the mail server; try again later
  4  another sync is running; try again when it has finished

settings are COUNTRIES_* environment variables (or a .env file); see README.md.
"""

_BY_KIND: tuple[tuple[type[ApplicationError], int], ...] = (
    (StorageRefused, USAGE),
    (SourceNotConfigured, USAGE),
    (SourceRefused, USAGE),
    (MailNotConfigured, USAGE),
    (StorageUnavailable, UNREACHABLE),
    (CacheUnavailable, UNREACHABLE),
    (SourceUnavailable, UNREACHABLE),
    (MailServerUnavailable, UNREACHABLE),
    (Conflict, BUSY),
)


def exit_code(error: ApplicationError) -> int:
    """The exit code that tells a script what kind of failure `error` is."""
    for kind, code in _BY_KIND:
        if isinstance(error, kind):
            return code
    return FAILED
