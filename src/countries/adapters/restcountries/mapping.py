"""The one place that turns upstream facts into a `Country`, so v3.1, v5 and the snapshot agree."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.record import CoatOfArms, CountryDetails, Maps

log = logging.getLogger(__name__)

# A URL we store and serve: http(s), a host, and no white space or control character.
# Anything else (`javascript:alert(1)`, `data:…`, a relative path) becomes None.
SAFE_URL = re.compile(
    r"https?://[^\s\x00-\x1f\x7f-\x9f/?#]+[^\s\x00-\x1f\x7f-\x9f]*", re.IGNORECASE
)
# A link given without its scheme, as REST Countries gives three OpenStreetMap links
# (`openstreetmap.org/relation/54224`): a host name with a dot, then a path. It is served
# with `https://`, which every such site answers, rather than dropped.
BARE_HOST_URL = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?", re.IGNORECASE)

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
    details: CountryDetails,
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
        # As the source lists them: v3.1 clients take the first as the country's language.
        languages=tuple(languages),
        population=population,
        flag=Flag(emoji=flag.emoji, png=flag.png, svg=flag.svg, alt=flag.alt or None),
        alt_names=alt_names(
            name=name,
            official_name=official_name,
            spellings=spellings,
            native=native,
            translations=translations,
        ),
        details=details,
    )


def safe_url(value: str | None) -> str | None:
    """`value` when it is an http(s) URL (https:// added to a bare `host.tld/path`), else None."""
    if value is None or not value.isprintable():  # no bidi overrides or zero-width tricks
        return None
    if BARE_HOST_URL.fullmatch(value):
        value = f"https://{value}"
    return value if SAFE_URL.fullmatch(value) else None


def urls_of(country: Country) -> dict[str, str | None]:
    """Every URL of a country's record, by what it is (as the log names it)."""
    details = country.details
    return {
        "flag png": country.flag.png,
        "flag svg": country.flag.svg,
        "Google Maps link": details.maps.google,
        "OpenStreetMap link": details.maps.openstreetmap,
        "coat of arms png": details.coat_of_arms.png,
        "coat of arms svg": details.coat_of_arms.svg,
    }


def with_urls(country: Country, urls: dict[str, str | None]) -> Country:
    """`country` with the URLs `urls_of` names replaced by `urls`."""
    flag = replace(country.flag, png=urls["flag png"], svg=urls["flag svg"])
    details = replace(
        country.details,
        maps=Maps(google=urls["Google Maps link"], openstreetmap=urls["OpenStreetMap link"]),
        coat_of_arms=CoatOfArms(png=urls["coat of arms png"], svg=urls["coat of arms svg"]),
    )
    return replace(country, flag=flag, details=details)


def keep_safe_urls(countries: list[Country], *, what: str) -> list[Country]:
    """`countries` with every URL that is not http(s) set to None, logged once for the lot.

    A bare `host.tld/path` is kept with `https://` (`safe_url`), without a warning: nothing
    is lost, and nothing is for whoever reads the log to do.
    """
    refused: list[tuple[str, str, str]] = []
    kept: list[Country] = []
    for country in countries:
        given = urls_of(country)
        safe = {field: safe_url(url) for field, url in given.items()}
        refused.extend(
            (country.code, field, url)
            for field, url in given.items()
            if url is not None and safe[field] is None
        )
        kept.append(country if safe == given else with_urls(country, safe))
    if refused:
        code, field, url = refused[0]
        log.warning(
            "%s: %d URL(s) are not http(s) and are stored as null, e.g. the %s of %s: %r",
            what,
            len(refused),
            field,
            code,
            url[:80],
        )
    return kept
