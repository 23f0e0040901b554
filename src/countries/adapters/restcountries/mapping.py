"""The one place that turns upstream facts into a `Country`, so v3.1, v5 and the snapshot agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from countries.domain.model import Country, Currency, Flag, Language

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
