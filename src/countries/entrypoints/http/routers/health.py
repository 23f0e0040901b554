"""Liveness and readiness."""

from dependency_injector.wiring import inject
from fastapi import APIRouter, Response

from countries.entrypoints.http.deps import CheckHealthDep
from countries.entrypoints.http.schemas.health import DataOut, HealthOut, LastSyncOut, ReportsOut

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "the database does not answer"}},
    summary="Liveness and readiness",
)
@inject
async def health(check_health: CheckHealthDep, response: Response) -> HealthOut:
    """Database, cache, country count, the data's source, last sync, today's report; 503 when not ready."""
    report = await check_health()
    if not report.ok:
        response.status_code = 503
    sync = report.sync
    return HealthOut(
        status="ok" if report.ok else "unavailable",
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
