"""The SQL implementation of the activity repository, on a unit of work's session."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from countries.adapters.sqlalchemy.tables import activities
from countries.application.ports import ActivityRepository
from countries.domain.model import Activity, ActivityCategory, ActivityPage


def _activity_to_row(activity: Activity) -> dict[str, Any]:
    return {
        "country_code": activity.country_code,
        "name": activity.name,
        "category": activity.category.value,
        "description": activity.description,
        "city": activity.city,
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
    }


def _row_to_activity(row: RowMapping) -> Activity:
    return Activity(
        id=row["id"],
        country_code=row["country_code"],
        name=row["name"],
        category=ActivityCategory(row["category"]),
        description=row["description"],
        city=row["city"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _one_of(country_code: str, activity_id: int) -> tuple[ColumnElement[bool], ...]:
    return activities.c.id == activity_id, activities.c.country_code == country_code


class SqlActivityRepository(ActivityRepository):
    """Activities on the unit of work's session (it never commits)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, activity: Activity) -> Activity:
        stmt = insert(activities).values(_activity_to_row(activity)).returning(activities.c.id)
        new_id = (await self._session.execute(stmt)).scalar_one()
        return replace(activity, id=int(new_id))

    async def get(self, country_code: str, activity_id: int) -> Activity | None:
        stmt = select(activities).where(*_one_of(country_code, activity_id))
        row = (await self._session.execute(stmt)).mappings().first()
        return None if row is None else _row_to_activity(row)

    async def list(
        self, country_code: str, category: ActivityCategory | None, limit: int, offset: int
    ) -> ActivityPage:
        conditions = [activities.c.country_code == country_code]
        if category is not None:
            conditions.append(activities.c.category == category.value)
        total = await self._session.scalar(
            select(func.count()).select_from(activities).where(*conditions)
        )
        stmt = (
            select(activities)
            .where(*conditions)
            .order_by(activities.c.id)
            .limit(limit)
            .offset(offset)
        )
        rows = (await self._session.execute(stmt)).mappings().all()
        return ActivityPage(
            total=int(total or 0),
            limit=limit,
            offset=offset,
            items=tuple(_row_to_activity(row) for row in rows),
        )

    async def update(self, activity: Activity) -> None:
        values = _activity_to_row(activity)
        del values["created_at"]
        stmt = update(activities).where(*_one_of(activity.country_code, activity.id)).values(values)
        await self._session.execute(stmt)

    async def delete(self, country_code: str, activity_id: int) -> bool:
        stmt = (
            delete(activities).where(*_one_of(country_code, activity_id)).returning(activities.c.id)
        )
        return (await self._session.execute(stmt)).first() is not None
