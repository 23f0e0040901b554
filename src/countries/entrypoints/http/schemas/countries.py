"""Countries over HTTP: list and page parameters, the response models and their fast JSON mapper.

The models document the OpenAPI schema; the hot read routes serialize with `country_json`
+ orjson directly, and tests/unit/test_http_schemas.py holds that mapper equal to `CountryOut`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from countries.domain.model import Country
from countries.domain.query import (
    CountryFilter,
    CountryPage,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from countries.entrypoints.http.schemas.common import MAX_ID, SearchText, plain_digits


class CountryListParams(BaseModel):
    """Query parameters of `GET /countries` and `GET /countries/export`."""

    model_config = ConfigDict(frozen=True)

    name: SearchText | None = Field(
        None, description="matches common, official and alternative names and translations"
    )
    capital: SearchText | None = Field(None, description="matches any capital")
    continent: SearchText | None = Field(None, description="matches the continents and the region")
    q: SearchText | None = Field(None, description="matches any of name, capital and continent")
    sort: SortField = Field(SortField.NAME, description="field to sort by")
    order: SortOrder = Field(SortOrder.ASC, description="sort direction")

    def to_filter(self) -> CountryFilter:
        return CountryFilter(
            name=self.name, capital=self.capital, continent=self.continent, q=self.q
        )

    def to_sort(self) -> SortSpec:
        return SortSpec(field=self.sort, order=self.order)


class CountryPageParams(CountryListParams):
    limit: Annotated[int, Field(ge=1, le=500), plain_digits()] | None = Field(
        None, description="page size; all matches when absent"
    )
    offset: Annotated[int, Field(ge=0, le=MAX_ID), plain_digits()] = Field(
        0, description="matches to skip"
    )

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
    png: str | None
    svg: str | None
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
    # Written out rather than dumped from `CountryOut`: building the model per country
    # makes the full list about three times slower to serialize.
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
