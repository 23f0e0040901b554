"""The dataset version a process knows: from its own syncs, its feed, or one read."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.caching.versions import DatasetVersion, PublishToAll
from tests.fakes import RecordingPublisher


@given(st.lists(st.integers(min_value=0, max_value=2**62)))
def test_the_known_version_is_the_newest_ever_seen(reports: list[int]) -> None:
    known = DatasetVersion(InMemoryCountryReader(InMemoryStore()))
    for version in reports:
        known.saw(version)
    assert known.known() == (max(reports) if reports else None)


async def test_the_store_is_read_until_a_version_is_known_and_then_not_again() -> None:
    store = InMemoryStore()
    store.sync_state = replace(store.sync_state, version=3)
    version = DatasetVersion(InMemoryCountryReader(store))

    assert await version.current() == 3
    assert version.known() == 3
    # A write published to nobody (no sync of this process) goes unseen...
    store.sync_state = replace(store.sync_state, version=4)
    assert await version.current() == 3
    # ...while a version a sync publishes is seen by the next call, and sent on to the others.
    others = RecordingPublisher()
    await PublishToAll([version, others]).publish(5)
    assert await version.current() == 5
    assert others.published == [5]
