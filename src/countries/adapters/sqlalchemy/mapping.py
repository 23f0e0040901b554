"""Rows to domain objects and back, by hand: the domain's frozen dataclasses stay unmapped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Column, RowMapping

from countries.adapters.details_codec import details_to_document, document_to_details
from countries.adapters.sqlalchemy.tables import countries
from countries.domain.model import Country, Currency, Flag, Language, SyncState
from countries.domain.query import SearchField, SortField, search_texts, sort_keys

# The columns a Country is read from: everything but the derived and bookkeeping ones.
COUNTRY_COLUMNS: tuple[Column[Any], ...] = tuple(
    c
    for c in countries.c
    if not c.name.startswith(("search_", "sort_")) and not c.name.endswith("_at")
)


def country_to_row(country: Country) -> dict[str, Any]:
    """The column values of `country`, its folded search and sort columns included."""
    texts = search_texts(country)
    keys = sort_keys(country)
    return {
        "code": country.code,
        "cca2": country.cca2,
        "ccn3": country.ccn3,
        "name": country.name,
        "official_name": country.official_name,
        "region": country.region,
        "subregion": country.subregion,
        "population": country.population,
        "flag_emoji": country.flag.emoji,
        # No URL is stored as empty text (see tables.py): never a URL, so nothing is lost.
        "flag_png": country.flag.png or "",
        "flag_svg": country.flag.svg or "",
        "flag_alt": country.flag.alt,
        "capitals": list(country.capitals),
        "currencies": [
            {"code": c.code, "name": c.name, "symbol": c.symbol} for c in country.currencies
        ],
        "continents": list(country.continents),
        "languages": [{"code": lang.code, "name": lang.name} for lang in country.languages],
        "alt_names": list(country.alt_names),
        "details": details_to_document(country.details),
        "search_name": texts[SearchField.NAME],
        "search_capital": texts[SearchField.CAPITAL],
        "search_continent": texts[SearchField.CONTINENT],
        "sort_name": keys[SortField.NAME],
        "sort_capital": keys[SortField.CAPITAL],
        "sort_currency": keys[SortField.CURRENCY],
        "sort_continent": keys[SortField.CONTINENT],
        "sort_language": keys[SortField.LANGUAGE],
        "sort_region": keys[SortField.REGION],
    }


def row_to_country(row: Mapping[str, Any] | RowMapping) -> Country:
    """The Country stored in `row` (a mapping over at least `COUNTRY_COLUMNS`)."""
    return Country(
        code=row["code"],
        cca2=row["cca2"],
        ccn3=row["ccn3"],
        name=row["name"],
        official_name=row["official_name"],
        capitals=tuple(row["capitals"]),
        currencies=tuple(
            Currency(code=c["code"], name=c["name"], symbol=c["symbol"]) for c in row["currencies"]
        ),
        continents=tuple(row["continents"]),
        region=row["region"],
        subregion=row["subregion"],
        languages=tuple(Language(code=x["code"], name=x["name"]) for x in row["languages"]),
        population=row["population"],
        flag=Flag(
            emoji=row["flag_emoji"],
            png=row["flag_png"] or None,
            svg=row["flag_svg"] or None,
            alt=row["flag_alt"],
        ),
        alt_names=tuple(row["alt_names"]),
        details=document_to_details(row["details"]),
    )


def sync_state_to_row(state: SyncState) -> dict[str, Any]:
    """The column values of the one sync_state row."""
    return {
        "id": 1,
        "version": state.version,
        "source": state.source,
        "synced_at": state.synced_at,
        "last_attempt_at": state.last_attempt_at,
        "last_error": state.last_error,
    }


def row_to_sync_state(row: Mapping[str, Any] | None) -> SyncState:
    """The SyncState in `row`, or the zero state when there is no row yet."""
    if row is None:
        return SyncState()
    return SyncState(
        version=row["version"],
        source=row["source"],
        synced_at=row["synced_at"],
        last_attempt_at=row["last_attempt_at"],
        last_error=row["last_error"],
    )
