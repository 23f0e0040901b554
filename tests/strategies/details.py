"""Strategies for a country's details: as a well-formed source gives them, or any at all."""

from __future__ import annotations

import string
from typing import Any, TypeVar

from hypothesis import strategies as st

from countries.domain import record
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
from tests.strategies.text import ODD_ALPHABET, odd_text, place_name

V = TypeVar("V")

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
