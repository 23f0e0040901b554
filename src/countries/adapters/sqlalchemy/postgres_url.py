"""A PostgreSQL URL's parameters, as asyncpg takes them.

A URL copied from psql or another tool's settings carries libpq's parameters
(`?sslmode=require`, `?application_name=…`); SQLAlchemy hands each to asyncpg's
`connect()` as a keyword, and one asyncpg does not know failed at the first connection
with a TypeError and a traceback. Here each is translated, or refused when the settings
are read, in one line naming it.
"""

from __future__ import annotations

from sqlalchemy.engine import URL

# libpq's name of a parameter asyncpg takes under another name.
_LIBPQ_NAMES = {"sslmode": "ssl"}
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# What a URL may carry: asyncpg's connection parameters that read a string; libpq's
# application_name, which asyncpg takes as a server setting (create_engine moves it there);
# SQLAlchemy's prepared_statement_cache_size (0 behind PgBouncer's transaction pooling).
# `host` (a socket directory, or several hosts) may come more than once, as libpq allows.
_TAKEN = (
    *("ssl", "application_name", "target_session_attrs", "krbsrvname", "gsslib"),
    *("prepared_statement_cache_size", "host", "port"),
)
_REPEATABLE = ("host", "port")
# Set by the service itself from its own setting, so never from the URL.
_TIMEOUTS = ("connect_timeout", "timeout", "command_timeout")


def asyncpg_parameters(url: URL) -> URL:
    """`url` with libpq's parameter names in asyncpg's (`sslmode` is `ssl`)."""
    if not any(name in _LIBPQ_NAMES for name in url.query):
        return url
    return url.set(query={_LIBPQ_NAMES.get(name, name): v for name, v in url.query.items()})


def refusal_of_parameters(url: URL) -> str | None:
    """Why a parameter of this PostgreSQL URL cannot be used, or None when all can."""
    for name, value in asyncpg_parameters(url).query.items():
        if name in _TIMEOUTS:
            return f"the parameter {name!r} is set by COUNTRIES_DATABASE_TIMEOUT_SECONDS instead"
        if name not in _TAKEN:
            taken = ", ".join(("sslmode", *_TAKEN))
            return f"the parameter {name!r} is not one this service passes on (it takes {taken})"
        if not isinstance(value, str) and name not in _REPEATABLE:
            return f"the parameter {name!r} is given more than once"
        if name == "ssl" and value not in SSL_MODES:
            return f"sslmode must be one of {', '.join(SSL_MODES)}, not {value!r}"
    return None
