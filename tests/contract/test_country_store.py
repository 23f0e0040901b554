"""The country store's contract on writes and reads by code, run on every adapter."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from countries.domain.query import CountryFilter, CountryQuery
from tests.contract.conftest import Store
from tests.contract.stored_countries import (
    ALAND,
    ALL,
    ANTARCTICA,
    ARGENTINA,
    T1,
    everything,
    put,
    retire,
)


async def test_upserted_countries_read_back_equal_in_every_field(store: Store) -> None:
    await put(store, *ALL)

    assert await everything(store) == (ALAND, ANTARCTICA, ARGENTINA)  # by folded name
    for country in ALL:
        assert await store.reader.get(country.code) == country
    async with store.unit_of_work() as uow:
        assert await uow.countries.active() == {c.code: c for c in ALL}
    assert await store.reader.count() == 3


async def test_an_update_changes_that_country_and_nothing_else(store: Store) -> None:
    await put(store, *ALL)
    moved = replace(ARGENTINA, population=1, capitals=(), languages=(), subregion=None)

    await put(store, moved, at=T1)

    assert await store.reader.get("ARG") == moved
    assert await store.reader.get("ATA") == ANTARCTICA
    assert await store.reader.get("ALA") == ALAND
    assert await store.reader.count() == 3


async def test_upserting_nothing_changes_nothing(store: Store) -> None:
    await put(store, *ALL)
    await put(store)
    assert await store.reader.count() == 3


async def test_a_code_given_twice_in_one_upsert_keeps_the_last(store: Store) -> None:
    await put(store, ARGENTINA, replace(ARGENTINA, name="Argentina 2"))
    assert await everything(store) == (replace(ARGENTINA, name="Argentina 2"),)


async def test_retired_countries_are_hidden_from_reads_but_stay_known(store: Store) -> None:
    await put(store, *ALL)

    await retire(store, "ARG", "NOPE")

    assert await everything(store) == (ALAND, ANTARCTICA)
    assert (
        await store.reader.query(CountryQuery(filter=CountryFilter(name="argentin")))
    ).total == 0
    for code in ("ARG", "AR", "032"):
        assert await store.reader.get(code) is None
    assert await store.reader.count() == 2
    async with store.unit_of_work() as uow:
        assert await uow.countries.known_code("ARG") == "ARG"
        assert await uow.countries.known_code("AR") == "ARG"
        assert await uow.countries.known_code("032") == "ARG"
        assert await uow.countries.known_code("NOPE") is None
        assert set(await uow.countries.active()) == {"ALA", "ATA"}


async def test_upserting_a_retired_country_brings_it_back(store: Store) -> None:
    await put(store, *ALL)
    await retire(store, "ARG")
    back = replace(ARGENTINA, population=46_000_000)

    await put(store, back, at=T1 + timedelta(days=1))

    assert await store.reader.get("ARG") == back
    assert await store.reader.count() == 3


async def test_get_finds_a_country_by_alpha3_alpha2_or_numeric_code(store: Store) -> None:
    await put(store, *ALL)
    for code in ("ALA", "AX", "248"):
        assert await store.reader.get(code) == ALAND, code


async def test_get_answers_none_for_anything_else(store: Store) -> None:
    # One database per test is the expensive part, so the cases share one.
    await put(store, *ALL)
    # NUL and lone surrogates included: no database can even be asked about them.
    for code in ("", "XXX", "ala", "ax", "ALAND", "24", "%", "A_A", "AR%", "03_", "\x00", "\ud800"):
        assert await store.reader.get(code) is None, code
