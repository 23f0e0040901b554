"""Admin routes: sync now, drop the caches."""

from dependency_injector.wiring import inject
from fastapi import APIRouter, Request
from pydantic import BaseModel

from countries.entrypoints.http.deps import AdminDep, InvalidateCacheDep, SyncFromSourceDep
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.schemas import SyncReportOut

router = APIRouter(
    prefix="/admin", tags=["admin"], dependencies=[AdminDep], responses=PROBLEM_RESPONSES
)


@router.post("/sync", response_model=SyncReportOut, summary="Sync from the source now")
@inject
async def sync_now(sync_from_source: SyncFromSourceDep) -> SyncReportOut:
    """Fetch every country and apply what changed; 409 while another sync runs."""
    report = await sync_from_source()
    return SyncReportOut(
        source=report.source,
        inserted=list(report.inserted),
        updated=list(report.updated),
        unchanged=report.unchanged,
        removed=list(report.removed),
        version=report.version,
        synced_at=report.synced_at,
    )


class InvalidatedOut(BaseModel):
    dropped_payloads: int


@router.post(
    "/cache/invalidate", response_model=InvalidatedOut, summary="Drop cached payloads and responses"
)
@inject
async def invalidate_cache(
    request: Request, invalidate_cache: InvalidateCacheDep
) -> InvalidatedOut:
    """The next sync goes upstream; this replica's cached responses are dropped too."""
    dropped = await invalidate_cache()
    request.app.state.response_cache.clear()
    return InvalidatedOut(dropped_payloads=dropped)
