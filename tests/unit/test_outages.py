"""Which errors mean "the database is not there", and an outage logged once, not per attempt."""

from __future__ import annotations

import itertools
import logging

import asyncpg
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import exc as sa_exc

from countries.adapters.failures import summary_of_cause
from countries.adapters.sqlalchemy.outages import Outage, StorageGuard, unreachable
from countries.application.errors import StorageUnavailable

LOST = [
    ConnectionRefusedError(111, "Connect call failed"),
    TimeoutError(),
    sa_exc.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
    sa_exc.DBAPIError("SELECT 1", {}, Exception("closed"), connection_invalidated=True),
    sa_exc.TimeoutError("QueuePool limit reached"),
]
STATEMENT_FAILED = [
    sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")),
    sa_exc.ProgrammingError("SELECT", {}, Exception("syntax error")),
    sa_exc.InterfaceError("SELECT", {}, Exception("invalid input for query argument")),
    ValueError("not a database error"),
]


@pytest.mark.parametrize("error", LOST, ids=lambda e: type(e).__name__)
def test_a_lost_connection_is_unreachable(error: Exception) -> None:
    assert unreachable(error)


@pytest.mark.parametrize("error", STATEMENT_FAILED, ids=lambda e: type(e).__name__)
def test_a_failing_statement_is_not_an_outage(error: Exception) -> None:
    assert not unreachable(error)


def test_a_database_refusing_connections_is_unreachable_only_when_connecting() -> None:
    """SQLSTATE 55000 when connecting: `ALLOW_CONNECTIONS false`; in a statement, its own."""
    refused = asyncpg.exceptions.ObjectNotInPrerequisiteStateError(
        'database "countries" is not currently accepting connections'
    )
    assert unreachable(refused, connecting=True)
    assert not unreachable(refused, connecting=False)
    # A statement's lock not available (55P03) is a class-55 error too, and no outage.
    lock = asyncpg.exceptions.LockNotAvailableError("could not obtain lock on row")
    assert not unreachable(lock, connecting=True)


def test_inside_a_block_only_the_drivers_errors_count() -> None:
    assert not unreachable(OSError("a file the block read"), connecting=False)
    wrapped = sa_exc.DBAPIError("SELECT 1", {}, ConnectionResetError(), connection_invalidated=True)
    assert unreachable(wrapped, connecting=False)


async def test_the_guard_raises_storage_unavailable_and_passes_other_errors() -> None:
    guard = StorageGuard()
    with pytest.raises(StorageUnavailable):
        async with guard.guarding():
            raise ConnectionRefusedError(111, "refused")
    with pytest.raises(ValueError, match="a bug"):
        async with guard.guarding():
            raise ValueError("a bug, not an outage")


@given(st.lists(st.booleans(), max_size=60))
def test_an_outage_is_logged_when_it_begins_and_when_it_ends(attempts: list[bool]) -> None:
    """`attempts`: True for an attempt that reached the database, False for one that did not."""
    logger = logging.getLogger("tests.outage")
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.levelname)

    handler = Collect()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        outage = Outage(logger, "down", "up")
        for answered in attempts:
            if answered:
                outage.ended()
            else:
                outage.began(ConnectionRefusedError(111, "refused"))
    finally:
        logger.removeHandler(handler)
    states = [True, *attempts]  # the database is taken to answer at first
    began = sum(1 for was, now in itertools.pairwise(states) if was and not now)
    ended = sum(1 for was, now in itertools.pairwise(states) if not was and now)
    assert seen.count("WARNING") == began
    assert seen.count("INFO") == ended
    assert len(seen) == began + ended


def _wrapped_refusal() -> None:
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except OSError as refused:
        raise OSError("All connection attempts failed") from refused


def _said_on_its_own() -> None:
    try:
        raise KeyError("unrelated")
    except KeyError:
        raise ValueError("said on its own") from None


def _carried_from_none() -> None:
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except OSError as refused:
        raise ConnectionError(refused) from None  # as httpcore wraps the OSError it met


def test_a_cause_is_read_from_the_root_of_the_chain_not_through_from_none() -> None:
    with pytest.raises(ConnectionError, match="Connection refused") as carried:
        _carried_from_none()
    assert summary_of_cause(carried.value).endswith(
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )
    with pytest.raises(OSError, match="All connection attempts failed") as wrapped:
        _wrapped_refusal()
    assert summary_of_cause(wrapped.value) == (
        "OSError: ConnectionRefusedError: [Errno 111] Connection refused"
    )
    with pytest.raises(ValueError, match="said on its own") as alone:
        _said_on_its_own()
    assert summary_of_cause(alone.value) == "ValueError: said on its own"
