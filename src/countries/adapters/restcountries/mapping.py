"""The one place that turns upstream facts into a `Country`, so v3.1, v5 and the snapshot agree."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from countries.domain.model import Country, Currency, Flag, Language

log = logging.getLogger(__name__)

# A URL we store and serve: http(s), a host, and no white space or control character.
# Anything else (`javascript:alert(1)`, `data:…`, a relative path) becomes None.
SAFE_URL = re.compile(
    r"https?://[^\s\x00-\x1f\x7f-\x9f/?#]+[^\s\x00-\x1f\x7f-\x9f]*", re.IGNORECASE
)

# (common, official) of a native name or a translation, by language code.
NamePairs = Mapping[str, tuple[str, str]]


def alt_names(
    *,
    name: str,
    official_name: str,
    spellings: Iterable[str],
    native: NamePairs,
    translations: NamePairs,
) -> tuple[str, ...]:
    """Every other name search should match: spellings, then native names, then translations.

    Native names and translations are taken by language code, so the key order of the
    payload (which differs between versions and servers) never changes the result.
    """
    candidates: list[str] = list(spellings)
    for pairs in (native, translations):
        for language in sorted(pairs):
            candidates.extend(pairs[language])
    seen = {name, official_name, ""}
    unique: list[str] = []
    for candidate in candidates:
        if candidate not in seen:
            seen.add(candidate)
            unique.append(candidate)
    return tuple(unique)


def build_country(
    *,
    code: str,
    cca2: str,
    ccn3: str | None,
    name: str,
    official_name: str,
    capitals: Iterable[str],
    currencies: Iterable[Currency],
    continents: Iterable[str],
    region: str,
    subregion: str | None,
    languages: Iterable[Language],
    population: int,
    flag: Flag,
    spellings: Iterable[str],
    native: NamePairs,
    translations: NamePairs,
) -> Country:
    """A `Country` from validated upstream values; empty optional strings become None."""
    return Country(
        code=code,
        cca2=cca2,
        ccn3=ccn3 or None,
        name=name,
        official_name=official_name,
        capitals=tuple(capitals),
        currencies=tuple(
            sorted(
                (Currency(code=c.code, name=c.name, symbol=c.symbol or None) for c in currencies),
                key=lambda c: c.code,
            )
        ),
        continents=tuple(continents),
        region=region,
        subregion=subregion or None,
        languages=tuple(sorted(languages, key=lambda lang: lang.code)),
        population=population,
        flag=Flag(emoji=flag.emoji, png=flag.png, svg=flag.svg, alt=flag.alt or None),
        alt_names=alt_names(
            name=name,
            official_name=official_name,
            spellings=spellings,
            native=native,
            translations=translations,
        ),
    )


def safe_url(value: str | None) -> str | None:
    """`value` when it is an http(s) URL, else None."""
    if value is None or not value.isprintable():  # no bidi overrides or zero-width tricks
        return None
    return value if SAFE_URL.fullmatch(value) else None


def keep_safe_urls(countries: list[Country], *, what: str) -> list[Country]:
    """`countries` with every URL that is not http(s) set to None, logged once for the lot."""
    refused: list[tuple[str, str, str]] = []
    kept: list[Country] = []
    for country in countries:
        flag = country.flag
        png, svg = safe_url(flag.png), safe_url(flag.svg)
        for field, given, safe in (("png", flag.png, png), ("svg", flag.svg, svg)):
            if given is not None and safe is None:
                refused.append((country.code, field, given))
        kept.append(
            country
            if (png, svg) == (flag.png, flag.svg)
            else replace(country, flag=replace(flag, png=png, svg=svg))
        )
    if refused:
        code, field, given = refused[0]
        log.warning(
            "%s: %d URL(s) are not http(s) and are stored as null, e.g. the flag %s of %s: %r",
            what,
            len(refused),
            field,
            code,
            given[:80],
        )
    return kept
