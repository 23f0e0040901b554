"""The filters of the full record: currency, language, region, codes, flags, neighbours.

Beside the search texts of `query`, each country's facets are folded once (`facets_of`)
and held in its `Indexed` entry (`domain.index`), so these filters cost set look-ups and substring tests.
Text terms follow `fold`, as the name and capital filters do: case and accents ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from countries.domain.model import Country
from countries.domain.text import fold, fold_all, fold_code

if TYPE_CHECKING:
    from countries.domain.query import CountryFilter


# Every filter's name, as a query parameter names it, in the order the API documents them.
FILTER_NAMES = (
    "name",
    "capital",
    "continent",
    "q",
    "currency",
    "language",
    "region",
    "subregion",
    "demonym",
    "codes",
    "independent",
    "un_member",
    "landlocked",
    "borders",
    "full_name",
)
FLAG_FILTERS = frozenset({"independent", "un_member", "landlocked"})


@dataclass(frozen=True, slots=True)
class Facets:
    """A country's folded facets: what the full-record filters compare against."""

    code: str  # alpha-3, as stored: what a neighbour's `borders` lists
    currency_codes: frozenset[str]
    currency_names: str
    language_codes: frozenset[str]
    language_names: str
    region: str
    subregion: str
    demonyms: str
    codes: frozenset[str]  # alpha-3, alpha-2, numeric and IOC, folded
    full_names: frozenset[str]  # the common and the official name, folded
    independent: bool | None
    un_member: bool | None
    landlocked: bool | None


def facets_of(country: Country) -> Facets:
    """The facets of `country`, folded once."""
    details = country.details
    codes = (country.code, country.cca2, country.ccn3 or "", details.cioc or "")
    demonyms = (name for _, d in details.demonyms for name in (d.f, d.m))
    return Facets(
        code=country.code,
        currency_codes=frozenset(fold(c.code) for c in country.currencies),
        currency_names=fold_all(c.name for c in country.currencies),
        language_codes=frozenset(fold(lang.code) for lang in country.languages),
        language_names=fold_all(lang.name for lang in country.languages),
        region=fold(country.region),
        subregion=fold(country.subregion or ""),
        demonyms=fold_all(demonyms),
        codes=frozenset(fold(code) for code in codes if code),
        full_names=frozenset((fold(country.name), fold(country.official_name))),
        independent=details.independent,
        un_member=details.un_member,
        landlocked=details.landlocked,
    )


def _folded(term: str | None) -> str | None:
    return None if term is None else fold(term)


def _coded_or_named(term: str | None, codes: frozenset[str], names: str) -> bool:
    """A currency or a language: its exact code, or part of its name."""
    folded = _folded(term)
    return folded is None or folded in codes or folded in names


def _contains(term: str | None, text: str) -> bool:
    folded = _folded(term)
    return folded is None or folded in text


def _same(wanted: bool | None, actual: bool | None) -> bool:
    return wanted is None or wanted is actual


def passes_facets(facets: Facets, flt: CountryFilter, neighbours: frozenset[str] | None) -> bool:
    """Whether a country passes every full-record filter of `flt`.

    `neighbours` holds the alpha-3 codes bordering the country `flt.borders` names (empty
    when no country has that code); None when `flt.borders` is not given.
    """
    return (
        _coded_or_named(flt.currency, facets.currency_codes, facets.currency_names)
        and _coded_or_named(flt.language, facets.language_codes, facets.language_names)
        and _contains(flt.region, facets.region)
        and _contains(flt.subregion, facets.subregion)
        and _contains(flt.demonym, facets.demonyms)
        and (flt.codes is None or not facets.codes.isdisjoint(fold_code(c) for c in flt.codes))
        and (flt.full_name is None or fold(flt.full_name) in facets.full_names)
        and _same(flt.independent, facets.independent)
        and _same(flt.un_member, facets.un_member)
        and _same(flt.landlocked, facets.landlocked)
        and (neighbours is None or facets.code in neighbours)
    )


def neighbours_of(code: str, countries: Iterable[tuple[Country, Facets]]) -> frozenset[str]:
    """The alpha-3 codes of the countries bordering the one with `code` (of any kind)."""
    folded = fold_code(code)
    named = [country for country, facets in countries if folded in facets.codes]
    # Should codes of different kinds ever collide, the alpha-3 match wins, as in a lookup.
    named.sort(key=lambda country: fold(country.code) != folded)
    return frozenset(named[0].details.borders) if named else frozenset()
