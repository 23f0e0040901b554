"""Rules for setting values that need more than a type: the Redis URL, secrets, the sender.

Each raises ValueError with words for the one-line refusal, and never the value itself
when it may be a secret (a key, a token, a URL with a password).
"""

from __future__ import annotations

import difflib
import inspect
import io
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import email_validator
from dotenv.parser import parse_stream

# The longest duration a setting may name. Without a bound a huge interval or TTL was
# accepted and overflowed later, in the scheduler or the cache, on every attempt.
THIRTY_DAYS = 30 * 24 * 3600

# Redis's default `databases 16`: a higher number fails every command ("DB index is out
# of range"), and redis-py silently reads a path that is not a number as database 0.
_REDIS_DATABASE = re.compile(r"[0-9]|1[0-5]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What an HTTP header value can carry as one token (RFC 9110 VCHAR): httpx cannot send a
# non-ASCII character at all, and a line break or space would split or change the header.
_HEADER_TOKEN = re.compile(r"[\x21-\x7e]+")

# Reserved names (.test, .localhost, …) are accepted: the default sender is
# countries@localhost, and a test or intranet mail server may well deliver them.
# email-validator documents this process-wide list as the way to allow them.
email_validator.SPECIAL_USE_DOMAIN_NAMES.clear()


def redis_url(value: str) -> str:
    """`value` if Redis can use it; ValueError saying why not, never with its password."""
    parts = urlsplit(value)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ValueError("not a Redis URL (try redis://127.0.0.1:6379/0)")
    if _CONTROL.search(unquote(value)):
        raise ValueError("the URL holds a control character")
    try:
        port = parts.port
    except ValueError:  # out of 0..65535, or not a number
        port = 0
    if port == 0:
        raise ValueError("the port must be a number in 1..65535")
    databases = parse_qs(parts.query).get("db", [])
    if parts.scheme != "unix" and parts.path not in ("", "/"):
        databases.append(parts.path.removeprefix("/"))  # a unix:// path is the socket's
    if not all(_REDIS_DATABASE.fullmatch(database) for database in databases):
        raise ValueError(
            "the path or ?db= must give a database number 0..15 (as in redis://host:6379/0)"
        )
    refusal = _redis_parameter_refusal(value)
    if refusal is not None:
        raise ValueError(refusal)
    return value


# What redis-py would take from the URL over the service's own arguments (a URL's
# parameters win there): the timeouts of COUNTRIES_REDIS_TIMEOUT_SECONDS, and answers as
# str, which the cache and the lock (both on bytes) would never match.
_REDIS_SET_HERE = {
    "socket_timeout": "set it with COUNTRIES_REDIS_TIMEOUT_SECONDS",
    "socket_connect_timeout": "set it with COUNTRIES_REDIS_TIMEOUT_SECONDS",
    "retry_on_timeout": "a slow Redis is answered without, not waited for",
    "decode_responses": "the cache and the lock read bytes",
}


def _redis_parameter_refusal(value: str) -> str | None:
    """Why a `?name=value` of this Redis URL cannot be used, or None when all can.

    redis-py hands each parameter to its connection as a keyword: one it does not know
    (`?ssl=true`, `?timeout=5`) failed at the first command, with a TypeError.
    """
    from redis.asyncio.connection import ConnectionPool, parse_url

    try:
        pool = ConnectionPool.from_url(value)
    except ValueError as error:  # redis-py's own reading of a value: "Invalid value for 'x' …"
        return str(error)
    taken = {
        name
        for cls in (*pool.connection_class.__mro__, ConnectionPool)
        if "__init__" in vars(cls)
        for name in inspect.signature(vars(cls)["__init__"]).parameters
    }
    given = set(parse_url(value)) - {"connection_class"}
    if set_here := sorted(given & _REDIS_SET_HERE.keys()):
        return (
            f"the parameter {set_here[0]!r} is the service's own ({_REDIS_SET_HERE[set_here[0]]})"
        )
    unknown = sorted(given - taken)
    if not unknown:
        return None
    tls = " (TLS is the rediss:// scheme)" if "ssl" in unknown else ""
    return f"the parameter {unknown[0]!r} is not one Redis's client takes{tls}"


def trimmed_secret(value: object) -> object:
    """A secret without the whitespace around it; ValueError when that is all it holds."""
    if not isinstance(value, str):
        return value
    # Whitespace around a secret is an artefact of a `.env` or compose file, never part of
    # it: HTTP drops it from a header value, so a client could never send it back.
    trimmed = value.strip()
    if value and not trimmed:
        raise ValueError("is only whitespace (leave it empty to unset it)")
    return trimmed


def header_token(value: object) -> object:
    """A secret sent in an HTTP header: trimmed, then printable ASCII without spaces."""
    trimmed = trimmed_secret(value)
    if isinstance(trimmed, str) and trimmed and not _HEADER_TOKEN.fullmatch(trimmed):
        raise ValueError("must be printable ASCII without spaces: it is sent in an HTTP header")
    return trimmed


def mail_address(value: str) -> str:
    """One e-mail address in ASCII (the mailer does not speak SMTPUTF8); else ValueError.

    The rule for the sender and for every report subscription's address alike.
    """
    try:
        valid = email_validator.validate_email(
            value,
            allow_smtputf8=False,  # the mailer does not speak SMTPUTF8
            allow_quoted_local=True,
            allow_domain_literal=True,
            check_deliverability=False,  # no DNS lookup at start-up
            globally_deliverable=False,
        )
    except email_validator.EmailNotValidError as error:
        raise ValueError(f"not a usable e-mail address: {error}") from None
    # A Unicode domain becomes its IDNA (`xn--`) form, which MAIL FROM and From: can carry.
    return valid.ascii_email or valid.normalized


def env_file_problem(path: Path) -> str | None:
    """Why the settings file `path` cannot be read, if it exists and cannot; else None.

    python-dotenv, under pydantic-settings, fails on a file that is not UTF-8 with a
    traceback, and only warns of a line it cannot parse (without naming the file) before
    going on without it. The line is not echoed: it may hold a secret.
    """
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return f"in {path}: not UTF-8 text (byte {error.start} cannot be read)"
    except OSError as error:
        return f"in {path}: the file cannot be read: {error.strerror or error}"
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            return f"in {path}: line {binding.original.line} is not NAME=value"
    return None


def env_file_names(path: Path) -> list[str]:
    """The names the settings file `path` sets (none when it is absent or unreadable)."""
    if env_file_problem(path) is not None or not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return [b.key for b in parse_stream(io.StringIO(text)) if b.key is not None]


def misspelled(names: Iterable[str], settings: Iterable[str], prefix: str) -> list[tuple[str, str]]:
    """Each of `names` (with `prefix`) that is no setting but close to one, with that setting.

    Only a near miss (`COUNTRIES_DATABSE_URL`, `COUNTRIES_PORTT`), and not a name that ends
    in a whole setting's (`COUNTRIES_TEST_REDIS_URL`): other variables sharing the prefix
    are none of ours to judge.
    """
    known = [setting.upper() for setting in settings]
    found = []
    # Names are read ignoring case, as pydantic-settings reads them (`COUNTRIES_port` is one).
    for name in sorted(n for n in set(names) if n.upper().startswith(prefix.upper())):
        if name.upper() in known:
            continue
        meant = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.85)
        if meant and not name.upper().endswith("_" + meant[0].removeprefix(prefix.upper())):
            found.append((name, meant[0]))
    return found
