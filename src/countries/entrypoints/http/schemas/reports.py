"""The daily report over HTTP: subscriptions (an address and its filters) and a report run."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from countries.config_rules import mail_address
from countries.domain.query import SortField, SortOrder
from countries.domain.reports import ReportSubscription
from countries.entrypoints.http.schemas.common import id_path, plain_digits
from countries.entrypoints.http.schemas.countries import CountryFilterParams

SubscriptionIdPath = Annotated[
    int, id_path("the report subscription's id"), plain_digits("subscription_id")
]


ReportEmail = Annotated[
    str,
    Field(min_length=3, max_length=254, json_schema_extra={"format": "email"}),
    AfterValidator(mail_address),
]


# Examples shown in the OpenAPI document (and by generated clients).
_SUBSCRIPTION: JsonDict = {
    "id": 1,
    "email": "ana@example.org",
    "filters": {"continent": "south america"},
}
_FAILED: JsonDict = {
    "subscription_id": 2,
    "email": "bo@example.org",
    "attempts": 1,
    "error": "550 mailbox unavailable",
}


class ReportFiltersIn(CountryFilterParams):
    """The filters and sort of `GET /countries` that make a subscriber's workbook."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SubscriptionIn(BaseModel):
    """A new report subscription: an address and the filters of its workbook."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"email": "ana@example.org", "filters": {"continent": "south america"}}]
        },
    )

    email: ReportEmail
    filters: ReportFiltersIn = Field(default_factory=ReportFiltersIn)


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SUBSCRIPTION]})

    id: int
    email: str
    filters: dict[str, str] = Field(
        description="the filters given, and `sort`/`order` when not the default name/asc"
    )

    @classmethod
    def from_domain(cls, subscription: ReportSubscription) -> SubscriptionOut:
        filters = subscription.filter.as_params()
        if subscription.sort.field is not SortField.NAME:
            filters["sort"] = subscription.sort.field.value
        if subscription.sort.order is not SortOrder.ASC:
            filters["order"] = subscription.sort.order.value
        return cls(id=subscription.id, email=subscription.email, filters=filters)


class SubscriptionListOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_SUBSCRIPTION]}]})

    items: list[SubscriptionOut]


class FailedDeliveryOut(BaseModel):
    subscription_id: int
    email: str
    attempts: int
    error: str


class ReportRunOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"day": "2026-11-28", "sent": [1], "skipped": 0, "failed": [_FAILED]}]
        }
    )

    day: date = Field(description="the report day, in COUNTRIES_TIMEZONE")
    sent: list[int] = Field(description="ids of the subscriptions sent by this run")
    skipped: int = Field(description="subscriptions already sent that day (or being sent)")
    failed: list[FailedDeliveryOut] = Field(description="retried by the next run")
