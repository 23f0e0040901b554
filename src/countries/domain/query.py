"""What a country query means: filters, sort order and paging.

This module is the reference semantics. The in-memory reader runs it as is; the
SQL reader stores `search_texts` and `sort_keys` of every country in columns and
lets the database do the same comparisons, and the contract tests hold both to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

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


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


class SearchField(StrEnum):
    NAME = "name"
    CAPITAL = "capital"
    CONTINENT = "continent"


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryFilter:
    """Substring filters, combined with AND; `q` matches any searchable field."""

    name: str | None = None
    capital: str | None = None
    continent: str | None = None
    q: str | None = None

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
        """The filters that were given, as query parameters."""
        raw = {"name": self.name, "capital": self.capital, "continent": self.continent, "q": self.q}
        return {k: v for k, v in raw.items() if v is not None}


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


def sort_keys(country: Country) -> dict[SortField, str | int | None]:
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
    }


def matches(country: Country, flt: CountryFilter) -> bool:
    """Whether `country` passes every filter of `flt`."""
    texts = search_texts(country)
    if any(term not in texts[f] for f, term in flt.terms().items()):
        return False
    q = flt.any_term()
    return q is None or any(q in text for text in texts.values())


def sort_countries(countries: Iterable[Country], spec: SortSpec) -> list[Country]:
    """Sort by `spec`: missing values last in either order, ties by name, then by code."""
    keyed = [(sort_keys(c)[spec.field], c) for c in countries]
    keyed.sort(key=lambda kc: (fold(kc[1].name), kc[1].code))
    present = [(k, c) for k, c in keyed if k is not None]
    # Python's sort is stable even with reverse=True, so the name order above
    # survives as the tie-break in both directions.
    present.sort(key=lambda kc: kc[0], reverse=spec.order is SortOrder.DESC)
    return [c for _, c in present] + [c for k, c in keyed if k is None]


def run_query(countries: Sequence[Country], query: CountryQuery) -> CountryPage:
    """Filter, sort and page `countries` exactly as `query` says."""
    found = sort_countries((c for c in countries if matches(c, query.filter)), query.sort)
    end = None if query.limit is None else query.offset + query.limit
    return CountryPage(
        total=len(found),
        limit=query.limit,
        offset=query.offset,
        items=tuple(found[query.offset : end]),
    )
