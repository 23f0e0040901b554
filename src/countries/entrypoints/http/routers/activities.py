"""Activities one can do in each country: public reads, admin writes."""
# No `from __future__ import annotations` in route modules: dependency-injector reads the
# `Provide` markers from the evaluated `Annotated` signatures.

from inspect import getdoc
from typing import Annotated

from dependency_injector.wiring import inject
from fastapi import APIRouter, Query, Response, status

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
from countries.entrypoints.http.deps import (
    AddActivityDep,
    AdminDep,
    DeleteActivityDep,
    GetActivityDep,
    JsonBodyDep,
    ListActivitiesDep,
    NoQueryDep,
    UpdateActivityDep,
)
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.schemas.activities import ActivityIdPath as IdPath
from countries.entrypoints.http.schemas.activities import (
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    ActivityPageParams,
    ActivityPatch,
)
from countries.entrypoints.http.schemas.common import CodePath

router = APIRouter(
    prefix="/countries/{code}/activities", tags=["activities"], responses=PROBLEM_RESPONSES
)


@router.get(
    "",
    response_model=ActivityPageOut,
    summary="A country's activities",
    description=getdoc(ListActivities),
)
@inject
async def list_activities(
    code: CodePath,
    params: Annotated[ActivityPageParams, Query()],
    list_activities: ListActivitiesDep,
) -> ActivityPageOut:
    page = await list_activities(
        ListActivitiesQuery(
            country_code=code, category=params.category, limit=params.limit, offset=params.offset
        )
    )
    return ActivityPageOut(
        total=page.total,
        limit=page.limit,
        offset=page.offset,
        items=[ActivityOut.from_domain(a) for a in page.items],
    )


@router.post(
    "",
    response_model=ActivityOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[AdminDep, NoQueryDep, JsonBodyDep],
    summary="Add an activity (admin)",
    description=getdoc(AddActivity),
)
@inject
async def add_activity(
    code: CodePath, body: ActivityIn, response: Response, add_activity: AddActivityDep
) -> ActivityOut:
    activity = await add_activity(
        AddActivityCommand(
            country_code=code,
            name=body.name,
            category=body.category,
            description=body.description,
            city=body.city,
        )
    )
    response.headers["Location"] = f"/countries/{activity.country_code}/activities/{activity.id}"
    return ActivityOut.from_domain(activity)


@router.get(
    "/{activity_id}",
    response_model=ActivityOut,
    dependencies=[NoQueryDep],
    summary="One activity",
    description=getdoc(GetActivity),
)
@inject
async def get_activity(
    code: CodePath, activity_id: IdPath, get_activity: GetActivityDep
) -> ActivityOut:
    activity = await get_activity(ActivityRef(country_code=code, activity_id=activity_id))
    return ActivityOut.from_domain(activity)


@router.patch(
    "/{activity_id}",
    response_model=ActivityOut,
    dependencies=[AdminDep, NoQueryDep, JsonBodyDep],
    summary="Change an activity (admin)",
    description=getdoc(UpdateActivity),
)
@inject
async def update_activity(
    code: CodePath, activity_id: IdPath, body: ActivityPatch, update_activity: UpdateActivityDep
) -> ActivityOut:
    command = UpdateActivityCommand(country_code=code, activity_id=activity_id, **body.given())
    return ActivityOut.from_domain(await update_activity(command))


@router.delete(
    "/{activity_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    dependencies=[AdminDep, NoQueryDep],
    summary="Delete an activity (admin)",
    description=getdoc(DeleteActivity),
)
@inject
async def delete_activity(
    code: CodePath, activity_id: IdPath, delete_activity: DeleteActivityDep
) -> Response:
    await delete_activity(ActivityRef(country_code=code, activity_id=activity_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
