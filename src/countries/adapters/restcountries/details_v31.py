"""Pydantic models of the fields of a v3.1 record beyond the core ones, and their `CountryDetails`.

As strict as the core fields: no type coercion, codes must look like codes. Every
field is optional, since a mirror may lack one; what is absent is None or empty.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from countries.domain.record import (
    Car,
    CoatOfArms,
    CountryDetails,
    Demonym,
    Idd,
    Maps,
    NamePair,
    PostalCode,
    calling_codes,
    pairs,
)

from .payload import Payload

Text = Annotated[str, Field(min_length=1)]
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
# cioc and fifa: a three-letter code, or "" for a country that has none.
SportCode = Annotated[str, Field(pattern=r"^([A-Z]{3})?$")]
Year = Annotated[str, Field(pattern=r"^\d{4}$")]
GiniIndex = Annotated[float, Field(ge=0, le=100)]


def lat_lng_or_empty(given: list[float]) -> list[float]:
    """`given` when it is `[lat, lng]` in range or `[]`; a ValueError (so SourceInvalid) otherwise."""
    if given and (len(given) != 2 or abs(given[0]) > 90 or abs(given[1]) > 180):
        raise ValueError("expected [] or [latitude, longitude] in range")
    return given


# v3.1 gives [lat, lng], or [] when it has none (a capital's, for a country without one).
V31LatLng = Annotated[list[float], AfterValidator(lat_lng_or_empty)]


class V31NamePair(Payload):
    common: str
    official: str


class V31Demonym(Payload):
    f: str
    m: str


class V31Idd(Payload):
    root: Annotated[str, Field(pattern=r"^(\+\d+)?$")] = ""
    suffixes: list[Annotated[str, Field(pattern=r"^\d*$")]] = Field(default_factory=list)


class V31Maps(Payload):
    google_maps: str | None = Field(default=None, alias="googleMaps")
    open_street_maps: str | None = Field(default=None, alias="openStreetMaps")


class V31CoatOfArms(Payload):
    png: str | None = None
    svg: str | None = None


class V31Car(Payload):
    signs: list[str] = Field(default_factory=list)
    side: str | None = None


class V31PostalCode(Payload):
    format: str | None = None
    regex: str | None = None


class V31CapitalInfo(Payload):
    latlng: V31LatLng = Field(default_factory=list)


class V31Details(Payload):
    """The fields of a v3.1 record that `CountryDetails` holds (native names come with `name`)."""

    tld: list[Text] = Field(default_factory=list)
    cioc: SportCode | None = None
    fifa: SportCode | None = None
    independent: bool | None = None
    status: str | None = None
    un_member: bool | None = Field(default=None, alias="unMember")
    idd: V31Idd = Field(default_factory=V31Idd)
    alt_spellings: list[str] = Field(default_factory=list, alias="altSpellings")
    translations: dict[Text, V31NamePair] = Field(default_factory=dict)
    latlng: V31LatLng = Field(default_factory=list)
    landlocked: bool | None = None
    borders: list[Alpha3] = Field(default_factory=list)
    area: Annotated[float, Field(ge=0)] | None = None
    demonyms: dict[Text, V31Demonym] = Field(default_factory=dict)
    coat_of_arms: V31CoatOfArms = Field(default_factory=V31CoatOfArms, alias="coatOfArms")
    maps: V31Maps = Field(default_factory=V31Maps)
    gini: dict[Year, GiniIndex] = Field(default_factory=dict)
    car: V31Car = Field(default_factory=V31Car)
    postal_code: V31PostalCode = Field(default_factory=V31PostalCode, alias="postalCode")
    start_of_week: str | None = Field(default=None, alias="startOfWeek")
    timezones: list[Text] = Field(default_factory=list)
    capital_info: V31CapitalInfo = Field(default_factory=V31CapitalInfo, alias="capitalInfo")

    def to_details(self, native_names: dict[str, V31NamePair]) -> CountryDetails:
        """The record's details; `native_names` is `name.nativeName`."""
        idd = Idd(root=self.idd.root or None, suffixes=tuple(self.idd.suffixes))
        return CountryDetails(
            cioc=self.cioc or None,
            fifa=self.fifa or None,
            tld=tuple(self.tld),
            independent=self.independent,
            un_member=self.un_member,
            status=self.status or None,
            idd=idd,
            calling_codes=calling_codes(idd),
            alt_spellings=tuple(self.alt_spellings),
            native_names=name_pairs(native_names),
            translations=name_pairs(self.translations),
            demonyms=pairs((k, Demonym(f=v.f, m=v.m)) for k, v in self.demonyms.items()),
            latlng=lat_lng(self.latlng),
            landlocked=self.landlocked,
            borders=tuple(self.borders),
            area=None if self.area is None else float(self.area),
            maps=Maps(
                google=self.maps.google_maps or None,
                openstreetmap=self.maps.open_street_maps or None,
            ),
            gini=pairs((year, float(value)) for year, value in self.gini.items()),
            car=Car(signs=tuple(self.car.signs), side=self.car.side or None),
            timezones=tuple(self.timezones),
            coat_of_arms=CoatOfArms(
                png=self.coat_of_arms.png or None, svg=self.coat_of_arms.svg or None
            ),
            start_of_week=self.start_of_week or None,
            capital_latlng=lat_lng(self.capital_info.latlng),
            postal_code=PostalCode(
                format=self.postal_code.format or None, regex=self.postal_code.regex or None
            ),
        )


def name_pairs(names: dict[str, V31NamePair]) -> tuple[tuple[str, NamePair], ...]:
    """Names by language as the record holds them."""
    return pairs((k, NamePair(common=v.common, official=v.official)) for k, v in names.items())


def lat_lng(given: V31LatLng) -> tuple[float, float] | None:
    """`[lat, lng]` as floats, or None for `[]`."""
    if not given:
        return None
    latitude, longitude = given
    return (latitude, longitude)
