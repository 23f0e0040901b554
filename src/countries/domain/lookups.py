"""The lookups of the retired REST Countries v3.1 API, with its own matching rules.

Each rule is the open-source server's (restcountries `CountryServiceBaseV3`, MPL-2.0), kept
as it was so an application written for restcountries.com/v3.1 finds the same countries:
plain lower-casing, substrings where it used substrings, exact matches where it used
`equalsIgnoreCase`, accents ignored only for capitals. Results keep the order given.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from countries.domain.model import Country

Rule = Callable[[Country, str], bool]


class Lookup(StrEnum):
    """What a v3.1 route looks countries up by."""

    ALPHA = "alpha"
    NAME = "name"
    FULL_NAME = "full_name"
    CURRENCY = "currency"
    CAPITAL = "capital"
    REGION = "region"
    SUBREGION = "subregion"
    LANGUAGE = "lang"
    DEMONYM = "demonym"
    TRANSLATION = "translation"


def strip_accents(text: str) -> str:
    """Java's `Normalizer` NFD with the combining diacritical marks removed."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFD", text)
        if not ("\u0300" <= ch <= "\u036f")  # the Combining Diacritical Marks block
    )


def _same(a: str | None, b: str) -> bool:
    return a is not None and a.lower() == b.lower()


def _has(haystack: str | None, needle: str) -> bool:
    return haystack is not None and needle.lower() in haystack.lower()


def _alpha(country: Country, code: str) -> bool:
    return any(
        _same(own, code) for own in (country.cca2, country.ccn3, country.code, country.details.cioc)
    )


def _name(country: Country, name: str) -> bool:
    names = (country.name, country.official_name, *country.details.alt_spellings)
    return any(_has(candidate, name) for candidate in names)


def _full_name(country: Country, name: str) -> bool:
    return _same(country.name, name) or _same(country.official_name, name)


def _currency(country: Country, currency: str) -> bool:
    # As the server did: the code ignores case, the name is lower-cased but the term is not.
    return any(_same(c.code, currency) or currency in c.name.lower() for c in country.currencies)


def _capital(country: Country, capital: str) -> bool:
    term = strip_accents(capital.lower())
    return any(term in strip_accents(own.lower()) for own in country.capitals)


def _region(country: Country, region: str) -> bool:
    return _has(country.region, region) or _same(country.subregion or "", region)


def _subregion(country: Country, subregion: str) -> bool:
    return _has(country.subregion or "", subregion)


def _language(country: Country, language: str) -> bool:
    return any(
        _same(lang.name, language) or _same(lang.code, language) for lang in country.languages
    )


def _demonym(country: Country, demonym: str) -> bool:
    return any(_has(d.f, demonym) or _has(d.m, demonym) for _, d in country.details.demonyms)


def _translation(country: Country, translation: str) -> bool:
    return any(
        _has(t.common, translation) or _has(t.official, translation)
        for _, t in country.details.translations
    )


_RULES: dict[Lookup, Rule] = {
    Lookup.ALPHA: _alpha,
    Lookup.NAME: _name,
    Lookup.FULL_NAME: _full_name,
    Lookup.CURRENCY: _currency,
    Lookup.CAPITAL: _capital,
    Lookup.REGION: _region,
    Lookup.SUBREGION: _subregion,
    Lookup.LANGUAGE: _language,
    Lookup.DEMONYM: _demonym,
    Lookup.TRANSLATION: _translation,
}


def look_up(countries: Iterable[Country], lookup: Lookup, term: str) -> list[Country]:
    """The countries the v3.1 server answered for this lookup and term.

    A full-text name lookup answers the first match only, as the server did.
    """
    rule = _RULES[lookup]
    found = [country for country in countries if rule(country, term)]
    return found[:1] if lookup is Lookup.FULL_NAME else found


def by_codes(countries: Sequence[Country], codes: Iterable[str]) -> list[Country]:
    """The countries any of these codes (alpha-2, alpha-3, numeric or IOC) names, once each."""
    wanted = [code for code in codes if code]
    return [c for c in countries if any(_alpha(c, code) for code in wanted)]


def independent(countries: Iterable[Country], status: bool) -> list[Country]:
    """The countries whose independence is `status` (an unknown one counts as not independent)."""
    return [c for c in countries if (c.details.independent is True) == status]


def alpha_code(raw: str) -> str | None:
    """The code `/alpha/{code}` looks up, or None when the server answered 400.

    The server dropped a stray `codes=` first, then refused a code shorter than 2 or
    longer than 3 characters.
    """
    code = raw.replace("codes=", "") if "codes" in raw else raw
    return code if 2 <= len(code) <= 3 else None


def code_list(raw: str | None) -> list[str] | None:
    """The codes `/alpha?codes=` looks up, or None when the server answered 400.

    The server refused a list that is missing, empty, shorter than 2 characters, or longer
    than 3 without a comma; it split the rest on commas, spaces kept.
    """
    if not raw or len(raw) < 2 or (len(raw) > 3 and "," not in raw):
        return None
    return raw.split(",")


# Micronaut's String→Boolean conversion (any case), and "1", which older Spring servers
# read as true and PHP's http_build_query sends for true.
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})


def flag(raw: str | None, *, default: bool) -> bool:
    """A boolean parameter (`status`, `fullText`) as the server read it, never an error:
    `default` when absent, true for a true word in any case, false for anything else."""
    if raw is None:
        return default
    return raw.lower() in _TRUE_WORDS
