"""The ActivityRepository's contract, written once against the ports and run on every adapter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from countries.domain.model import Activity, ActivityCategory
from tests.contract.conftest import Store
from tests.fakes import make_country

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
T1 = T0 + timedelta(hours=5)


def draft(code: str = "ARG", **changes: object) -> Activity:
    fields: dict[str, object] = {
        "id": 0,
        "country_code": code,
        "name": "Glacier trek — ñandú 100%_ 'quoted' \U0001d400",
        "category": ActivityCategory.NATURE,
        "description": "line one\nline two",
        "city": "El Calafate",
        "created_at": T0,
        "updated_at": T0,
    }
    return Activity(**(fields | changes))  # type: ignore[arg-type]


@pytest.fixture
async def countries_stored(store: Store) -> Store:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert([make_country("ARG"), make_country("CHL")], T0)
        await uow.commit()
    return store


async def add(store: Store, *drafts: Activity) -> list[Activity]:
    async with store.unit_of_work() as uow:
        added = [await uow.activities.add(d) for d in drafts]
        await uow.commit()
    return added


async def test_add_assigns_increasing_ids_and_get_reads_the_activity_back(
    countries_stored: Store,
) -> None:
    first, second = await add(countries_stored, draft(), draft(description=None, city=None))
    assert 0 < first.id < second.id
    async with countries_stored.unit_of_work() as uow:
        assert await uow.activities.get("ARG", first.id) == first
        assert await uow.activities.get("ARG", second.id) == second
    assert first == draft(id=first.id)


async def test_timestamps_come_back_aware_and_in_utc(countries_stored: Store) -> None:
    local = T0.astimezone(timezone(timedelta(hours=-3)))
    (added,) = await add(countries_stored, draft(created_at=local, updated_at=local))
    async with countries_stored.unit_of_work() as uow:
        got = await uow.activities.get("ARG", added.id)
    assert got is not None
    assert got.created_at == T0
    assert got.created_at.tzinfo is not None


async def test_get_is_none_for_an_unknown_id_or_another_country(countries_stored: Store) -> None:
    (added,) = await add(countries_stored, draft())
    async with countries_stored.unit_of_work() as uow:
        assert await uow.activities.get("CHL", added.id) is None
        assert await uow.activities.get("ARG", added.id + 100) is None


async def test_list_pages_by_id_filters_by_category_and_counts_all_matches(
    countries_stored: Store,
) -> None:
    cats = [
        ActivityCategory.FOOD,
        ActivityCategory.SPORT,
        ActivityCategory.FOOD,
        ActivityCategory.FOOD,
    ]
    added = await add(countries_stored, *(draft(category=c) for c in cats), draft("CHL"))
    async with countries_stored.unit_of_work() as uow:
        everything = await uow.activities.list("ARG", None, 100, 0)
        page = await uow.activities.list("ARG", None, 2, 1)
        food = await uow.activities.list("ARG", ActivityCategory.FOOD, 1, 1)
        past_the_end = await uow.activities.list("ARG", None, 10, 10)
        none = await uow.activities.list("ARG", ActivityCategory.NIGHTLIFE, 10, 0)
    assert (everything.total, everything.items) == (4, tuple(added[:4]))
    assert (page.total, page.limit, page.offset, page.items) == (4, 2, 1, tuple(added[1:3]))
    assert (food.total, food.items) == (3, (added[2],))
    assert (past_the_end.total, past_the_end.items) == (4, ())
    assert (none.total, none.items) == (0, ())


async def test_update_overwrites_only_the_country_s_own_activity(countries_stored: Store) -> None:
    (added,) = await add(countries_stored, draft())
    changed = draft(
        id=added.id, name="Tango", category=ActivityCategory.CULTURE, city=None, updated_at=T1
    )
    async with countries_stored.unit_of_work() as uow:
        await uow.activities.update(changed)
        await uow.activities.update(draft("CHL", id=added.id, name="Hijack"))
        await uow.commit()
    async with countries_stored.unit_of_work() as uow:
        assert await uow.activities.get("ARG", added.id) == changed


async def test_delete_removes_only_the_country_s_own_activity_and_ids_are_not_reused(
    countries_stored: Store,
) -> None:
    first, last = await add(countries_stored, draft(), draft())
    async with countries_stored.unit_of_work() as uow:
        assert not await uow.activities.delete("CHL", last.id)
        assert await uow.activities.delete("ARG", last.id)
        assert not await uow.activities.delete("ARG", last.id)
        await uow.commit()
    (again,) = await add(countries_stored, draft())
    assert again.id > last.id
    async with countries_stored.unit_of_work() as uow:
        assert [a.id for a in (await uow.activities.list("ARG", None, 10, 0)).items] == [
            first.id,
            again.id,
        ]


async def test_uncommitted_activity_writes_are_rolled_back(countries_stored: Store) -> None:
    (added,) = await add(countries_stored, draft())
    async with countries_stored.unit_of_work() as uow:
        await uow.activities.add(draft())
        await uow.activities.update(draft(id=added.id, name="Changed"))
        await uow.activities.delete("ARG", added.id)

    async def delete_then_fail() -> None:
        async with countries_stored.unit_of_work() as uow:
            await uow.activities.delete("ARG", added.id)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await delete_then_fail()
    async with countries_stored.unit_of_work() as uow:
        page = await uow.activities.list("ARG", None, 10, 0)
    assert page.items == (added,)


async def test_activities_of_a_retired_country_stay(countries_stored: Store) -> None:
    (added,) = await add(countries_stored, draft())
    async with countries_stored.unit_of_work() as uow:
        await uow.countries.retire(["ARG"], T1)
        await uow.commit()
    async with countries_stored.unit_of_work() as uow:
        assert await uow.countries.known_code("ARG") == "ARG"
        assert await uow.activities.get("ARG", added.id) == added
