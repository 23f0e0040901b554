"""What a country query means: filters, sort order and paging.

This module and `domain.index` (which runs a query over countries held in memory) are the
reference semantics. The in-memory readers run them as they are; the SQL reader stores
`search_texts` and `sort_keys` of every country in columns and lets the database do the
same comparisons, and the contract tests hold both to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from countries.domain.facets import FILTER_NAMES, FLAG_FILTERS
from countries.domain.model import Country
from countries.domain.text import fold, fold_all


class SortField(StrEnum):
    NAME = "name"
    CAPITAL = "capital"
    CURRENCY = "currency"
    CONTINENT = "continent"
    LANGUAGE = "language"
    POPULATION = "population"
    CODE = "code"
    REGION = "region"
    AREA = "area"
    SUBREGION = "subregion"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


class SearchField(StrEnum):
    NAME = "name"
    CAPITAL = "capital"
    CONTINENT = "continent"


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryFilter:
    """Filters combined with AND; `q` matches any searchable field (name, capital, continent).

    The full-record filters (from `currency` on) mean what `facets.passes_facets` says.
    """

    name: str | None = None
    capital: str | None = None
    continent: str | None = None
    q: str | None = None
    currency: str | None = None
    language: str | None = None
    region: str | None = None
    subregion: str | None = None
    demonym: str | None = None
    codes: tuple[str, ...] | None = None
    independent: bool | None = None
    un_member: bool | None = None
    landlocked: bool | None = None
    borders: str | None = None
    full_name: str | None = None

    def terms(self) -> dict[SearchField, str]:
        """The folded, non-empty field terms (`q` excluded)."""
        raw = {
            SearchField.NAME: self.name,
            SearchField.CAPITAL: self.capital,
            SearchField.CONTINENT: self.continent,
        }
        return {f: fold(v) for f, v in raw.items() if v is not None and fold(v)}

    def any_term(self) -> str | None:
        """The folded `q`, or None when it is absent or blank."""
        return fold(self.q) if self.q is not None and fold(self.q) else None

    def as_params(self) -> dict[str, str]:
        """The filters that were given, as query parameters (`codes` comma-separated)."""
        given: dict[str, str] = {}
        for name in FILTER_NAMES:
            value = getattr(self, name)
            if isinstance(value, bool):
                given[name] = "true" if value else "false"
            elif isinstance(value, tuple):
                given[name] = ",".join(value)
            elif value is not None:
                given[name] = value
        return given

    @classmethod
    def from_params(cls, params: dict[str, str]) -> CountryFilter:
        """The filter `as_params` gave these parameters of (a stored filter read back)."""
        values: dict[str, object] = {}
        for name, value in params.items():
            if name in FLAG_FILTERS:
                values[name] = value == "true"
            elif name == "codes":
                values[name] = tuple(value.split(","))
            elif name in FILTER_NAMES:
                values[name] = value
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, kw_only=True)
class SortSpec:
    field: SortField = SortField.NAME
    order: SortOrder = SortOrder.ASC


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryQuery:
    """A filtered, sorted page of countries; `limit=None` means every match."""

    filter: CountryFilter = CountryFilter()
    sort: SortSpec = SortSpec()
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryPage:
    total: int
    limit: int | None
    offset: int
    items: tuple[Country, ...]


def search_texts(country: Country) -> dict[SearchField, str]:
    """The folded text each search field matches against."""
    names = (country.name, country.official_name, *country.alt_names)
    return {
        SearchField.NAME: fold_all(names),
        SearchField.CAPITAL: fold_all(country.capitals),
        SearchField.CONTINENT: fold_all((*country.continents, country.region)),
    }


def sort_keys(country: Country) -> dict[SortField, str | int | float | None]:
    """The key each sort field orders by; None (no value) always sorts last."""

    def first(values: Iterable[str]) -> str | None:
        return next((fold(v) for v in values if fold(v)), None)

    return {
        SortField.NAME: fold(country.name),
        SortField.CAPITAL: first(country.capitals),
        SortField.CURRENCY: first(c.name for c in country.currencies),
        SortField.CONTINENT: first(country.continents),
        SortField.LANGUAGE: first(lang.name for lang in country.languages),
        SortField.POPULATION: country.population,
        SortField.CODE: country.code,
        SortField.REGION: first((country.region,)),
        SortField.AREA: country.details.area,
        SortField.SUBREGION: first((country.subregion or "",)),
    }
