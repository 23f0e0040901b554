"""REST Countries v3.1 records: the fast renderer of a `Country`, and its documentation models.

A record has the retired API's top-level fields in its order, camelCase, and renders a
missing value as that API's data file did: `""` for a missing string (cioc, fifa, ccn3,
subregion, a coat of arms), `[]` and `{}` for empty lists and maps, null for the postal
code's parts (and for a boolean or an area the source did not give: never invented).
`area`, `latlng`, `capitalInfo.latlng` and `gini` are JSON floats (`-34.0`, where the file
has `-34`), as the server wrote its Java Doubles; `population` is an integer.
The models below document the OpenAPI schema only; answers are built as plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from countries.domain.model import Country
from countries.domain.record import Idd, LatLng, NamePair


def _latlng(value: LatLng | None) -> list[float]:
    return [] if value is None else [float(value[0]), float(value[1])]


def _names(pairs: Iterable[tuple[str, NamePair]]) -> dict[str, dict[str, str]]:
    return {lang: {"official": n.official, "common": n.common} for lang, n in pairs}


def _idd(idd: Idd, calling_codes: Sequence[str]) -> dict[str, Any]:
    if idd.root or not calling_codes:
        return {"root": idd.root or "", "suffixes": list(idd.suffixes)}
    # A v5 source gives whole calling codes only: v3.1 split them after the first digit.
    return {"root": calling_codes[0][:2], "suffixes": [code[2:] for code in calling_codes]}


def _flags(c: Country) -> dict[str, str]:
    return {"svg": c.flag.svg or "", "png": c.flag.png or "", "alt": c.flag.alt or ""}


def _coat_of_arms(c: Country) -> dict[str, str]:
    arms = c.details.coat_of_arms
    if arms.png is None and arms.svg is None:
        return {"png": "", "svg": ""}
    return {"svg": arms.svg or "", "png": arms.png or ""}


Render = Callable[[Country], Any]

# Every top-level field, in the data file's order, with how to render it.
_FIELDS: tuple[tuple[str, Render], ...] = (
    (
        "name",
        lambda c: {
            "common": c.name,
            "official": c.official_name,
            "nativeName": _names(c.details.native_names),
        },
    ),
    ("tld", lambda c: list(c.details.tld)),
    ("cca2", lambda c: c.cca2),
    ("ccn3", lambda c: c.ccn3 or ""),
    ("cca3", lambda c: c.code),
    ("cioc", lambda c: c.details.cioc or ""),
    ("fifa", lambda c: c.details.fifa or ""),
    ("independent", lambda c: c.details.independent),
    ("status", lambda c: c.details.status or ""),
    ("unMember", lambda c: c.details.un_member),
    (
        "currencies",
        lambda c: {
            cur.code: {"name": cur.name, "symbol": cur.symbol or ""} for cur in c.currencies
        },
    ),
    ("idd", lambda c: _idd(c.details.idd, c.details.calling_codes)),
    ("capital", lambda c: list(c.capitals)),
    ("capitalInfo", lambda c: {"latlng": _latlng(c.details.capital_latlng)}),
    ("altSpellings", lambda c: list(c.details.alt_spellings)),
    ("region", lambda c: c.region),
    ("subregion", lambda c: c.subregion or ""),
    ("continents", lambda c: list(c.continents)),
    ("languages", lambda c: {lang.code: lang.name for lang in c.languages}),
    ("translations", lambda c: _names(c.details.translations)),
    ("latlng", lambda c: _latlng(c.details.latlng)),
    ("landlocked", lambda c: c.details.landlocked),
    ("borders", lambda c: list(c.details.borders)),
    ("area", lambda c: None if c.details.area is None else float(c.details.area)),
    ("flag", lambda c: c.flag.emoji),
    ("demonyms", lambda c: {lang: {"f": d.f, "m": d.m} for lang, d in c.details.demonyms}),
    ("flags", _flags),
    ("coatOfArms", _coat_of_arms),
    ("population", lambda c: c.population),
    (
        "maps",
        lambda c: {
            "googleMaps": c.details.maps.google or "",
            "openStreetMaps": c.details.maps.openstreetmap or "",
        },
    ),
    ("gini", lambda c: {year: float(value) for year, value in c.details.gini}),
    ("car", lambda c: {"signs": list(c.details.car.signs), "side": c.details.car.side or ""}),
    (
        "postalCode",
        lambda c: {"format": c.details.postal_code.format, "regex": c.details.postal_code.regex},
    ),
    ("startOfWeek", lambda c: c.details.start_of_week or ""),
    ("timezones", lambda c: list(c.details.timezones)),
)

FIELD_NAMES: tuple[str, ...] = tuple(name for name, _ in _FIELDS)


def selected_fields(fields: str | None) -> tuple[tuple[str, Render], ...]:
    """The fields a `fields=a,b` parameter keeps, in record order; all of them when absent
    or empty. Names are exact (no trimming) and an unknown one is ignored, as the server did."""
    if not fields:
        return _FIELDS
    wanted = set(fields.split(","))
    return tuple(field for field in _FIELDS if field[0] in wanted)


def record_json(country: Country, fields: Sequence[tuple[str, Render]] = _FIELDS) -> dict[str, Any]:
    """The v3.1 record of a country (only `fields`), as plain JSON-ready data."""
    return {name: render(country) for name, render in fields}


# Each country object's full record, serialized once. The dataset reader holds the same
# objects for a whole dataset version (docs/architecture.md, "The life of a read request"),
# so every answer without `fields` after the first joins ready bytes, at about the cost of
# `/countries`, instead of rendering ten times its text again. Holding the object keeps its
# id from being reused; the whole memo is dropped when it holds a few versions' worth.
_MAX_REMEMBERED = 1024
_remembered: dict[int, tuple[Country, orjson.Fragment]] = {}


def _full_record(country: Country) -> orjson.Fragment:
    held = _remembered.get(id(country))
    if held is not None and held[0] is country:
        return held[1]
    if len(_remembered) >= _MAX_REMEMBERED:
        _remembered.clear()
    fragment = orjson.Fragment(orjson.dumps(record_json(country)))
    _remembered[id(country)] = (country, fragment)
    return fragment


def records_body(countries: Iterable[Country], fields: str | None) -> bytes:
    """The JSON array of the v3.1 records of these countries, keeping only `fields`."""
    if not fields:
        return orjson.dumps([_full_record(country) for country in countries])
    chosen = selected_fields(fields)
    return orjson.dumps([record_json(country, chosen) for country in countries])


def record_body(country: Country, fields: str | None) -> bytes:
    """The JSON object of one country's v3.1 record, keeping only `fields`."""
    return orjson.dumps(record_json(country, selected_fields(fields)))


class V31Country(BaseModel):
    """A REST Countries v3.1 record; `fields=` keeps only the fields named (so none is required)."""

    model_config = ConfigDict(extra="allow")

    name: dict[str, Any] | None = Field(None, description="common, official, nativeName")
    tld: list[str] | None = None
    cca2: str | None = None
    ccn3: str | None = Field(None, description='ISO 3166-1 numeric; "" when none')
    cca3: str | None = None
    cioc: str | None = None
    fifa: str | None = None
    independent: bool | None = None
    status: str | None = None
    unMember: bool | None = None  # noqa: N815 (the v3.1 field name)
    currencies: dict[str, dict[str, str]] | None = None
    idd: dict[str, Any] | None = None
    capital: list[str] | None = None
    capitalInfo: dict[str, list[float]] | None = None  # noqa: N815
    altSpellings: list[str] | None = None  # noqa: N815
    region: str | None = None
    subregion: str | None = None
    continents: list[str] | None = None
    languages: dict[str, str] | None = None
    translations: dict[str, dict[str, str]] | None = None
    latlng: list[float] | None = None
    landlocked: bool | None = None
    borders: list[str] | None = None
    area: float | None = None
    flag: str | None = None
    demonyms: dict[str, dict[str, str]] | None = None
    flags: dict[str, str] | None = None
    coatOfArms: dict[str, str] | None = None  # noqa: N815
    population: int | None = None
    maps: dict[str, str] | None = None
    gini: dict[str, float] | None = None
    car: dict[str, Any] | None = None
    postalCode: dict[str, str | None] | None = None  # noqa: N815
    startOfWeek: str | None = None  # noqa: N815
    timezones: list[str] | None = None


class V31Error(BaseModel):
    """The v3.1 error body: `{"status": 404, "message": "Not Found"}`."""

    status: int
    message: str
