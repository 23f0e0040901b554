"""FastAPI dependency aliases: use cases from the container, the admin guard, no query,
a JSON body.

Routes name these aliases and stay decorated with `@inject` (innermost), so
dependency-injector resolves the `Provide` markers from the wired container.
"""

# No `from __future__ import annotations`: dependency-injector reads the `Provide`
# markers from evaluated `Annotated` signatures.
from typing import TYPE_CHECKING, Annotated, Self

from dependency_injector.wiring import Provide, inject
from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from countries.application.activities import (
    AddActivity,
    DeleteActivity,
    GetActivity,
    ListActivities,
    UpdateActivity,
)
from countries.application.countries import GetCountry, ListCountries
from countries.application.export import ExportWorkbook
from countries.application.health import CheckHealth, CheckReadiness
from countries.application.lookups import LookUpCountries
from countries.application.reports import SendDailyReport
from countries.application.subscriptions import (
    AddSubscription,
    DeleteSubscription,
    GetSubscription,
    ListSubscriptions,
)
from countries.application.sync import SyncFromSource
from countries.bootstrap import Container
from countries.caching.clearing import ClearingCaches
from countries.config import Settings
from countries.entrypoints.http.bodies import is_json
from countries.entrypoints.http.guards import admin_refusal

if TYPE_CHECKING:
    Provided = Provide
else:

    class Provided(Provide):
        """`Provide`, which FastAPI awaits on the event loop.

        FastAPI runs a dependency that is not a coroutine function in a worker thread, and
        `Provide` is a plain callable: a thread hop for every dependency of every request
        (ets-labs/python-dependency-injector#595). `@inject` still replaces the marker
        this returns with the provider's value.
        """

        async def __call__(self) -> Self:
            return self


ListCountriesDep = Annotated[ListCountries, Depends(Provided[Container.countries.list_countries])]
GetCountryDep = Annotated[GetCountry, Depends(Provided[Container.countries.get_country])]
LookUpCountriesDep = Annotated[
    LookUpCountries, Depends(Provided[Container.countries.look_up_countries])
]
CheckHealthDep = Annotated[CheckHealth, Depends(Provided[Container.countries.check_health])]
CheckReadinessDep = Annotated[
    CheckReadiness, Depends(Provided[Container.countries.check_readiness])
]
SyncFromSourceDep = Annotated[
    SyncFromSource, Depends(Provided[Container.countries.sync_from_source])
]
InvalidateCacheDep = Annotated[
    ClearingCaches, Depends(Provided[Container.countries.invalidate_cache])
]
ExportExcelDep = Annotated[ExportWorkbook, Depends(Provided[Container.countries.export_excel])]
SettingsDep = Annotated[Settings, Depends(Provided[Container.settings])]
AddActivityDep = Annotated[AddActivity, Depends(Provided[Container.activities.add_activity])]
ListActivitiesDep = Annotated[
    ListActivities, Depends(Provided[Container.activities.list_activities])
]
GetActivityDep = Annotated[GetActivity, Depends(Provided[Container.activities.get_activity])]
UpdateActivityDep = Annotated[
    UpdateActivity, Depends(Provided[Container.activities.update_activity])
]
DeleteActivityDep = Annotated[
    DeleteActivity, Depends(Provided[Container.activities.delete_activity])
]
AddSubscriptionDep = Annotated[
    AddSubscription, Depends(Provided[Container.reports.add_subscription])
]
ListSubscriptionsDep = Annotated[
    ListSubscriptions, Depends(Provided[Container.reports.list_subscriptions])
]
GetSubscriptionDep = Annotated[
    GetSubscription, Depends(Provided[Container.reports.get_subscription])
]
DeleteSubscriptionDep = Annotated[
    DeleteSubscription, Depends(Provided[Container.reports.delete_subscription])
]
SendDailyReportDep = Annotated[
    SendDailyReport, Depends(Provided[Container.reports.send_daily_report])
]

_bearer = HTTPBearer(auto_error=False, description="the COUNTRIES_ADMIN_TOKEN")


@inject
async def _require_admin(
    request: Request,
    settings: SettingsDep,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    # `_bearer` is here for the OpenAPI security scheme; `guards.RequestGuard` has already
    # refused a bad token before the body was read, with this same check.
    authorization = request.headers.get("authorization")
    raw = authorization.encode("latin-1") if authorization is not None else None
    refusal = admin_refusal(raw, settings.admin_token_bytes)
    if refusal is not None:
        raise HTTPException(refusal.status, refusal.detail, headers=refusal.headers or None)


AdminDep = Depends(_require_admin)


async def _no_query_parameters(request: Request) -> None:
    # The routes whose parameter models forbid unknown names refuse them so; a route
    # without parameters would otherwise ignore them (`POST /admin/sync?force=true`).
    if request.query_params:
        raise RequestValidationError(
            [
                {"type": "extra_forbidden", "loc": ("query", name), "input": value}
                for name, value in dict(request.query_params).items()
            ]
        )


# For a route that takes no query parameter: any given is a 422 naming it.
NoQueryDep = Depends(_no_query_parameters)


async def _json_body(request: Request) -> None:
    # FastAPI reads a body not declared as JSON as bytes (an undeclared one too: its guard
    # against cross-site requests), then finds no object in it; say what to send instead
    # (`curl -d` sends a form). A route dependency, so an unknown path or method is still
    # the 404 or 405 routing gives it.
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if is_json(media_type) or not await request.body():
        return
    sent = f"it was sent as {media_type}" if media_type else "it has no Content-Type"
    raise HTTPException(
        415, f"the request body must be JSON (Content-Type: application/json); {sent}"
    )


# For a route that takes a JSON body: a body declared as anything else is a 415.
JsonBodyDep = Depends(_json_body)
