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


@dataclass(frozen=True, slots=True)
class Indexed:
    """A country with its folded search texts and sort keys, computed once."""

    country: Country
    texts: dict[SearchField, str]
    keys: dict[SortField, str | int | None]
    tie_break: tuple[str, str]

    @classmethod
    def of(cls, country: Country) -> Indexed:
        return cls(
            country, search_texts(country), sort_keys(country), (fold(country.name), country.code)
        )


def index(countries: Iterable[Country]) -> tuple[Indexed, ...]:
    """The countries ready to be queried many times (folding is most of a query's cost)."""
    return tuple(Indexed.of(country) for country in countries)


def matches(country: Country, flt: CountryFilter) -> bool:
    """Whether `country` passes every filter of `flt`."""
    return _passes(search_texts(country), flt)


def _passes(texts: dict[SearchField, str], flt: CountryFilter) -> bool:
    if any(term not in texts[f] for f, term in flt.terms().items()):
        return False
    q = flt.any_term()
    return q is None or any(q in text for text in texts.values())


def _sorted(found: Iterable[Indexed], spec: SortSpec) -> list[Country]:
    """Sort by `spec`: missing values last in either order, ties by name, then by code."""
    keyed = sorted(found, key=lambda entry: entry.tie_break)
    present = [entry for entry in keyed if entry.keys[spec.field] is not None]
    # Python's sort is stable even with reverse=True, so the name order above
    # survives as the tie-break in both directions.
    present.sort(key=lambda entry: entry.keys[spec.field], reverse=spec.order is SortOrder.DESC)  # type: ignore[arg-type,return-value]
    absent = [entry for entry in keyed if entry.keys[spec.field] is None]
    return [entry.country for entry in (*present, *absent)]


def sort_countries(countries: Iterable[Country], spec: SortSpec) -> list[Country]:
    """Sort by `spec`: missing values last in either order, ties by name, then by code."""
    return _sorted(index(countries), spec)


def run_indexed(indexed: Sequence[Indexed], query: CountryQuery) -> CountryPage:
    """Filter, sort and page indexed countries exactly as `query` says."""
    flt = query.filter
    found = _sorted((entry for entry in indexed if _passes(entry.texts, flt)), query.sort)
    end = None if query.limit is None else query.offset + query.limit
    return CountryPage(
        total=len(found),
        limit=query.limit,
        offset=query.offset,
        items=tuple(found[query.offset : end]),
    )


def run_query(countries: Sequence[Country], query: CountryQuery) -> CountryPage:
    """Filter, sort and page `countries` exactly as `query` says."""
    return run_indexed(index(countries), query)
