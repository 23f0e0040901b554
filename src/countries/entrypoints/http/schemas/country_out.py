"""The Country (JSON) shape: the `CountryOut` model documents it, `country_json` writes it.

Written out rather than dumped from `CountryOut`: building the model per country makes the
full list about three times slower to serialize. tests/unit/test_http_schemas.py holds
the two equal, field by field and in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from countries.domain.model import Country
from countries.domain.query import CountryPage
from countries.domain.record import plain_details
from countries.entrypoints.http.schemas.record_out import (
    CarOut,
    CoatOfArmsOut,
    DemonymOut,
    IddOut,
    MapsOut,
    NamePairOut,
    PostalCodeOut,
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


def _only_code_required(schema: dict[str, Any]) -> None:
    # Every field is always served, but `fields=` leaves out those it does not name.
    schema["required"] = ["code"]


class CountryOut(BaseModel):
    """A country; with `fields=`, only `code` and the fields named."""

    model_config = ConfigDict(json_schema_extra=_only_code_required)

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
    cioc: str | None
    fifa: str | None
    tld: list[str]
    independent: bool | None
    un_member: bool | None
    status: str | None
    idd: IddOut
    calling_codes: list[str] = Field(description="root and suffix joined, `+54`")
    alt_spellings: list[str]
    native_names: dict[str, NamePairOut] = Field(description="by ISO 639-3 language code")
    translations: dict[str, NamePairOut] = Field(description="by ISO 639-3 language code")
    demonyms: dict[str, DemonymOut] = Field(description="by language code: feminine, masculine")
    latlng: list[float] | None = Field(description="[latitude, longitude]")
    landlocked: bool | None
    borders: list[str] = Field(description="alpha-3 codes of the neighbours")
    area: float | None = Field(description="km²")
    maps: MapsOut
    gini: dict[str, float] = Field(description="by year")
    car: CarOut
    timezones: list[str]
    coat_of_arms: CoatOfArmsOut
    start_of_week: str | None
    capital_latlng: list[float] | None = Field(description="[latitude, longitude]")
    postal_code: PostalCodeOut


class CountryPageOut(BaseModel):
    total: int
    limit: int | None
    offset: int
    items: list[CountryOut]


# The field names a `fields=` parameter may name, in the order a Country carries them.
COUNTRY_FIELDS: tuple[str, ...] = tuple(CountryOut.model_fields)


def _core_json(country: Country) -> dict[str, Any]:
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


def _details_json(country: Country) -> dict[str, Any]:
    return plain_details(country.details)


# Each country's JSON, by the identity of the Country object: the dataset held per version
# (docs/architecture.md, "The life of a read request") hands out the same objects for as
# long as the version holds, so a country is mapped and encoded once per version, not once
# per request (the full list: 26 ms to map and encode, under 1 ms from the memo). An entry
# keeps its object, so the id is not reused while it lives; a full memo starts afresh.
_MEMO_SIZE = 4096


@dataclass(slots=True)
class _Mapped:
    country: Country
    data: dict[str, Any]
    encoded: orjson.Fragment | None = None


_memo: dict[int, _Mapped] = {}


def _mapped(country: Country) -> _Mapped:
    held = _memo.get(id(country))
    if held is not None and held.country is country:
        return held
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    held = _memo[id(country)] = _Mapped(country, _core_json(country) | _details_json(country))
    return held


def country_json(country: Country) -> dict[str, Any]:
    """The `CountryOut` shape of a country, as JSON-ready data (shared: never change it)."""
    return _mapped(country).data


def country_encoded(country: Country) -> orjson.Fragment:
    """`country_json` of a country already encoded, for orjson to copy as it is."""
    held = _mapped(country)
    if held.encoded is None:
        held.encoded = orjson.Fragment(orjson.dumps(held.data))
    return held.encoded


def only_fields(item: dict[str, Any], fields: frozenset[str] | None) -> dict[str, Any]:
    """`item` cut down to `fields` and its `code`; the whole of it when `fields` is None."""
    if fields is None:
        return item
    return {name: value for name, value in item.items() if name == "code" or name in fields}


def page_body(page: CountryPage, fields: frozenset[str] | None = None) -> bytes:
    """`page_json` encoded: each whole country from its memo, cut-down ones mapped anew."""
    if fields is not None:
        return orjson.dumps(page_json(page, fields))
    items = [country_encoded(country) for country in page.items]
    return orjson.dumps(
        {"total": page.total, "limit": page.limit, "offset": page.offset, "items": items}
    )


def page_json(page: CountryPage, fields: frozenset[str] | None = None) -> dict[str, Any]:
    """The `CountryPageOut` shape of a page, each item cut down to `fields` when given."""
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "items": [only_fields(country_json(c), fields) for c in page.items],
    }
