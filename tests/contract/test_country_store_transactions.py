"""The country store's contract on units of work and the sync state, run on every adapter."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from countries.domain.model import SyncState
from tests.contract.conftest import Store
from tests.contract.stored_countries import ALAND, ANTARCTICA, ARGENTINA, T0, T1, everything, put


async def test_rolls_back_uncommitted_work_by_default(store: Store) -> None:
    await put(store, ANTARCTICA)

    async with store.unit_of_work() as uow:
        await uow.countries.upsert([ARGENTINA], T1)
        await uow.countries.retire(["ATA"], T1)
        await uow.sync_state.save(SyncState(version=9))

    assert await everything(store) == (ANTARCTICA,)
    assert await store.reader.sync_state() == SyncState()
    async with store.unit_of_work() as uow:
        assert await uow.countries.known_code("ARG") is None


async def test_rolls_back_on_error(store: Store) -> None:
    class Boom(Exception):
        pass

    async def fail_midway() -> None:
        async with store.unit_of_work() as uow:
            await uow.countries.upsert([ARGENTINA], T0)
            raise Boom

    with pytest.raises(Boom):
        await fail_midway()

    assert await store.reader.count() == 0


async def test_writes_after_a_commit_need_their_own_commit(store: Store) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert([ARGENTINA], T0)
        await uow.commit()
        await uow.countries.upsert([ALAND], T0)

    assert await everything(store) == (ARGENTINA,)


async def test_sync_state_starts_at_zero_and_round_trips(store: Store) -> None:
    assert await store.reader.sync_state() == SyncState()
    assert await store.reader.dataset_version() == 0
    tokyo = timezone(timedelta(hours=9))
    state = SyncState(
        version=2**40,
        source="REST Countries v3.1 (https://example.test/v3.1) ✓",
        synced_at=T0,
        last_attempt_at=T1.astimezone(tokyo),
        last_error="HTTP 503: upstream said «no»",
    )

    async with store.unit_of_work() as uow:
        assert await uow.sync_state.get() == SyncState()
        await uow.sync_state.save(state)
        await uow.commit()
    assert await store.reader.dataset_version() == 2**40
    async with store.unit_of_work() as uow:
        await uow.sync_state.save(replace(state, version=2**40 + 1, last_error=None))
        await uow.commit()

    read = await store.reader.sync_state()
    assert read == replace(state, version=2**40 + 1, last_error=None)
    assert read.synced_at is not None
    assert read.synced_at.utcoffset() == timedelta(0)
