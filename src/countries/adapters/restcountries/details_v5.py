"""Pydantic models of the v5 groups that carry the rest of a record, and their `CountryDetails`.

Strict on what we map (no type coercion, codes must look like codes), lenient to keys
we do not (v5 adds groups and keys over time). A group that is absent gives None or
empty. v5 has no coat of arms, and gives whole calling codes only, so `idd` stays empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from countries.domain.record import (
    Car,
    CountryDetails,
    Demonym,
    Maps,
    NamePair,
    PostalCode,
    pairs,
)

from .payload import Payload

Text = Annotated[str, Field(min_length=1)]
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Year = Annotated[str, Field(pattern=r"^\d{4}$")]
GiniIndex = Annotated[float, Field(ge=0, le=100)]
CallingCode = Annotated[str, Field(pattern=r"^\+\d+$")]


class V5NamePair(Payload):
    common: str
    official: str


class V5Coordinates(Payload):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lng: Annotated[float, Field(ge=-180, le=180)]

    def as_lat_lng(self) -> tuple[float, float] | None:
        """`(lat, lng)`, or None for (0, 0).

        v5's schema has no null coordinates: where it has none (a capital the data does
        not place) it gives (0, 0), in the Gulf of Guinea, where no country or capital lies.
        """
        if self.lat == 0 and self.lng == 0:
            return None
        return (float(self.lat), float(self.lng))


class V5Area(Payload):
    kilometers: Annotated[float, Field(ge=0)]


class V5Cars(Payload):
    driving_side: str | None = None
    signs: list[str] = Field(default_factory=list)


class V5Classification(Payload):
    sovereign: bool | None = None
    un_member: bool | None = None
    iso_status: str | None = None


class V5Date(Payload):
    start_of_week: str | None = None


class V5Demonym(Payload):
    f: str
    m: str


class V5Economy(Payload):
    gini_coefficient: dict[Year, GiniIndex] = Field(default_factory=dict)


class V5Links(Payload):
    google_maps: str | None = None
    open_street_maps: str | None = None


class V5PostalCode(Payload):
    format: str | None = None
    regex: str | None = None


class V5Details(Payload):
    """The top-level v5 groups `CountryDetails` draws on besides names, codes and capitals."""

    area: V5Area | None = None
    borders: list[Alpha3] = Field(default_factory=list)
    calling_codes: list[CallingCode] = Field(default_factory=list)
    cars: V5Cars = Field(default_factory=V5Cars)
    classification: V5Classification = Field(default_factory=V5Classification)
    coordinates: V5Coordinates | None = None
    date: V5Date = Field(default_factory=V5Date)
    demonyms: dict[Text, V5Demonym] = Field(default_factory=dict)
    economy: V5Economy = Field(default_factory=V5Economy)
    landlocked: bool | None = None
    links: V5Links = Field(default_factory=V5Links)
    postal_code: V5PostalCode = Field(default_factory=V5PostalCode)
    timezones: list[Text] = Field(default_factory=list)
    tlds: list[Text] = Field(default_factory=list)

    def to_details(self, other_groups: V5OtherGroups) -> CountryDetails:
        """The record's details, from these groups and what `other_groups` carry."""
        record = other_groups
        return CountryDetails(
            cioc=record.cioc or None,
            fifa=record.fifa or None,
            tld=tuple(self.tlds),
            independent=self.classification.sovereign,
            un_member=self.classification.un_member,
            status=self.classification.iso_status or None,
            calling_codes=tuple(self.calling_codes),
            alt_spellings=tuple(record.alternates),
            native_names=name_pairs(record.native),
            translations=name_pairs(record.translations),
            demonyms=pairs((k, Demonym(f=v.f, m=v.m)) for k, v in self.demonyms.items()),
            latlng=self.coordinates.as_lat_lng() if self.coordinates else None,
            landlocked=self.landlocked,
            borders=tuple(self.borders),
            area=float(self.area.kilometers) if self.area else None,
            maps=Maps(
                google=self.links.google_maps or None,
                openstreetmap=self.links.open_street_maps or None,
            ),
            gini=pairs(
                (year, float(value)) for year, value in self.economy.gini_coefficient.items()
            ),
            car=Car(signs=tuple(self.cars.signs), side=self.cars.driving_side or None),
            timezones=tuple(self.timezones),
            start_of_week=self.date.start_of_week or None,
            capital_latlng=record.capital_latlng,
            postal_code=PostalCode(
                format=self.postal_code.format or None, regex=self.postal_code.regex or None
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class V5OtherGroups:
    """What the details take from the groups the core mapping parses (names, codes, capitals)."""

    cioc: str | None
    fifa: str | None
    alternates: list[str]
    native: dict[str, V5NamePair]
    translations: dict[str, V5NamePair]
    capital_latlng: tuple[float, float] | None


def name_pairs(names: dict[str, V5NamePair]) -> tuple[tuple[str, NamePair], ...]:
    """Names by language as the record holds them."""
    return pairs((k, NamePair(common=v.common, official=v.official)) for k, v in names.items())
