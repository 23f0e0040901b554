"""The dataset version a process knows: from its own commits, its feed, or one read."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore, InMemoryUnitOfWork
from countries.application.versions import CurrentVersion, KnownVersion


@given(st.lists(st.integers(min_value=0, max_value=2**62)))
def test_the_known_version_is_the_newest_ever_seen(reports: list[int]) -> None:
    known = KnownVersion()
    for version in reports:
        known.saw(version)
    assert known.get() == (max(reports) if reports else None)


async def test_the_store_is_read_until_a_version_is_known_and_then_not_again() -> None:
    store = InMemoryStore()
    store.sync_state = replace(store.sync_state, version=3)
    known = KnownVersion()
    current = CurrentVersion(InMemoryCountryReader(store), known)

    assert await current() == 3
    assert known.get() == 3
    # A write that reports to nobody (no unit of work of this process) goes unseen...
    store.sync_state = replace(store.sync_state, version=4)
    assert await current() == 3
    # ...while a commit of this process's units of work is seen by the next call.
    async with InMemoryUnitOfWork(store, known) as uow:
        await uow.sync_state.save(replace(await uow.sync_state.get(), version=5))
        await uow.commit()
    assert await current() == 5
