"""Strategies for countries: odd names and places, often without capital, currency or language."""

from __future__ import annotations

import string
from dataclasses import replace

from hypothesis import strategies as st

from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.record import CountryDetails, Demonym
from tests.strategies.details import by_language
from tests.strategies.text import odd_text, place_name

populations = st.one_of(
    st.sampled_from((0, 0, 1000, 1000, 45_376_763)),
    st.integers(min_value=0, max_value=2**63 - 1),  # BIGINT's whole range
)


def currencies() -> st.SearchStrategy[tuple[Currency, ...]]:
    """Up to two currencies in code order, as the domain keeps them."""
    currency = st.builds(
        Currency,
        code=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
        name=place_name,
        symbol=st.one_of(st.none(), st.sampled_from(("$", "€", "£", "¥"))),
    )
    picked = st.lists(currency, max_size=2, unique_by=lambda c: c.code)
    return picked.map(lambda cs: tuple(sorted(cs, key=lambda c: c.code)))


def languages() -> st.SearchStrategy[tuple[Language, ...]]:
    """Up to two languages in code order, as the domain keeps them."""
    language = st.builds(
        Language,
        code=st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=3),
        name=place_name,
    )
    picked = st.lists(language, max_size=2, unique_by=lambda lang: lang.code)
    return picked.map(lambda ls: tuple(sorted(ls, key=lambda lang: lang.code)))


def countries() -> st.SearchStrategy[Country]:
    """One country: any code, odd names and places, often without capital, currency or language."""
    return st.builds(
        Country,
        code=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
        cca2=st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2),
        ccn3=st.one_of(st.none(), st.text(alphabet=string.digits, min_size=3, max_size=3)),
        name=place_name,
        official_name=place_name,
        capitals=st.lists(place_name, max_size=2).map(tuple),
        currencies=currencies(),
        continents=st.lists(st.sampled_from(("Europe", "Éurope", "Asia", "")), max_size=2).map(
            tuple
        ),
        region=st.sampled_from(("Europe", "europe", "Americas", "Ásia", "")),
        subregion=st.one_of(st.none(), place_name),
        languages=languages(),
        population=populations,
        flag=st.builds(
            Flag,
            emoji=st.sampled_from(("🇦🇷", "🇦🇽", "")),
            # None: the source gave no http(s) URL.
            png=st.sampled_from(("https://flagcdn.com/w320/xx.png", None)),
            svg=st.sampled_from(("https://flagcdn.com/xx.svg", None)),
            alt=st.one_of(st.none(), odd_text),
        ),
        alt_names=st.lists(place_name, max_size=2).map(tuple),
        # The few details the filters and sorts read (the whole record is slow to draw).
        details=st.builds(
            CountryDetails,
            cioc=st.none() | st.sampled_from(("ARG", "GER")),
            independent=st.none() | st.booleans(),
            un_member=st.none() | st.booleans(),
            landlocked=st.none() | st.booleans(),
            borders=st.lists(st.sampled_from(("ARG", "AAA", "ALA")), max_size=2).map(tuple),
            area=st.none() | st.floats(min_value=0, max_value=2e7),
            demonyms=by_language(st.builds(Demonym, f=place_name, m=place_name)),
        ),
    )


def country_lists(min_size: int = 0, max_size: int = 12) -> st.SearchStrategy[list[Country]]:
    """Countries whose alpha-3, alpha-2 and numeric codes are each unique, as in real data."""

    def renumber(found: list[Country]) -> list[Country]:
        return [c if c.ccn3 is None else replace(c, ccn3=f"{i:03d}") for i, c in enumerate(found)]

    unique = st.lists(
        countries(),
        min_size=min_size,
        max_size=max_size,
        unique_by=(lambda c: c.code, lambda c: c.cca2),
    )
    return unique.map(renumber)
