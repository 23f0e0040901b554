"""`CountryDetails` to a JSON document and back, exactly: how the `details` column and the
upstream payload cache hold them.

The sync's diff compares stored and fetched countries for equality (docs/architecture.md,
"The life of a sync"), so a document must read back equal to what was written, or every
sync would rewrite every country. Hence:

- sequences are JSON arrays read back as tuples, and None stays null (never `[]`);
- mappings, kept as sorted `(key, value)` pairs, are JSON objects (the shape REST
  Countries itself uses) and are sorted again on reading, since JSONB reorders keys;
- floats are read back through `float()`: JSONB keeps numbers as `numeric`, so `1e16`
  comes back as the integer 10000000000000000, equal in value but not in type.

A key missing from a document (one written before a field existed) reads as the field's
default: not known, which the next sync fills.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    pairs,
    plain_details,
)

Document = dict[str, Any]


def details_to_document(details: CountryDetails) -> Document:
    """The JSON-able document of `details` (`domain.record.plain_details`)."""
    return plain_details(details)


def document_to_details(document: Mapping[str, Any] | None) -> CountryDetails:
    """The `CountryDetails` in `document`; None (a row stored before details were) is empty."""
    if document is None:
        return CountryDetails()
    doc: Mapping[str, Any] = document
    idd = doc.get("idd") or {}
    maps = doc.get("maps") or {}
    car = doc.get("car") or {}
    coat_of_arms = doc.get("coat_of_arms") or {}
    postal_code = doc.get("postal_code") or {}
    return CountryDetails(
        cioc=doc.get("cioc"),
        fifa=doc.get("fifa"),
        tld=_texts(doc.get("tld")),
        independent=doc.get("independent"),
        un_member=doc.get("un_member"),
        status=doc.get("status"),
        idd=Idd(root=idd.get("root"), suffixes=_texts(idd.get("suffixes"))),
        calling_codes=_texts(doc.get("calling_codes")),
        alt_spellings=_texts(doc.get("alt_spellings")),
        native_names=pairs(_name_pairs(doc.get("native_names"))),
        translations=pairs(_name_pairs(doc.get("translations"))),
        demonyms=pairs(
            (k, Demonym(f=v["f"], m=v["m"])) for k, v in (doc.get("demonyms") or {}).items()
        ),
        latlng=_latlng(doc.get("latlng")),
        landlocked=doc.get("landlocked"),
        borders=_texts(doc.get("borders")),
        area=_float_or_none(doc.get("area")),
        maps=Maps(google=maps.get("google"), openstreetmap=maps.get("openstreetmap")),
        gini=pairs((k, float(v)) for k, v in (doc.get("gini") or {}).items()),
        car=Car(signs=_texts(car.get("signs")), side=car.get("side")),
        timezones=_texts(doc.get("timezones")),
        coat_of_arms=CoatOfArms(png=coat_of_arms.get("png"), svg=coat_of_arms.get("svg")),
        start_of_week=doc.get("start_of_week"),
        capital_latlng=_latlng(doc.get("capital_latlng")),
        postal_code=PostalCode(format=postal_code.get("format"), regex=postal_code.get("regex")),
    )


def _name_pairs(document: Mapping[str, Any] | None) -> Iterable[tuple[str, NamePair]]:
    return (
        (k, NamePair(common=v["common"], official=v["official"]))
        for k, v in (document or {}).items()
    )


def _latlng(document: list[Any] | None) -> LatLng | None:
    return None if document is None else (float(document[0]), float(document[1]))


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


def _texts(document: list[str] | None) -> tuple[str, ...]:
    return tuple(document or ())
