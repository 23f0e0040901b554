"""Countries over HTTP: filter, sort, field and page parameters; the Country models.

The models document the OpenAPI schema; the hot read routes serialize with `country_json`
+ orjson directly (`country_out`), and tests/unit/test_http_schemas.py holds that mapper
equal to `CountryOut`. Every parameter model forbids unknown parameters: a misspelt filter
is a 422 naming it, never a silently unfiltered answer.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from countries.application.export import ExportCountriesQuery
from countries.domain.query import CountryFilter, CountryQuery, SortField, SortOrder, SortSpec
from countries.entrypoints.http.schemas.common import (
    CODE_PATTERN,
    CODES_PATTERN,
    MAX_ID,
    SearchText,
    plain_digits,
)
from countries.entrypoints.http.schemas.country_out import (
    COUNTRY_FIELDS,
    CountryOut,
    CountryPageOut,
    country_encoded,
    country_json,
    only_fields,
    page_body,
    page_json,
)

__all__ = [
    "COUNTRY_FIELDS",
    "CountryFilterParams",
    "CountryListParams",
    "CountryOut",
    "CountryPageOut",
    "CountryPageParams",
    "FieldsParams",
    "country_encoded",
    "country_json",
    "only_fields",
    "page_body",
    "page_json",
]

_ONE_FIELD = "(?:" + "|".join(COUNTRY_FIELDS) + ")"
FIELDS_PATTERN = rf"^{_ONE_FIELD}(?:,{_ONE_FIELD})*$"


def _true_or_false(value: Any, info: ValidationInfo) -> Any:
    """Only `true` and `false` (or JSON's own booleans), not pydantic's `1`, `yes`, `on` …"""
    if isinstance(value, bool) or value in ("true", "false"):
        return value is True or value == "true"
    raise PydanticCustomError(
        "not_true_or_false", "{field} must be true or false", {"field": info.field_name}
    )


Flag = Annotated[bool, BeforeValidator(_true_or_false)]
Codes = Annotated[str, Field(max_length=1000, pattern=CODES_PATTERN)]
Code = Annotated[str, Field(pattern=CODE_PATTERN)]


def _known_fields(value: Any, info: ValidationInfo) -> Any:
    """The field names given, each one a Country field; an unknown one is named."""
    if not isinstance(value, str):
        return value
    unknown = list(dict.fromkeys(n for n in value.split(",") if n not in COUNTRY_FIELDS))
    if unknown:
        # Each named once, and few and short: the answer never echoes a long request back.
        named = ", ".join(repr(n if len(n) <= 40 else n[:40] + "…") for n in unknown[:5])
        if len(unknown) > 5:
            named += f" and {len(unknown) - 5} more"
        raise PydanticCustomError(
            "unknown_field",
            "{field} names no Country field: {unknown}",
            {"field": info.field_name, "unknown": named},
        )
    return value


FieldNames = Annotated[
    str,
    BeforeValidator(_known_fields),
    Field(max_length=2000, json_schema_extra={"pattern": FIELDS_PATTERN}),
]


class CountryFilterParams(BaseModel):
    """The filters and sort of `GET /countries`, `GET /countries/export` and a report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: SearchText | None = Field(
        None, description="matches common, official and alternative names and translations"
    )
    capital: SearchText | None = Field(None, description="matches any capital")
    continent: SearchText | None = Field(None, description="matches the continents and the region")
    q: SearchText | None = Field(None, description="matches any of name, capital and continent")
    currency: SearchText | None = Field(
        None, description="a currency's ISO 4217 code, or part of its name"
    )
    language: SearchText | None = Field(
        None, description="a language's ISO 639-3 code, or part of its name"
    )
    region: SearchText | None = Field(None, description="matches the region")
    subregion: SearchText | None = Field(None, description="matches the subregion")
    demonym: SearchText | None = Field(None, description="matches any demonym, in any language")
    codes: Codes | None = Field(
        None, description="comma-separated codes of any kind: alpha-2, alpha-3, numeric, IOC"
    )
    independent: Flag | None = Field(None, description="`true` or `false`")
    un_member: Flag | None = Field(None, description="`true` or `false`")
    landlocked: Flag | None = Field(None, description="`true` or `false`")
    borders: Code | None = Field(None, description="a country's code: answers its neighbours")
    full_name: SearchText | None = Field(
        None, description="the exact common or official name (case and accents ignored)"
    )
    sort: SortField = Field(SortField.NAME, description="field to sort by")
    order: SortOrder = Field(SortOrder.ASC, description="sort direction")

    def to_filter(self) -> CountryFilter:
        given = self.model_dump(exclude={"sort", "order", "fields", "limit", "offset"})
        codes = given.pop("codes")
        return CountryFilter(**given, codes=None if codes is None else tuple(codes.split(",")))

    def to_sort(self) -> SortSpec:
        return SortSpec(field=self.sort, order=self.order)


class FieldsParams(BaseModel):
    """`fields=`: which Country fields each item carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fields: FieldNames | None = Field(
        None, description="comma-separated Country fields each item carries (`code` always)"
    )

    def field_names(self) -> tuple[str, ...] | None:
        """The fields named, in the order given, each once; None when not given."""
        return None if self.fields is None else tuple(dict.fromkeys(self.fields.split(",")))

    def field_set(self) -> frozenset[str] | None:
        names = self.field_names()
        return None if names is None else frozenset(names)


class CountryListParams(CountryFilterParams, FieldsParams):
    """Filters, sort and fields: the parameters of `GET /countries` but its page."""


class CountryPageParams(CountryListParams):
    """Query parameters of `GET /countries` and `GET /countries/export` (and its command)."""

    limit: Annotated[int, Field(ge=1, le=500), plain_digits()] | None = Field(
        None, description="page size; all matches when absent"
    )
    offset: Annotated[int, Field(ge=0, le=MAX_ID), plain_digits()] = Field(
        0, description="matches to skip"
    )

    def to_query(self) -> CountryQuery:
        """The list's query."""
        return CountryQuery(
            filter=self.to_filter(), sort=self.to_sort(), limit=self.limit, offset=self.offset
        )

    def to_export_query(self) -> ExportCountriesQuery:
        """The export's query: the list's, and the workbook's columns (route and command)."""
        return ExportCountriesQuery(
            filter=self.to_filter(),
            sort=self.to_sort(),
            limit=self.limit,
            offset=self.offset,
            columns=self.field_names(),
        )
