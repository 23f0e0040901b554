"""The activity use cases on the in-memory adapters, and the HTTP schema's limits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from countries.adapters.memory import (
    InMemoryCountryReader,
    InMemoryStore,
    InMemorySyncLock,
    InMemoryUnitOfWork,
)
from countries.application.activities import (
    ActivityRef,
    AddActivity,
    AddActivityCommand,
    DeleteActivity,
    GetActivity,
    ListActivities,
    ListActivitiesQuery,
    UpdateActivity,
    UpdateActivityCommand,
)
from countries.application.errors import NotFound
from countries.application.ports import UnitOfWork
from countries.application.sync import SyncFromSource
from countries.domain.model import Activity, ActivityCategory
from countries.domain.text import fold
from countries.entrypoints.http.schemas.activities import ActivityIn, ActivityPatch
from tests.fakes import FixedClock, RecordingPublisher, ScriptedSource, make_country

WORLD = [make_country(f"C{i:02d}") for i in range(30)]


class World:
    """The use cases wired by hand to one in-memory store holding WORLD."""

    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.clock = FixedClock()
        uow: Callable[[], UnitOfWork] = lambda: InMemoryUnitOfWork(self.store)  # noqa: E731
        self.add = AddActivity(uow_factory=uow, clock=self.clock)
        self.list = ListActivities(uow_factory=uow)
        self.get = GetActivity(uow_factory=uow)
        self.update = UpdateActivity(uow_factory=uow, clock=self.clock)
        self.delete = DeleteActivity(uow_factory=uow)
        self.source = ScriptedSource(list(WORLD))
        self.sync = SyncFromSource(
            uow_factory=uow,
            source=self.source,
            fallback=ScriptedSource(list(WORLD), name="snapshot"),
            lock=InMemorySyncLock(),
            clock=self.clock,
            publisher=RecordingPublisher(),
        )

    async def add_one(self, code: str = "C01", **changes: object) -> Activity:
        fields: dict[str, object] = {
            "country_code": code,
            "name": "Glacier trek",
            "category": ActivityCategory.NATURE,
            "description": "On the ice",
            "city": "El Calafate",
        }
        return await self.add(AddActivityCommand(**(fields | changes)))  # type: ignore[arg-type]


@pytest.fixture
async def world() -> World:
    w = World()
    await w.sync()
    return w


async def test_an_added_activity_gets_an_id_and_the_clock_s_time(world: World) -> None:
    first = await world.add_one(code="c01")
    second = await world.add_one()
    assert (first.id, second.id) == (1, 2)
    assert first.country_code == "C01"
    assert first.created_at == first.updated_at == world.clock.now()
    assert await world.get(ActivityRef(country_code="C01", activity_id=1)) == first


async def test_adding_to_an_unknown_country_is_not_found_and_stores_nothing(world: World) -> None:
    with pytest.raises(NotFound):
        await world.add_one(code="XYZ")
    assert world.store.activities == {}


@pytest.mark.parametrize("code", ["XYZ", "C02"])
async def test_an_unknown_id_or_another_country_s_is_not_found(world: World, code: str) -> None:
    added = await world.add_one()
    ref = ActivityRef(country_code=code, activity_id=added.id)
    for use_case in (world.get, world.delete):
        with pytest.raises(NotFound):
            await use_case(ref)
    with pytest.raises(NotFound):
        await world.update(UpdateActivityCommand(country_code=code, activity_id=added.id, name="x"))
    with pytest.raises(NotFound):
        await world.get(ActivityRef(country_code="C01", activity_id=added.id + 1))
    assert await world.get(ActivityRef(country_code="C01", activity_id=added.id)) == added


async def test_listing_an_unknown_country_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await world.list(ListActivitiesQuery(country_code="XYZ"))


async def test_list_pages_by_id_and_filters_by_category(world: World) -> None:
    cats = [ActivityCategory.FOOD, ActivityCategory.SPORT, ActivityCategory.FOOD]
    added = [await world.add_one(category=c) for c in cats]
    await world.add_one(code="C02")
    page = await world.list(ListActivitiesQuery(country_code="C01", limit=2, offset=1))
    assert (page.total, page.items) == (3, tuple(added[1:3]))
    food = await world.list(ListActivitiesQuery(country_code="C01", category=ActivityCategory.FOOD))
    assert (food.total, food.items) == (2, (added[0], added[2]))


async def test_update_changes_only_the_fields_given(world: World) -> None:
    added = await world.add_one()
    world.clock.advance(hours=1)
    updated = await world.update(
        UpdateActivityCommand(country_code="C01", activity_id=added.id, city=None, name="Trek")
    )
    assert updated.name == "Trek"
    assert updated.city is None
    assert (updated.category, updated.description) == (added.category, added.description)
    assert updated.created_at == added.created_at
    assert updated.updated_at == added.updated_at + timedelta(hours=1)
    assert await world.get(ActivityRef(country_code="C01", activity_id=added.id)) == updated


async def test_an_update_that_changes_nothing_writes_nothing(world: World) -> None:
    added = await world.add_one()
    world.clock.advance(hours=1)
    for command in (
        UpdateActivityCommand(country_code="C01", activity_id=added.id),
        UpdateActivityCommand(country_code="C01", activity_id=added.id, name=added.name),
    ):
        assert await world.update(command) == added


async def test_deleted_activities_are_gone_and_their_ids_never_come_back(world: World) -> None:
    added = await world.add_one()
    await world.delete(ActivityRef(country_code="C01", activity_id=added.id))
    with pytest.raises(NotFound):
        await world.get(ActivityRef(country_code="C01", activity_id=added.id))
    assert (await world.add_one()).id == added.id + 1


async def test_a_failed_unit_of_work_leaves_activities_alone(world: World) -> None:
    async with InMemoryUnitOfWork(world.store) as uow:
        await uow.activities.add(await world.add_one())
    assert len(world.store.activities) == 1


async def test_a_sync_that_changes_a_country_keeps_its_activities(world: World) -> None:
    added = await world.add_one()
    world.source.answer = [make_country("C01", name="Renamed"), *WORLD[:1], *WORLD[2:]]
    report = await world.sync()
    assert report.updated == ("C01",)
    assert await world.get(ActivityRef(country_code="C01", activity_id=added.id)) == added


async def test_a_sync_that_drops_a_country_retires_it_and_its_activities_stay_readable(
    world: World,
) -> None:
    added = await world.add_one(code="C29")
    world.source.answer = list(WORLD[:-1])
    report = await world.sync()
    assert report.removed == ("C29",)
    assert await InMemoryCountryReader(world.store).get("C29") is None
    assert await world.get(ActivityRef(country_code="C29", activity_id=added.id)) == added
    page = await world.list(ListActivitiesQuery(country_code="C29"))
    assert page.items == (added,)
    # A retired country is still known: its activities can still be managed.
    await world.delete(ActivityRef(country_code="C29", activity_id=added.id))


# The schema's limits, as properties.

# Text a person writes: no control, surrogate, private-use or unassigned code points, no
# noncharacters or U+FFFD (the strict parameter rules refuse those, see test_strict_parameters).
printable = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")).filter(
    lambda ch: not ("\ufdd0" <= ch <= "\ufdef" or (ord(ch) & 0xFFFE) == 0xFFFE or ch == "\ufffd")
)


@given(name=st.text(printable, min_size=1, max_size=200).filter(lambda text: fold(text) != ""))
def test_any_printable_name_up_to_200_characters_is_accepted(name: str) -> None:
    assert ActivityIn(name=name, category=ActivityCategory.FOOD).name == name


@given(name=st.text(printable, min_size=201, max_size=400))
def test_a_name_over_200_characters_is_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        ActivityIn(name=name, category=ActivityCategory.FOOD)


@given(
    before=st.text(printable, max_size=20),
    control=st.characters(categories=["Cc"], exclude_characters="\t\n\r"),
    after=st.text(printable, max_size=20),
)
def test_control_characters_are_refused_everywhere(before: str, control: str, after: str) -> None:
    bad = before + control + after
    for fields in ({"name": bad}, {"city": bad}, {"description": bad}):
        with pytest.raises(ValidationError):
            ActivityIn.model_validate({"name": "ok", "category": "food"} | fields)


@given(description=st.text(printable | st.sampled_from("\t\n\r"), max_size=4000))
def test_descriptions_up_to_4000_characters_may_hold_line_breaks(description: str) -> None:
    model = ActivityIn(name="x", category=ActivityCategory.FOOD, description=description)
    assert model.description == description


@given(category=st.text(max_size=20).filter(lambda c: c not in set(ActivityCategory)))
def test_an_unknown_category_is_refused(category: str) -> None:
    with pytest.raises(ValidationError):
        ActivityIn.model_validate({"name": "x", "category": category})


def test_a_patch_reports_only_the_fields_it_was_given() -> None:
    patch = ActivityPatch.model_validate({"city": None, "name": "Trek"})
    assert patch.given() == {"city": None, "name": "Trek"}
    assert ActivityPatch.model_validate({}).given() == {}


@pytest.mark.parametrize("body", [{"name": None}, {"category": None}, {"extra": 1}])
def test_a_patch_cannot_clear_a_required_field_or_add_one(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ActivityPatch.model_validate(body)
