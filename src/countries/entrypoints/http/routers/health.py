"""Liveness and readiness."""

from datetime import date, datetime

from dependency_injector.wiring import inject
from fastapi import APIRouter, Response
from pydantic import BaseModel

from countries.entrypoints.http.deps import CheckHealthDep

router = APIRouter(tags=["health"])


class DataOut(BaseModel):
    source: str | None
    synced_at: datetime | None
    version: int


class LastSyncOut(BaseModel):
    attempted_at: datetime | None
    error: str | None


class ReportsOut(BaseModel):
    day: date
    sent: int
    failed: int


class HealthOut(BaseModel):
    status: str
    database: str
    cache: str
    countries: int
    data: DataOut
    last_sync: LastSyncOut
    source: str
    reports: ReportsOut


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
