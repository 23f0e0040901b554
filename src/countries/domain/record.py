"""The rest of a country's record: every field REST Countries v3.1 has beyond the core ones.

Mappings (names by language, gini by year) are tuples of `(key, value)` pairs sorted by
key, so a record stays frozen, hashable and equal whatever order the source sent. A field
the source does not provide is None or empty, never invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

V = TypeVar("V")


def pairs(mapping: Mapping[str, V] | Iterable[tuple[str, V]]) -> tuple[tuple[str, V], ...]:
    """A mapping as the record holds it: `(key, value)` pairs sorted by key."""
    items = mapping.items() if isinstance(mapping, Mapping) else mapping
    return tuple(sorted(items, key=lambda item: item[0]))


@dataclass(frozen=True, slots=True, kw_only=True)
class NamePair:
    """A name in one language: common and official."""

    common: str
    official: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Demonym:
    """What the inhabitants are called in one language, feminine and masculine."""

    f: str
    m: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Idd:
    """International dialling: the root (`+5`) and the suffixes that follow it (`4`)."""

    root: str | None = None
    suffixes: tuple[str, ...] = ()


def calling_codes(idd: Idd) -> tuple[str, ...]:
    """Whole calling codes, root and suffix joined (`+54`), as v5 gives them."""
    if not idd.root:
        return ()
    return tuple(idd.root + suffix for suffix in idd.suffixes) or (idd.root,)


@dataclass(frozen=True, slots=True, kw_only=True)
class Car:
    """Distinguishing signs of the country's cars, and the side of the road they drive on."""

    signs: tuple[str, ...] = ()
    side: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Maps:
    google: str | None = None
    openstreetmap: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CoatOfArms:
    png: str | None = None
    svg: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PostalCode:
    format: str | None = None
    regex: str | None = None


LatLng = tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryDetails:
    """Every field of a country's record beyond name, codes, capitals, currencies,
    continents, region, languages, population and flag."""

    cioc: str | None = None
    fifa: str | None = None
    tld: tuple[str, ...] = ()
    independent: bool | None = None
    un_member: bool | None = None
    status: str | None = None
    idd: Idd = Idd()
    # From v3.1, the idd joined; v5 gives only these (its idd is then empty).
    calling_codes: tuple[str, ...] = ()
    alt_spellings: tuple[str, ...] = ()
    native_names: tuple[tuple[str, NamePair], ...] = ()
    translations: tuple[tuple[str, NamePair], ...] = ()
    demonyms: tuple[tuple[str, Demonym], ...] = ()
    latlng: LatLng | None = None
    landlocked: bool | None = None
    borders: tuple[str, ...] = ()
    area: float | None = None
    maps: Maps = Maps()
    gini: tuple[tuple[str, float], ...] = ()
    car: Car = Car()
    timezones: tuple[str, ...] = ()
    coat_of_arms: CoatOfArms = CoatOfArms()
    start_of_week: str | None = None
    capital_latlng: LatLng | None = None
    postal_code: PostalCode = PostalCode()


def plain_details(details: CountryDetails) -> dict[str, Any]:
    """`details` as plain JSON values: one key per field, in the dataclass's order.

    What the API serves after a country's core fields, and what the database and the
    payload cache store: one definition for all three.
    """
    return {
        "cioc": details.cioc,
        "fifa": details.fifa,
        "tld": list(details.tld),
        "independent": details.independent,
        "un_member": details.un_member,
        "status": details.status,
        "idd": {"root": details.idd.root, "suffixes": list(details.idd.suffixes)},
        "calling_codes": list(details.calling_codes),
        "alt_spellings": list(details.alt_spellings),
        "native_names": {
            k: {"common": v.common, "official": v.official} for k, v in details.native_names
        },
        "translations": {
            k: {"common": v.common, "official": v.official} for k, v in details.translations
        },
        "demonyms": {k: {"f": v.f, "m": v.m} for k, v in details.demonyms},
        "latlng": _plain_latlng(details.latlng),
        "landlocked": details.landlocked,
        "borders": list(details.borders),
        "area": details.area,
        "maps": {"google": details.maps.google, "openstreetmap": details.maps.openstreetmap},
        "gini": dict(details.gini),
        "car": {"signs": list(details.car.signs), "side": details.car.side},
        "timezones": list(details.timezones),
        "coat_of_arms": {"png": details.coat_of_arms.png, "svg": details.coat_of_arms.svg},
        "start_of_week": details.start_of_week,
        "capital_latlng": _plain_latlng(details.capital_latlng),
        "postal_code": {
            "format": details.postal_code.format,
            "regex": details.postal_code.regex,
        },
    }


def _plain_latlng(latlng: LatLng | None) -> list[float] | None:
    return None if latlng is None else [latlng[0], latlng[1]]
