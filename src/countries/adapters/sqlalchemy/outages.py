"""A database that cannot be reached: driver errors become `StorageUnavailable`, logged once.

The one place that knows which driver errors mean "the database is not there" (refused
or cut connections, timeouts, a server shutting down), and that logs an outage once when
it begins (WARNING, one line) and once when it ends (INFO), not once per request: the
entrypoints answer `StorageUnavailable` as a 503 without logging it (docs/architecture.md:
errors raised as `application.errors` are mapped once in `problems.py`).

Every SQL adapter on one engine shares one `StorageGuard` (`guard_of(engine)`), so an
outage is one story in the log whichever request, reader or feed met it first.
"""

from __future__ import annotations

import logging
import sys
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from countries.adapters.failures import summary
from countries.application.errors import StorageUnavailable

log = logging.getLogger(__name__)

# SQLAlchemy's errors that mean the connection, not the statement, failed (the pool's
# timeout included). Not its InterfaceError: asyncpg reports a bad query argument as one.
_LOST = (sa_exc.OperationalError, sa_exc.DisconnectionError, sa_exc.TimeoutError)
_NOT_ACCEPTING_CONNECTIONS = "55000"  # object_not_in_prerequisite_state, as PostgreSQL says it


class Outage:
    """One kind of failure, logged when it begins and when it ends: not on every attempt."""

    def __init__(self, logger: logging.Logger, failing: str, recovered: str) -> None:
        self._log = logger
        self._failing = failing
        self._recovered = recovered
        self._on = False

    @property
    def on(self) -> bool:
        """Whether the failure is going on (the last attempt failed)."""
        return self._on

    def began(self, error: BaseException) -> None:
        """Report a failed attempt: one WARNING line with the error, the first time only."""
        if not self._on:
            self._log.warning("%s: %s", self._failing, summary(error))
        self._on = True

    def ended(self) -> None:
        """Report a successful attempt: one INFO line if a failure was going on."""
        if self._on:
            self._log.info(self._recovered)
        self._on = False


def unreachable(error: BaseException, *, connecting: bool = True) -> bool:
    """Whether `error` says the database cannot be reached, rather than a statement failing.

    `connecting`: the error came from opening or ending a transaction, where a bare
    `OSError` or `TimeoutError` can only be the connection's; inside a transaction's block,
    where other code runs too, only the driver's own errors count (its statement timeout
    among them).
    """
    for link in _chain(error):
        if connecting and isinstance(link, OSError | TimeoutError):
            return True
        if isinstance(link, _LOST):
            return True
        if isinstance(link, sa_exc.DBAPIError) and link.connection_invalidated:
            return True
        if _asyncpg_lost(link, connecting=connecting) or _asyncpg_timeout(link):
            return True
    return False


def _chain(error: BaseException) -> list[BaseException]:
    """`error`, the driver error SQLAlchemy wrapped, and their causes (no cycles)."""
    found: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in found and len(found) < 8:
        found.append(link)
        wrapped = getattr(link, "orig", None)
        link = wrapped if isinstance(wrapped, BaseException) else link.__cause__
    return found


def _asyncpg_lost(error: BaseException, *, connecting: bool) -> bool:
    # Only when asyncpg is loaded: a SQLite server never imports it, and none of its
    # errors can exist before it is.
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is None:
        return False
    lost = (
        asyncpg.PostgresConnectionError,  # class 08, and a connection that vanished
        asyncpg.exceptions.OperatorInterventionError,  # class 57: shutting down, starting up
        asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections
    )
    # 55000 itself on connecting: the database takes no connections for now
    # (`ALLOW_CONNECTIONS false`, for maintenance). Raised by a statement, the same code is
    # that statement's; its subclasses (55P03, a lock not available) are statements' too.
    refused = connecting and getattr(error, "sqlstate", None) == _NOT_ACCEPTING_CONNECTIONS
    return refused or isinstance(error, lost)


def _asyncpg_timeout(error: BaseException) -> bool:
    """Whether `error` is asyncpg's statement timeout (`command_timeout`).

    asyncpg raises a bare `TimeoutError`, which SQLAlchemy passes on unwrapped: only
    where it was raised tells it from any other timeout.
    """
    if not isinstance(error, TimeoutError):
        return False
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_globals.get("__name__", "").startswith("asyncpg."):
            return True
        frame = frame.tb_next
    return False


class StorageGuard:
    """Turns the errors of an unreachable database into `StorageUnavailable`, logged once."""

    def __init__(self) -> None:
        self._outage = Outage(
            log,
            "the database cannot be reached; answering 503 until it is back",
            "the database answers again",
        )

    @property
    def failing(self) -> bool:
        """Whether the last attempt to reach the database failed."""
        return self._outage.on

    @asynccontextmanager
    async def guarding(self, *, connecting: bool = True) -> AsyncIterator[None]:
        """Run a block against the database; see `unreachable` for `connecting`."""
        try:
            yield
        except Exception as error:
            self.raise_if_unreachable(error, connecting=connecting)
            raise
        self.answered()

    def raise_if_unreachable(self, error: BaseException, *, connecting: bool = True) -> None:
        """Raise `StorageUnavailable` from `error` if it says the database is not there."""
        if isinstance(error, StorageUnavailable):
            return  # already told, by a guard deeper in
        if unreachable(error, connecting=connecting):
            self._outage.began(error)
            raise StorageUnavailable from error

    def answered(self) -> None:
        """The database answered: an outage going on has ended."""
        self._outage.ended()


_GUARDS: weakref.WeakKeyDictionary[Engine, StorageGuard] = weakref.WeakKeyDictionary()


def guard_of(engine: AsyncEngine) -> StorageGuard:
    """The one guard of every adapter on `engine` (so an outage is logged once, not per adapter)."""
    guard = _GUARDS.get(engine.sync_engine)
    if guard is None:
        guard = _GUARDS[engine.sync_engine] = StorageGuard()
    return guard
