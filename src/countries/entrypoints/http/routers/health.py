"""Liveness and readiness."""

from dependency_injector.wiring import inject
from fastapi import APIRouter, Response

from countries.entrypoints.http.deps import CheckHealthDep, CheckReadinessDep, NoQueryDep
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.schemas.health import (
    DataOut,
    HealthOut,
    LastSyncOut,
    LiveOut,
    ReadyOut,
    ReportsOut,
)
from countries.version import SERVICE_VERSION

router = APIRouter(tags=["health"], dependencies=[NoQueryDep])


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "the database does not answer"}},
    summary="Liveness and readiness",
)
@inject
async def health(check_health: CheckHealthDep, response: Response) -> HealthOut:
    """The version, database, cache, country count, the data's source, last sync, today's report; 503 when not ready."""
    report = await check_health()
    if not report.ok:
        response.status_code = 503
    sync = report.sync
    return HealthOut(
        status="ok" if report.ok else "unavailable",
        version=SERVICE_VERSION,
        database="ok" if report.database_ok else "unavailable",
        cache=report.cache,
        countries=report.countries,
        data=DataOut(source=sync.source, synced_at=sync.synced_at, version=sync.version),
        last_sync=LastSyncOut(attempted_at=sync.last_attempt_at, error=sync.last_error),
        source=report.source,
        reports=ReportsOut(
            day=report.reports.day, sent=report.reports.sent, failed=report.reports.failed
        ),
    )


@router.get("/livez", response_model=LiveOut, summary="Liveness: the process answers")
async def livez() -> LiveOut:
    """Always 200 while the process serves: it touches neither the database nor the cache."""
    return LiveOut()


@router.get(
    "/readyz",
    response_model=ReadyOut,
    responses={503: PROBLEM_RESPONSES["5XX"]},
    summary="Readiness: the database answers and holds countries",
)
@inject
async def readyz(check_readiness: CheckReadinessDep) -> ReadyOut:
    """200 when the database answers and holds a country; a 503 problem (with Retry-After) if not."""
    return ReadyOut(countries=await check_readiness())
