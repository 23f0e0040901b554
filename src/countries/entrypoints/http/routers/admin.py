"""Admin routes: sync now, drop the caches, the daily report's subscriptions and sending."""

from inspect import getdoc

from dependency_injector.wiring import inject
from fastapi import APIRouter, Response, status

from countries.application.reports import SendDailyReport
from countries.application.subscriptions import (
    AddSubscription,
    AddSubscriptionCommand,
    DeleteSubscription,
    GetSubscription,
    ListSubscriptions,
)
from countries.entrypoints.http.deps import (
    AddSubscriptionDep,
    AdminDep,
    DeleteSubscriptionDep,
    GetSubscriptionDep,
    InvalidateCacheDep,
    JsonBodyDep,
    ListSubscriptionsDep,
    NoQueryDep,
    SendDailyReportDep,
    SyncFromSourceDep,
)
from countries.entrypoints.http.problems import PROBLEM_RESPONSES
from countries.entrypoints.http.schemas.admin import InvalidatedOut, SyncReportOut
from countries.entrypoints.http.schemas.reports import (
    FailedDeliveryOut,
    ReportRunOut,
    SubscriptionIdPath,
    SubscriptionIn,
    SubscriptionListOut,
    SubscriptionOut,
)

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[AdminDep, NoQueryDep],
    responses=PROBLEM_RESPONSES,
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


@router.post(
    "/cache/invalidate", response_model=InvalidatedOut, summary="Drop cached payloads and responses"
)
@inject
async def invalidate_cache(invalidate_cache: InvalidateCacheDep) -> InvalidatedOut:
    """The next sync goes upstream; this replica's cached answers and workbooks are dropped too."""
    return InvalidatedOut(dropped_payloads=await invalidate_cache())


@router.get(
    "/report-subscriptions",
    response_model=SubscriptionListOut,
    summary="Who gets the daily report",
    description=getdoc(ListSubscriptions),
)
@inject
async def list_report_subscriptions(
    list_subscriptions: ListSubscriptionsDep,
) -> SubscriptionListOut:
    found = await list_subscriptions()
    return SubscriptionListOut(items=[SubscriptionOut.from_domain(s) for s in found])


@router.post(
    "/report-subscriptions",
    response_model=SubscriptionOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[JsonBodyDep],
    summary="Subscribe an address to the daily report",
    description=getdoc(AddSubscription),
)
@inject
async def add_report_subscription(
    body: SubscriptionIn, response: Response, add_subscription: AddSubscriptionDep
) -> SubscriptionOut:
    added = await add_subscription(
        AddSubscriptionCommand(
            email=body.email, filter=body.filters.to_filter(), sort=body.filters.to_sort()
        )
    )
    response.headers["Location"] = f"/admin/report-subscriptions/{added.id}"
    return SubscriptionOut.from_domain(added)


@router.get(
    "/report-subscriptions/{subscription_id}",
    response_model=SubscriptionOut,
    summary="One report subscription",
    description=getdoc(GetSubscription),
)
@inject
async def get_report_subscription(
    subscription_id: SubscriptionIdPath, get_subscription: GetSubscriptionDep
) -> SubscriptionOut:
    return SubscriptionOut.from_domain(await get_subscription(subscription_id))


@router.delete(
    "/report-subscriptions/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Unsubscribe",
    description=getdoc(DeleteSubscription),
)
@inject
async def delete_report_subscription(
    subscription_id: SubscriptionIdPath, delete_subscription: DeleteSubscriptionDep
) -> Response:
    await delete_subscription(subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/reports/send",
    response_model=ReportRunOut,
    summary="Send today's report now",
    description=getdoc(SendDailyReport),
)
@inject
async def send_reports(send_daily_report: SendDailyReportDep) -> ReportRunOut:
    run = await send_daily_report()
    return ReportRunOut(
        day=run.day,
        sent=list(run.sent),
        skipped=run.skipped,
        failed=[
            FailedDeliveryOut(
                subscription_id=f.subscription_id, email=f.email, attempts=f.attempts, error=f.error
            )
            for f in run.failed
        ],
    )
