"""The v3.1 record renderer: the data file's shape, order and empty values, and `fields=`."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from countries.domain.model import Country, Flag
from countries.domain.record import CountryDetails
from countries.entrypoints.http.schemas.v31 import (
    FIELD_NAMES,
    V31Country,
    record_body,
    record_json,
    records_body,
    selected_fields,
)
from tests.argentina import ARG_RECORD, argentina
from tests.fakes import make_country
from tests.strategies import countries


def _as_java_doubles(record: dict[str, Any]) -> dict[str, Any]:
    """`record` with the fields the server held as Doubles as floats, as it wrote them."""
    return record | {
        "area": float(record["area"]),
        "latlng": [float(x) for x in record["latlng"]],
        "capitalInfo": {"latlng": [float(x) for x in record["capitalInfo"]["latlng"]]},
        "gini": {year: float(value) for year, value in record["gini"].items()},
    }


def test_argentina_renders_exactly_as_the_v31_data_file_has_it() -> None:
    # Equal bytes: the same keys, in the same order at every level, and the same numbers,
    # but for the Doubles: `[-34.0,-64.0]` and `2780400.0` where the file has `[-34,-64]`.
    expected = orjson.dumps(_as_java_doubles(orjson.loads(ARG_RECORD)))
    assert b'"latlng":[-34.0,-64.0]' in expected
    assert b'"population":46735004,' in expected
    assert orjson.dumps(record_json(argentina())) == expected
    assert record_body(argentina(), None) == expected
    assert records_body([argentina()], None) == b"[" + expected + b"]"


def test_missing_values_render_as_the_data_file_renders_them() -> None:
    bare = make_country("XKX", ccn3=None, subregion=None, flag=Flag(emoji="🏳", png=None, svg=None))
    record = record_json(bare)
    assert list(record) == list(FIELD_NAMES)
    for missing_text in ("ccn3", "cioc", "fifa", "subregion", "status", "startOfWeek"):
        assert record[missing_text] == ""
    assert record["name"]["nativeName"] == {}
    assert record["idd"] == {"root": "", "suffixes": []}
    assert record["capitalInfo"] == {"latlng": []}
    assert record["latlng"] == []
    assert record["coatOfArms"] == {"png": "", "svg": ""}
    assert record["flags"] == {"svg": "", "png": "", "alt": ""}
    assert record["postalCode"] == {"format": None, "regex": None}
    assert record["gini"] == record["translations"] == record["demonyms"] == {}
    assert record["maps"] == {"googleMaps": "", "openStreetMaps": ""}
    assert record["car"] == {"signs": [], "side": ""}
    # Never invented: a flag or an area the source did not give stays null.
    assert record["independent"] is None
    assert record["area"] is None


def test_a_v5_country_has_its_calling_codes_split_as_v31_split_them() -> None:
    usa = make_country(details=CountryDetails(calling_codes=("+1201", "+1202")))
    russia = make_country(details=CountryDetails(calling_codes=("+73", "+74")))
    assert record_json(usa)["idd"] == {"root": "+1", "suffixes": ["201", "202"]}
    assert record_json(russia)["idd"] == {"root": "+7", "suffixes": ["3", "4"]}


def test_fields_keeps_the_fields_named_in_record_order_and_ignores_unknown_ones() -> None:
    record = orjson.loads(record_body(argentina(), "population,cca3,nope,flag"))
    assert record == {"cca3": "ARG", "flag": "🇦🇷", "population": 46735004}
    assert list(record) == ["cca3", "flag", "population"]


def test_field_names_are_exact_as_the_server_had_them() -> None:
    # Neither trimmed nor case-folded: ` cca3` and `CCA3` name no field.
    assert orjson.loads(records_body([argentina()], "name, cca3,CCA3")) == [
        {"name": record_json(argentina())["name"]}
    ]


def test_no_fields_or_empty_fields_is_every_field() -> None:
    assert [name for name, _ in selected_fields(None)] == list(FIELD_NAMES)
    assert [name for name, _ in selected_fields("")] == list(FIELD_NAMES)
    assert len(FIELD_NAMES) == 35


@given(country=countries(), chosen=st.lists(st.sampled_from(FIELD_NAMES), min_size=1))
def test_a_selection_is_the_full_record_cut_down(country: Country, chosen: list[str]) -> None:
    full = record_json(country)
    selected = orjson.loads(records_body([country], ",".join(chosen)))[0]
    assert selected == {name: full[name] for name in FIELD_NAMES if name in chosen}


@given(country=countries())
def test_every_record_reads_back_through_its_documented_model(country: Country) -> None:
    # Byte for byte: a model saying float where the record writes an int would differ.
    served = record_body(country, None)
    model = V31Country.model_validate(orjson.loads(served))
    assert orjson.dumps(model.model_dump(mode="json", exclude_unset=True)) == served
