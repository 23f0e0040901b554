"""The entities of the service: plain frozen dataclasses, free of any framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from countries.domain.record import CountryDetails


@dataclass(frozen=True, slots=True, kw_only=True)
class Currency:
    code: str
    name: str
    symbol: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    emoji: str
    png: str | None  # None when the source gave no http(s) URL
    svg: str | None
    alt: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Country:
    """One country or territory as REST Countries describes it, keyed by its alpha-3 code.

    Multi-valued fields are tuples in a stable order: capitals, continents and languages
    as the source lists them (the primary capital first), currencies by code.
    `alt_names` holds the alternative spellings and every translation and native
    name, which search matches; `details` holds every other field of the record.
    """

    code: str
    cca2: str
    ccn3: str | None
    name: str
    official_name: str
    capitals: tuple[str, ...] = ()
    currencies: tuple[Currency, ...] = ()
    continents: tuple[str, ...] = ()
    region: str = ""
    subregion: str | None = None
    languages: tuple[Language, ...] = ()
    population: int = 0
    flag: Flag
    alt_names: tuple[str, ...] = field(default=(), compare=True)
    details: CountryDetails = field(default_factory=CountryDetails)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncState:
    """What the served data is and where it came from; `version` grows with every change."""

    version: int = 0
    source: str | None = None
    synced_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None


class ActivityCategory(StrEnum):
    ADVENTURE = "adventure"
    CULTURE = "culture"
    FOOD = "food"
    NATURE = "nature"
    NIGHTLIFE = "nightlife"
    RELAXATION = "relaxation"
    SPORT = "sport"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """Something one can do in a country (alpha-3 `country_code`); it outlives every sync."""

    id: int
    country_code: str
    name: str
    category: ActivityCategory
    description: str | None = None
    city: str | None = None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivityPage:
    """One page of a country's activities, by id, and how many there are in all."""

    total: int
    limit: int
    offset: int
    items: tuple[Activity, ...]
