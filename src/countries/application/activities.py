"""Activities one can do in each country: add, list, read, change and delete them.

Activities belong to a country by its alpha-3 code. Retired countries stay known, so a
sync that drops a country never takes its activities with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum

from countries.application.countries import normalize_code
from countries.application.errors import NotFound
from countries.application.ports import Clock, UnitOfWork
from countries.domain.model import Activity, ActivityCategory, ActivityPage


class Unset(Enum):
    """The marker of a field a PATCH leaves alone (None would mean "clear it")."""

    UNSET = "unset"


UNSET = Unset.UNSET


@dataclass(frozen=True, slots=True, kw_only=True)
class AddActivityCommand:
    country_code: str
    name: str
    category: ActivityCategory
    description: str | None = None
    city: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListActivitiesQuery:
    country_code: str
    category: ActivityCategory | None = None
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityRef:
    """One activity of one country."""

    country_code: str
    activity_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateActivityCommand:
    """The fields to change; those left UNSET keep their value."""

    country_code: str
    activity_id: int
    name: str | Unset = UNSET
    category: ActivityCategory | Unset = UNSET
    description: str | Unset | None = UNSET
    city: str | Unset | None = UNSET


async def _known_code(uow: UnitOfWork, code: str) -> str:
    """The alpha-3 code of a country ever stored (retired or not) by any of its codes; else NotFound."""
    alpha3 = await uow.countries.known_code(normalize_code(code))
    if alpha3 is None:
        raise NotFound(f"no country has the code {code!r}")
    return alpha3


def _no_such_activity(ref_code: str, activity_id: int) -> NotFound:
    return NotFound(f"the country {ref_code!r} has no activity {activity_id}")


class AddActivity:
    """Add an activity to a country.

    - The country must be known by its alpha-3 code (a retired one still is).
    - The activity gets a new id; its created and updated times are now.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def __call__(self, command: AddActivityCommand) -> Activity:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            code = await _known_code(uow, command.country_code)
            added = await uow.activities.add(
                Activity(
                    id=0,
                    country_code=code,
                    name=command.name,
                    category=command.category,
                    description=command.description,
                    city=command.city,
                    created_at=now,
                    updated_at=now,
                )
            )
            await uow.commit()
        return added


class ListActivities:
    """Page through a country's activities, optionally of one category.

    - Ordered by id (the order they were added); an unknown country is NotFound.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, query: ListActivitiesQuery) -> ActivityPage:
        async with self._uow_factory() as uow:
            code = await _known_code(uow, query.country_code)
            return await uow.activities.list(code, query.category, query.limit, query.offset)


class GetActivity:
    """One activity of a country.

    - An unknown country, an unknown id, or the id of another country's activity is NotFound.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, ref: ActivityRef) -> Activity:
        async with self._uow_factory() as uow:
            code = await _known_code(uow, ref.country_code)
            activity = await uow.activities.get(code, ref.activity_id)
        if activity is None:
            raise _no_such_activity(code, ref.activity_id)
        return activity


class UpdateActivity:
    """Change some fields of a country's activity (PATCH semantics).

    - Only the fields given change; with none given, nothing is written.
    - An unknown country, an unknown id, or the id of another country's activity is NotFound.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def __call__(self, command: UpdateActivityCommand) -> Activity:
        changes: dict[str, object] = {
            name: value
            for name in ("name", "category", "description", "city")
            if (value := getattr(command, name)) is not UNSET
        }
        async with self._uow_factory() as uow:
            code = await _known_code(uow, command.country_code)
            current = await uow.activities.get(code, command.activity_id)
            if current is None:
                raise _no_such_activity(code, command.activity_id)
            if all(getattr(current, name) == value for name, value in changes.items()):
                return current
            updated = replace(current, **changes, updated_at=self._clock.now())  # type: ignore[arg-type]
            await uow.activities.update(updated)
            await uow.commit()
        return updated


class DeleteActivity:
    """Delete a country's activity.

    - An unknown country, an unknown id, or the id of another country's activity is NotFound.
    """

    def __init__(self, *, uow_factory: Callable[[], UnitOfWork]) -> None:
        self._uow_factory = uow_factory

    async def __call__(self, ref: ActivityRef) -> None:
        async with self._uow_factory() as uow:
            code = await _known_code(uow, ref.country_code)
            if not await uow.activities.delete(code, ref.activity_id):
                raise _no_such_activity(code, ref.activity_id)
            await uow.commit()
