"""Admin routes: sync now (and, later, cache and reports)."""

from dependency_injector.wiring import inject
from fastapi import APIRouter

from countries.entrypoints.http.deps import AdminDep, SyncFromSourceDep
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
