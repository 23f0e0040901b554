"""What a lock's value says about its holder, and what a refused sync is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from countries.adapters.lock_holder import LockHolder
from countries.application.errors import SyncInProgress

holders = st.builds(
    LockHolder,
    host=st.text(min_size=1, max_size=64),
    pid=st.integers(min_value=1, max_value=2**22),
    since=st.datetimes(timezones=st.just(UTC)),
    token=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
)


@given(holders)
def test_a_stored_holder_reads_back_as_itself(holder: LockHolder) -> None:
    assert LockHolder.decode(holder.encode()) == holder


@given(st.binary(max_size=200) | st.text(max_size=200))
def test_a_value_of_another_shape_names_no_holder_and_never_fails(raw: bytes | str) -> None:
    decoded = LockHolder.decode(raw)
    assert decoded is None or isinstance(decoded, LockHolder)


def test_an_older_release_token_names_no_holder() -> None:
    assert LockHolder.decode(b"0123456789abcdef0123456789abcdef") is None


def test_a_refusal_reads_who_since_when_and_until_when() -> None:
    since = datetime(2026, 11, 28, 12, 0, 1, tzinfo=UTC)
    refusal = SyncInProgress(
        "host-a pid 4242", since=since, expires_at=since + timedelta(seconds=30)
    )
    assert str(refusal) == (
        "another sync is running (held by host-a pid 4242 since 12:00:01Z, expires 12:00:31Z);"
        " try again when it has finished"
    )
    assert str(SyncInProgress("another replica")).startswith(
        "another sync is running (held by another replica);"
    )
