"""The JSON the API speaks: request parameters, response models and domain-to-JSON mappers.

Response models document the OpenAPI schema; the hot read routes serialize with
`country_json` + orjson directly (same shape, checked by the API tests and schemathesis).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from countries.domain.model import Activity, ActivityCategory, Country
from countries.domain.query import (
    CountryFilter,
    CountryPage,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from countries.domain.reports import ReportSubscription

# Printable text only: NUL and other control characters are rejected at the edge
# (PostgreSQL refuses NUL in text, and no country name holds a control character).
_PRINTABLE = r"^[^\x00-\x1f\x7f-\x9f]*$"
SearchTerm = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=100,
        pattern=_PRINTABLE,
        description="case- and accent-insensitive substring",
    ),
]
CODE_PATTERN = r"^([A-Za-z]{2,3}|[0-9]{1,3})$"


class CountryListParams(BaseModel):
    """Query parameters of `GET /countries` and `GET /countries/export`."""

    model_config = ConfigDict(frozen=True)

    name: SearchTerm = Field(
        None, description="matches common, official and alternative names and translations"
    )
    capital: SearchTerm = Field(None, description="matches any capital")
    continent: SearchTerm = Field(None, description="matches the continents and the region")
    q: SearchTerm = Field(None, description="matches any of name, capital and continent")
    sort: SortField = Field(SortField.NAME, description="field to sort by")
    order: SortOrder = Field(SortOrder.ASC, description="sort direction")

    def to_filter(self) -> CountryFilter:
        return CountryFilter(
            name=self.name, capital=self.capital, continent=self.continent, q=self.q
        )

    def to_sort(self) -> SortSpec:
        return SortSpec(field=self.sort, order=self.order)


class CountryPageParams(CountryListParams):
    limit: int | None = Field(None, ge=1, le=500, description="page size; all matches when absent")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="matches to skip")

    def to_query(self) -> CountryQuery:
        return CountryQuery(
            filter=self.to_filter(), sort=self.to_sort(), limit=self.limit, offset=self.offset
        )


class CurrencyOut(BaseModel):
    code: str
    name: str
    symbol: str | None


class LanguageOut(BaseModel):
    code: str
    name: str


class FlagOut(BaseModel):
    emoji: str
    png: str
    svg: str
    alt: str | None


class CountryOut(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-3, the id")
    cca2: str
    ccn3: str | None
    name: str
    official_name: str
    capital: list[str]
    currencies: list[CurrencyOut]
    continents: list[str]
    region: str
    subregion: str | None
    languages: list[LanguageOut]
    population: int
    flag: FlagOut


class CountryPageOut(BaseModel):
    total: int
    limit: int | None
    offset: int
    items: list[CountryOut]


def country_json(country: Country) -> dict[str, Any]:
    """The `CountryOut` shape of a country, as plain JSON-ready data."""
    flag = country.flag
    return {
        "code": country.code,
        "cca2": country.cca2,
        "ccn3": country.ccn3,
        "name": country.name,
        "official_name": country.official_name,
        "capital": list(country.capitals),
        "currencies": [
            {"code": c.code, "name": c.name, "symbol": c.symbol} for c in country.currencies
        ],
        "continents": list(country.continents),
        "region": country.region,
        "subregion": country.subregion,
        "languages": [{"code": lang.code, "name": lang.name} for lang in country.languages],
        "population": country.population,
        "flag": {"emoji": flag.emoji, "png": flag.png, "svg": flag.svg, "alt": flag.alt},
    }


def page_json(page: CountryPage) -> dict[str, Any]:
    """The `CountryPageOut` shape of a page."""
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "items": [country_json(c) for c in page.items],
    }


class SyncReportOut(BaseModel):
    source: str
    inserted: list[str]
    updated: list[str]
    unchanged: int
    removed: list[str]
    version: int
    synced_at: datetime


# Activities. Names and cities are one printable line; descriptions may also hold tabs and
# line breaks. (pydantic already refuses lone surrogates, which no database can store.)
_ONE_LINE = r"^[^\x00-\x1f\x7f-\x9f]*$"
_MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
ActivityName = Annotated[str, Field(min_length=1, max_length=200, pattern=_ONE_LINE)]
ActivityDescription = Annotated[str, Field(max_length=4000, pattern=_MULTI_LINE)]
ActivityCity = Annotated[str, Field(min_length=1, max_length=200, pattern=_ONE_LINE)]
MAX_ID = 2**31 - 1


class ActivityIn(BaseModel):
    """A new activity."""

    model_config = ConfigDict(extra="forbid")

    name: ActivityName
    category: ActivityCategory
    description: ActivityDescription | None = None
    city: ActivityCity | None = None


class ActivityPatch(BaseModel):
    """The fields to change; absent ones keep their value, and null clears an optional one."""

    model_config = ConfigDict(extra="forbid")

    # Not nullable: a name and a category are required. An absent field is unchanged.
    name: ActivityName = None  # type: ignore[assignment]
    category: ActivityCategory = None  # type: ignore[assignment]
    description: ActivityDescription | None = None
    city: ActivityCity | None = None

    def given(self) -> dict[str, Any]:
        """The fields the request set, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class ActivityPageParams(BaseModel):
    """Query parameters of `GET /countries/{code}/activities`."""

    model_config = ConfigDict(frozen=True)

    category: ActivityCategory | None = Field(None, description="only activities of this category")
    limit: int = Field(100, ge=1, le=500, description="page size")
    offset: int = Field(0, ge=0, le=MAX_ID, description="activities to skip")


class ActivityOut(BaseModel):
    id: int
    country_code: str = Field(description="ISO 3166-1 alpha-3 of the country")
    name: str
    category: ActivityCategory
    description: str | None
    city: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_domain(cls, activity: Activity) -> ActivityOut:
        return cls.model_validate(activity, from_attributes=True)


class ActivityPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ActivityOut]


# Report subscriptions. Any address RFC 5322 allows (reserved domains such as .test too,
# and no DNS lookup), but ASCII only: the mailer does not speak SMTPUTF8.
def _mail_address(value: str) -> str:
    try:
        valid = validate_email(
            value,
            allow_smtputf8=False,
            allow_quoted_local=True,
            allow_domain_literal=True,
            check_deliverability=False,
            globally_deliverable=False,
        )
    except EmailNotValidError as error:
        # Reserved names (.test, .local, …) fail last, after every syntax check; a mail
        # server may well deliver them (a test or intranet server), so they are accepted.
        if "special-use or reserved" in str(error) and value.isascii() and "xn--" not in value:
            return value
        raise ValueError(f"not a usable e-mail address: {error}") from None
    return valid.normalized


ReportEmail = Annotated[
    str,
    Field(min_length=3, max_length=254, json_schema_extra={"format": "email"}),
    AfterValidator(_mail_address),
]


class ReportFiltersIn(CountryListParams):
    """The filters and sort of `GET /countries` that make a subscriber's workbook."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SubscriptionIn(BaseModel):
    """A new report subscription: an address and the filters of its workbook."""

    model_config = ConfigDict(extra="forbid")

    email: ReportEmail
    filters: ReportFiltersIn = Field(default_factory=ReportFiltersIn)


class SubscriptionOut(BaseModel):
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
    items: list[SubscriptionOut]


class FailedDeliveryOut(BaseModel):
    subscription_id: int
    email: str
    attempts: int
    error: str


class ReportRunOut(BaseModel):
    day: date = Field(description="the report day, in COUNTRIES_TIMEZONE")
    sent: list[int] = Field(description="ids of the subscriptions sent by this run")
    skipped: int = Field(description="subscriptions already sent that day (or being sent)")
    failed: list[FailedDeliveryOut] = Field(description="retried by the next run")
