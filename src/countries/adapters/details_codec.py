"""`CountryDetails` back from plain JSON values, exactly.

`dataclasses.asdict(details)` is the plain form (tuples become JSON arrays);
`details_from_plain` rebuilds the frozen record from it, tuples and all, so a stored
record compares equal to the one that was stored.
"""

from __future__ import annotations

from typing import Any

from countries.domain.record import (
    Car,
    CoatOfArms,
    CountryDetails,
    Demonym,
    Idd,
    LatLng,
    Maps,
    NamePair,
    PostalCode,
)


def details_from_plain(raw: dict[str, Any]) -> CountryDetails:
    """The record whose `asdict` is `raw`; TypeError, KeyError or ValueError on any other shape."""
    return CountryDetails(
        **{
            **raw,
            "tld": tuple(raw["tld"]),
            "idd": Idd(root=raw["idd"]["root"], suffixes=tuple(raw["idd"]["suffixes"])),
            "calling_codes": tuple(raw["calling_codes"]),
            "alt_spellings": tuple(raw["alt_spellings"]),
            "native_names": tuple((k, NamePair(**v)) for k, v in raw["native_names"]),
            "translations": tuple((k, NamePair(**v)) for k, v in raw["translations"]),
            "demonyms": tuple((k, Demonym(**v)) for k, v in raw["demonyms"]),
            "latlng": lat_lng(raw["latlng"]),
            "borders": tuple(raw["borders"]),
            "maps": Maps(**raw["maps"]),
            "gini": tuple((year, float(value)) for year, value in raw["gini"]),
            "car": Car(signs=tuple(raw["car"]["signs"]), side=raw["car"]["side"]),
            "timezones": tuple(raw["timezones"]),
            "coat_of_arms": CoatOfArms(**raw["coat_of_arms"]),
            "capital_latlng": lat_lng(raw["capital_latlng"]),
            "postal_code": PostalCode(**raw["postal_code"]),
        }
    )


def lat_lng(raw: list[float] | None) -> LatLng | None:
    """A stored `[lat, lng]` as the record's pair; ValueError for any other length."""
    if raw is None:
        return None
    latitude, longitude = raw
    return (float(latitude), float(longitude))
