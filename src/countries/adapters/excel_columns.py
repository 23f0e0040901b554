"""The workbook's columns, by Country field: a title, a width and the readable text of each.

A request names Country fields as the JSON names them (`fields=area,borders`); each field
is one column (the flag two: the emoji and a link to its image). Without `fields`, the
columns are the core ones the export always had.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from countries.domain.model import Country, Currency
from countries.domain.record import LatLng, NamePair

CellValue = str | int | float | None


class Kind(Enum):
    TEXT = "text"
    CODE = "code"  # shown as stored ("032"), never turned into a number
    COUNT = "count"  # a whole number, with thousands separators
    MEASURE = "measure"  # a number with decimals
    LINK = "link"  # a URL, written as a hyperlink


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: int
    value: Callable[[Country], CellValue]
    kind: Kind = Kind.TEXT


def _joined(values: Iterable[str], separator: str = ", ") -> str:
    return separator.join(values)


def _currency(currency: Currency) -> str:
    inside = f"{currency.code}, {currency.symbol}" if currency.symbol else currency.code
    return f"{currency.name} ({inside})"


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _names(pairs: Sequence[tuple[str, NamePair]]) -> str:
    return _joined((f"{lang}: {n.common} ({n.official})" for lang, n in pairs), "; ")


def _point(point: LatLng | None) -> str | None:
    return None if point is None else f"{point[0]}, {point[1]}"


def _idd(country: Country) -> str | None:
    idd = country.details.idd
    if not idd.root:
        return None
    return f"{idd.root} ({_joined(idd.suffixes)})" if idd.suffixes else idd.root


def _car(country: Country) -> str | None:
    car = country.details.car
    side = f"drives on the {car.side}" if car.side else None
    return _joined(part for part in (_joined(car.signs), side) if part) or None


def _labelled(**parts: str | None) -> str | None:
    return _joined((f"{label}: {value}" for label, value in parts.items() if value), "\n") or None


FIELD_COLUMNS: dict[str, tuple[Column, ...]] = {
    "code": (Column("Code", 7, lambda c: c.code, Kind.CODE),),
    "cca2": (Column("CCA2", 7, lambda c: c.cca2, Kind.CODE),),
    "ccn3": (Column("CCN3", 7, lambda c: c.ccn3, Kind.CODE),),
    "name": (Column("Name", 20, lambda c: c.name),),
    "official_name": (Column("Official name", 24, lambda c: c.official_name),),
    "capital": (Column("Capitals", 16, lambda c: _joined(c.capitals)),),
    "currencies": (
        Column("Currencies", 22, lambda c: _joined((_currency(x) for x in c.currencies), "; ")),
    ),
    "continents": (Column("Continents", 14, lambda c: _joined(c.continents)),),
    "region": (Column("Region", 10, lambda c: c.region),),
    "subregion": (Column("Subregion", 14, lambda c: c.subregion),),
    "languages": (
        Column("Languages", 22, lambda c: _joined(f"{x.name} ({x.code})" for x in c.languages)),
    ),
    "population": (Column("Population", 14, lambda c: c.population, Kind.COUNT),),
    "flag": (
        Column("Flag", 6, lambda c: c.flag.emoji),
        Column("Flag image", 31, lambda c: c.flag.png, Kind.LINK),
    ),
    "cioc": (Column("IOC code", 7, lambda c: c.details.cioc, Kind.CODE),),
    "fifa": (Column("FIFA code", 7, lambda c: c.details.fifa, Kind.CODE),),
    "tld": (Column("Internet domains", 10, lambda c: _joined(c.details.tld)),),
    "independent": (Column("Independent", 8, lambda c: _yes_no(c.details.independent)),),
    "un_member": (Column("UN member", 8, lambda c: _yes_no(c.details.un_member)),),
    "status": (Column("Status", 14, lambda c: c.details.status),),
    "idd": (Column("Dialling root (suffixes)", 14, _idd),),
    "calling_codes": (Column("Calling codes", 14, lambda c: _joined(c.details.calling_codes)),),
    "alt_spellings": (
        Column("Alternative spellings", 24, lambda c: _joined(c.details.alt_spellings)),
    ),
    "native_names": (Column("Native names", 30, lambda c: _names(c.details.native_names)),),
    "translations": (Column("Translations", 40, lambda c: _names(c.details.translations)),),
    "demonyms": (
        Column(
            "Demonyms (f / m)",
            24,
            lambda c: _joined((f"{k}: {d.f} / {d.m}" for k, d in c.details.demonyms), "; "),
        ),
    ),
    "latlng": (Column("Latitude, longitude", 14, lambda c: _point(c.details.latlng)),),
    "landlocked": (Column("Landlocked", 8, lambda c: _yes_no(c.details.landlocked)),),
    "borders": (Column("Borders", 16, lambda c: _joined(c.details.borders)),),
    "area": (Column("Area (km²)", 14, lambda c: c.details.area, Kind.MEASURE),),
    "maps": (
        Column(
            "Maps",
            31,
            lambda c: _labelled(
                google=c.details.maps.google, openstreetmap=c.details.maps.openstreetmap
            ),
        ),
    ),
    "gini": (Column("Gini", 10, lambda c: _joined(f"{y}: {v}" for y, v in c.details.gini)),),
    "car": (Column("Car signs, side", 14, _car),),
    "timezones": (Column("Time zones", 16, lambda c: _joined(c.details.timezones)),),
    "coat_of_arms": (Column("Coat of arms", 31, lambda c: c.details.coat_of_arms.png, Kind.LINK),),
    "start_of_week": (Column("Start of week", 10, lambda c: c.details.start_of_week),),
    "capital_latlng": (
        Column("Capital latitude, longitude", 14, lambda c: _point(c.details.capital_latlng)),
    ),
    "postal_code": (
        Column(
            "Postal code",
            20,
            lambda c: _labelled(
                format=c.details.postal_code.format, regex=c.details.postal_code.regex
            ),
        ),
    ),
}

# The columns of an export that names no fields: the core of the record, as ever.
DEFAULT_FIELDS = (
    "code",
    "cca2",
    "ccn3",
    "name",
    "official_name",
    "capital",
    "currencies",
    "continents",
    "region",
    "subregion",
    "languages",
    "population",
    "flag",
)


def columns_of(fields: Sequence[str] | None) -> tuple[Column, ...]:
    """The columns of these fields, in this order (the default columns when None)."""
    return tuple(column for name in fields or DEFAULT_FIELDS for column in FIELD_COLUMNS[name])
