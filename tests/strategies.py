"""Hypothesis strategies for countries and country queries, built to hit the awkward cases.

Names and places come from small pools of accented, case-variant and LIKE-special text,
so generated data has equal names, names equal once folded, missing capitals,
currencies and languages, blank values and equal populations, far more often than
uniform text would. No NUL and no lone surrogates: PostgreSQL cannot store them, and
the HTTP edge rejects them before they reach a repository.
"""

from __future__ import annotations

import string
from dataclasses import replace
from typing import Any, TypeVar

from hypothesis import strategies as st

from countries.domain import record
from countries.domain.facets import FILTER_NAMES
from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.query import (
    CountryFilter,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from countries.domain.record import (
    Car,
    CoatOfArms,
    CountryDetails,
    Demonym,
    Idd,
    Maps,
    NamePair,
    PostalCode,
    pairs,
)

V = TypeVar("V")

# Letters that fold to the same thing, LIKE wildcards, the escape characters SQL
# adapters might pick, white space that collapses, and a few outside the BMP.
ODD_ALPHABET = (
    "aAáÁåÅæÆeEéÈëiIıİoOøØöuUüßẞﬁǅłŁđĐðÐþÞœŒǿΩωπ日本%_/\\'\" -\t\u0301\U0001f1e6\U0001d400"
)

# Letters Unicode does not decompose, each with the ASCII a reader types for it.
READER_SPELLINGS = {
    **{"ı": "i", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE"},
    **{"œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH"},
}


def spelled_words() -> st.SearchStrategy[tuple[str, str]]:
    """A word using READER_SPELLINGS, and the same word as a reader types it in ASCII."""
    letter = st.one_of(
        st.sampled_from(sorted(READER_SPELLINGS.items())),
        st.sampled_from(string.ascii_letters).map(lambda ch: (ch, ch)),
    )
    return st.lists(letter, min_size=1, max_size=10).map(
        lambda pairs: ("".join(p for p, _ in pairs), "".join(a for _, a in pairs))
    )


odd_text = st.text(alphabet=ODD_ALPHABET, max_size=8)

PLACE_NAMES = (
    "Åland Islands",
    "aland islands",
    "Aland",
    "Bogotá",
    "bogota",
    "Côte d'Ivoire",
    "Zürich",
    "Ísland",
    "Kıbrıs",
    "kibris",
    "Þórshöfn",
    "Łódź",
    "100% Land",
    "under_score",
    "",
    "   ",
)

place_name = st.one_of(st.sampled_from(PLACE_NAMES), odd_text)

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


# Details as a well-formed source gives them: codes that look like codes, http(s) URLs,
# finite numbers in range, and None (never "") for a text it does not give.
alpha3 = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
some_text = st.text(alphabet=ODD_ALPHABET, min_size=1, max_size=8)
maybe_text = st.none() | some_text
urls = st.none() | st.builds(
    "{}://{}.example/{}".format,
    st.sampled_from(("http", "https")),
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
    st.text(alphabet=string.ascii_letters + string.digits + "/._-", max_size=12),
)
# v5 has no null coordinates and gives (0, 0) for none, so (0, 0) itself is left out.
lat_lngs = st.none() | st.tuples(
    st.floats(min_value=-90, max_value=90), st.floats(min_value=-180, max_value=180)
).filter(lambda point: point != (0, 0))
language_codes = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=3)


def by_language(
    values: st.SearchStrategy[object],
) -> st.SearchStrategy[tuple[tuple[str, Any], ...]]:
    """A mapping by language code, as the record holds it: sorted `(code, value)` pairs."""
    return st.dictionaries(language_codes, values, max_size=3).map(record.pairs)


def idds() -> st.SearchStrategy[record.Idd]:
    """No dialling code, or a root with suffixes (possibly one empty suffix, as v3.1 has)."""
    root = st.text(alphabet=string.digits, min_size=1, max_size=2).map(lambda d: "+" + d)
    suffixes = st.lists(st.text(alphabet=string.digits, max_size=3), max_size=3, unique=True)
    return st.just(record.Idd()) | st.builds(record.Idd, root=root, suffixes=suffixes.map(tuple))


@st.composite
def country_details(draw: st.DrawFn) -> record.CountryDetails:
    """Every field of the rest of a record, each often empty; calling codes follow the idd."""
    idd = draw(idds())
    names = st.builds(record.NamePair, common=odd_text, official=odd_text)
    return record.CountryDetails(
        cioc=draw(st.none() | alpha3),
        fifa=draw(st.none() | alpha3),
        tld=tuple(draw(st.lists(some_text, max_size=2))),
        independent=draw(st.none() | st.booleans()),
        un_member=draw(st.none() | st.booleans()),
        status=draw(maybe_text),
        idd=idd,
        calling_codes=record.calling_codes(idd),
        alt_spellings=tuple(draw(st.lists(odd_text, max_size=3))),
        native_names=draw(by_language(names)),
        translations=draw(by_language(names)),
        demonyms=draw(by_language(st.builds(record.Demonym, f=odd_text, m=odd_text))),
        latlng=draw(lat_lngs),
        landlocked=draw(st.none() | st.booleans()),
        borders=tuple(draw(st.lists(alpha3, max_size=3))),
        area=draw(st.none() | st.floats(min_value=0, max_value=2e7)),
        maps=record.Maps(google=draw(urls), openstreetmap=draw(urls)),
        gini=draw(
            st.dictionaries(
                st.integers(1900, 2099).map(str), st.floats(min_value=0, max_value=100), max_size=3
            ).map(record.pairs)
        ),
        car=record.Car(signs=tuple(draw(st.lists(odd_text, max_size=2))), side=draw(maybe_text)),
        timezones=tuple(draw(st.lists(some_text, max_size=3))),
        coat_of_arms=record.CoatOfArms(png=draw(urls), svg=draw(urls)),
        start_of_week=draw(maybe_text),
        capital_latlng=draw(lat_lngs),
        postal_code=record.PostalCode(format=draw(maybe_text), regex=draw(maybe_text)),
    )


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


def search_terms() -> st.SearchStrategy[str]:
    """A filter term: blank, or short and likely to match some of the pools above."""
    return st.one_of(
        st.sampled_from(("", " ", "A", "å", "LAND", "bogotá", "%", "_", "/", "\\", "é")),
        st.sampled_from(("kibris", "KIBRIS", "thors", "lodz", "ss", "ae", "oe")),
        st.text(alphabet=ODD_ALPHABET, max_size=3),
    )


# The values each full-record filter is drawn from; the text filters take `search_terms`.
_FILTER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "codes": st.lists(
        st.sampled_from(("AR", "ARG", "032", "ax", "001")), min_size=1, max_size=3
    ).map(tuple),
    "independent": st.booleans(),
    "un_member": st.booleans(),
    "landlocked": st.booleans(),
    "borders": st.sampled_from(("AR", "arg", "AAA", "000")),
}


def country_filters() -> st.SearchStrategy[CountryFilter]:
    """At most two of the filters at once, so that many queries still match something."""
    fields = st.sets(st.sampled_from(FILTER_NAMES), max_size=2)
    return fields.flatmap(
        lambda chosen: st.fixed_dictionaries(
            {f: _FILTER_VALUES.get(f, search_terms()) for f in sorted(chosen)}
        ).map(lambda terms: CountryFilter(**terms))
    )


def country_queries() -> st.SearchStrategy[CountryQuery]:
    """Any query: filters, every sort field and order, with or without a page."""
    return st.builds(
        CountryQuery,
        filter=country_filters(),
        sort=st.builds(
            SortSpec, field=st.sampled_from(SortField), order=st.sampled_from(SortOrder)
        ),
        limit=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
        offset=st.one_of(st.just(0), st.integers(min_value=0, max_value=12)),
    )


def any_country_details() -> st.SearchStrategy[CountryDetails]:
    """Any CountryDetails: None beside empty text, empty beside filled sequences and
    mappings, and floats from the whole finite range (subnormals, -0.0, 1e300) besides
    the everyday ones, the cases a stored document could fail to read back equal."""
    optional_text = st.one_of(st.none(), odd_text)
    texts = st.lists(odd_text, max_size=3).map(tuple)
    optional_bool = st.sampled_from((None, True, False))
    number = st.one_of(
        st.sampled_from((0.0, -0.0, 1.0, 41.4, 2_780_400.0, -34.5, 1e16, 1e-7)),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    latlng = st.one_of(st.none(), st.tuples(number, number))
    keys = st.one_of(st.sampled_from(("eng", "spa", "fra", "2019", "")), odd_text)

    def mapping(values: st.SearchStrategy[V]) -> st.SearchStrategy[tuple[tuple[str, V], ...]]:
        return st.dictionaries(keys, values, max_size=3).map(pairs)

    name_pair = st.builds(NamePair, common=place_name, official=place_name)
    return st.builds(
        CountryDetails,
        cioc=optional_text,
        fifa=optional_text,
        tld=texts,
        independent=optional_bool,
        un_member=optional_bool,
        status=optional_text,
        idd=st.builds(Idd, root=optional_text, suffixes=texts),
        calling_codes=texts,
        alt_spellings=st.lists(place_name, max_size=3).map(tuple),
        native_names=mapping(name_pair),
        translations=mapping(name_pair),
        demonyms=mapping(st.builds(Demonym, f=odd_text, m=odd_text)),
        latlng=latlng,
        landlocked=optional_bool,
        borders=texts,
        area=st.one_of(st.none(), number),
        maps=st.builds(Maps, google=optional_text, openstreetmap=optional_text),
        gini=mapping(number),
        car=st.builds(Car, signs=texts, side=optional_text),
        timezones=texts,
        coat_of_arms=st.builds(CoatOfArms, png=optional_text, svg=optional_text),
        start_of_week=optional_text,
        capital_latlng=latlng,
        postal_code=st.builds(PostalCode, format=optional_text, regex=optional_text),
    )
