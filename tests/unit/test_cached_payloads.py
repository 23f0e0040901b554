"""The upstream payload cache stores and restores countries exactly, details and all."""

from __future__ import annotations

import tracemalloc
from dataclasses import asdict, replace

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countries.adapters.cache import NAMESPACE, decode_countries, encode_countries
from countries.adapters.details_codec import details_to_document
from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from countries.domain.record import CountryDetails
from tests.strategies import countries, country_details


@settings(max_examples=200, deadline=None)
@given(countries(), country_details())
def test_a_country_with_any_details_comes_back_equal(
    country: Country, details: CountryDetails
) -> None:
    stored = [replace(country, details=details)]

    assert decode_countries(encode_countries(stored)) == stored


def test_every_bundled_country_comes_back_equal() -> None:
    snapshot = list(load_snapshot())

    assert decode_countries(encode_countries(snapshot)) == snapshot


def test_an_entry_of_the_shape_before_details_is_not_read() -> None:
    # Stored by the previous release: no details. Read as a country, it would drop them.
    old = orjson.dumps(
        [{k: v for k, v in asdict(c).items() if k != "details"} for c in load_snapshot()]
    )

    with pytest.raises(ValueError, match="undecodable"):
        decode_countries(old)
    assert NAMESPACE == "countries:v3:"  # and its keys are not even looked at


def test_an_entry_of_the_previous_release_is_not_read() -> None:
    # v2 stored the whole list as one JSON array: read as lines, it is no country.
    previous = orjson.dumps(
        [{**asdict(c), "details": details_to_document(c.details)} for c in load_snapshot()]
    )

    with pytest.raises(ValueError, match="undecodable"):
        decode_countries(previous)


def test_a_cached_payload_is_decoded_without_holding_all_its_json_at_once() -> None:
    # The JSON of the whole list, as Python values, is several times the countries made
    # from it: decoded at once, every sync from the cache peaked there (19 MB for 1 MB).
    payload = encode_countries(list(load_snapshot()))
    tracemalloc.start()
    try:
        decoded = decode_countries(payload)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert len(decoded) == 250
    assert peak < 2 * held


@given(
    st.sampled_from(("idd", "latlng", "gini", "car", "native_names")),
    st.sampled_from((1, "x", [[1]], None, {})),
)
def test_a_garbled_detail_is_undecodable_not_a_crash(field: str, value: object) -> None:
    raw = asdict(load_snapshot()[0])
    raw["details"][field] = value

    try:
        restored = decode_countries(orjson.dumps(raw))
    except ValueError:
        return
    assert restored[0].code == raw["code"]  # e.g. an empty mapping is still a mapping
