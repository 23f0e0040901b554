"""The rest of the record from both upstream shapes: all 250 agree, any valid detail survives."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from countries.adapters.restcountries.mapping import keep_safe_urls
from countries.adapters.restcountries.payloads_v5 import parse_page
from countries.adapters.restcountries.payloads_v31 import V31_FIELDS, parse_records
from countries.application.errors import SourceInvalid
from countries.domain.model import Country
from countries.domain.record import CountryDetails, Idd
from tests.strategies import country_details
from tests.upstream import fixture_records
from tests.v5_view import as_v5_carries_it

V31, V5 = fixture_records()
CODES = [record["cca3"] for record in V31]
Record = dict[str, Any]


def from_v5(*records: Record) -> list[Country]:
    """Countries from v5 records, URLs checked as the v5 source checks them."""
    envelope = {"data": {"objects": list(records), "meta": {"total": 1, "more": False}}}
    return keep_safe_urls(parse_page(envelope).countries, what="a v5 page")


@cache
def parsed() -> tuple[dict[str, Country], dict[str, Country]]:
    """Every fixture record parsed from each shape, by code."""
    v31, v5 = parse_records(V31), from_v5(*V5)
    return {c.code: c for c in v31}, {c.code: c for c in v5}


def test_the_fixture_records_have_every_field() -> None:
    assert all(sorted(record) == sorted(V31_FIELDS) for record in V31)
    assert sorted(CODES) == sorted(parsed()[1])
    assert len(CODES) == 250


@pytest.mark.parametrize("code", CODES)
def test_each_country_agrees_in_both_shapes_on_every_field_v5_carries(code: str) -> None:
    from_v31, from_v5_shape = parsed()[0][code], parsed()[1][code]

    assert from_v5_shape == as_v5_carries_it(from_v31)
    # v5 gives whole calling codes only, and no coat of arms: nothing is made up for them.
    assert (from_v5_shape.details.idd, from_v5_shape.details.coat_of_arms.png) == (Idd(), None)
    assert from_v5_shape.details.calling_codes == from_v31.details.calling_codes


def test_what_the_record_keeps_of_argentina() -> None:
    details = parsed()[0]["ARG"].details

    assert (details.idd, details.calling_codes) == (Idd(root="+5", suffixes=("4",)), ("+54",))
    assert (details.independent, details.un_member, details.status) == (
        True,
        True,
        "officially-assigned",
    )
    assert (details.latlng, details.capital_latlng) == ((-34.0, -64.0), (-34.58, -58.67))
    assert (details.car.side, details.car.signs, details.gini) == (
        "right",
        ("RA",),
        (("2019", 42.9),),
    )
    assert dict(details.demonyms)["fra"].m == "Argentin"
    assert dict(details.native_names)["spa"].official == "República Argentina"
    assert details.postal_code.format == "@####@@@"


def test_empty_values_of_the_data_are_none_never_made_up() -> None:
    by_code = parsed()[0]
    aland, kosovo, antarctica, aruba = (
        by_code[code].details for code in ("ALA", "UNK", "ATA", "ABW")
    )

    assert (aland.cioc, aland.fifa) == (None, None)
    assert (kosovo.tld, kosovo.status) == ((), "user-assigned")
    assert (antarctica.capital_latlng, antarctica.native_names) == (None, ())
    assert (aruba.gini, aruba.postal_code.format, aruba.car.signs) == ((), None, ())
    assert parsed()[1]["UMI"].details.capital_latlng is None  # v5's (0, 0) for "none"


def as_v31(details: CountryDetails, base: Record) -> Record:
    """`base` (a v3.1 record) with `details` written in the v3.1 shape."""
    d = details
    record = copy.deepcopy(base)
    record["name"]["nativeName"] = {
        k: {"common": v.common, "official": v.official} for k, v in d.native_names
    }
    record.update({
        "tld": list(d.tld), "cioc": d.cioc or "", "fifa": d.fifa or "",
        "independent": d.independent, "status": d.status or "", "unMember": d.un_member,
        "idd": {"root": d.idd.root or "", "suffixes": list(d.idd.suffixes)},
        "altSpellings": list(d.alt_spellings),
        "translations": {k: {"common": v.common, "official": v.official} for k, v in d.translations},
        "latlng": list(d.latlng or []), "landlocked": d.landlocked, "borders": list(d.borders),
        "demonyms": {k: {"f": v.f, "m": v.m} for k, v in d.demonyms},
        "coatOfArms": {"png": d.coat_of_arms.png, "svg": d.coat_of_arms.svg},
        "maps": {"googleMaps": d.maps.google or "", "openStreetMaps": d.maps.openstreetmap},
        "gini": dict(d.gini), "car": {"signs": list(d.car.signs), "side": d.car.side or ""},
        "postalCode": {"format": d.postal_code.format, "regex": d.postal_code.regex},
        "startOfWeek": d.start_of_week or "", "timezones": list(d.timezones),
        "capitalInfo": {"latlng": list(d.capital_latlng or [])},
    })  # fmt: skip
    record.pop("area")
    return record if d.area is None else {**record, "area": d.area}


def as_v5(details: CountryDetails, base: Record) -> Record:
    """`base` (a v5 record) with `details` written in the v5 shape; (0, 0) where it has none."""
    d = details
    record = copy.deepcopy(base)
    pair = {k: {"common": v.common, "official": v.official} for k, v in d.native_names}
    record["names"].update(
        alternates=list(d.alt_spellings),
        native=pair,
        translations={k: {"common": v.common, "official": v.official} for k, v in d.translations},
    )
    record["codes"].update(cioc=d.cioc or "", fifa=d.fifa or "")
    lat, lng = d.capital_latlng or (0, 0)
    record["capitals"][0]["coordinates"] = {"lat": lat, "lng": lng}  # the primary one
    lat, lng = d.latlng or (0, 0)
    record.update({
        "tlds": list(d.tld), "calling_codes": list(d.calling_codes),
        "classification": {"sovereign": d.independent, "un_member": d.un_member,
                           "iso_status": d.status or "", "disputed": False},
        "coordinates": {"lat": lat, "lng": lng}, "landlocked": d.landlocked,
        "borders": list(d.borders), "demonyms": {k: {"f": v.f, "m": v.m} for k, v in d.demonyms},
        "links": {"google_maps": d.maps.google or "", "open_street_maps": d.maps.openstreetmap or ""},
        "economy": {"gini_coefficient": dict(d.gini)},
        "cars": {"signs": list(d.car.signs), "driving_side": d.car.side or ""},
        "postal_code": {"format": d.postal_code.format or "", "regex": d.postal_code.regex or ""},
        "date": {"start_of_week": d.start_of_week or "", "fiscal_year_start": {}},
        "timezones": list(d.timezones), "a_group_added_later": {"anything": [1]},
    })  # fmt: skip
    record.pop("area")
    return record if d.area is None else {**record, "area": {"kilometers": d.area, "miles": 1}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(country_details())
def test_any_valid_details_come_back_from_both_shapes(details: CountryDetails) -> None:
    v31_base, v5_base = V31[CODES.index("ARG")], V5[CODES.index("ARG")]
    from_v31 = parse_records([as_v31(details, v31_base)])[0]
    from_v5_shape = from_v5(as_v5(details, v5_base))[0]

    assert from_v31.details == details
    assert from_v5_shape == as_v5_carries_it(from_v31)


BAD_V31 = {
    "borders": ["arg"],
    "gini": {"20x9": 40.0},
    "latlng": [12.5],
    "capitalInfo": {"latlng": [91.0, 0.0]},
    "idd": {"root": "54", "suffixes": []},
    "unMember": "yes",
    "area": -1,
    "cioc": "ar",
    "car": {"signs": "RA", "side": "right"},
}
BAD_V5 = {
    "calling_codes": ["54"],
    "coordinates": {"lat": "-34", "lng": -64},
    "economy": {"gini_coefficient": {"2019": "42.9"}},
    "cars": {"signs": "RA"},
    "classification": {"sovereign": "true"},
    "area": {"kilometers": "2780400"},
    "tlds": [""],
}


@pytest.mark.parametrize(("field", "value"), BAD_V31.items())
def test_garbage_in_a_v31_detail_is_refused_naming_it(field: str, value: object) -> None:
    record = {**V31[CODES.index("ARG")], field: value}

    with pytest.raises(SourceInvalid, match=rf"failed validation: 0\.{field}"):
        parse_records([record])


@pytest.mark.parametrize(("group", "value"), BAD_V5.items())
def test_garbage_in_a_v5_group_is_refused_naming_it(group: str, value: object) -> None:
    record = {**V5[CODES.index("ARG")], group: value}

    with pytest.raises(SourceInvalid, match=rf"failed validation: data\.objects\.0\.{group}"):
        from_v5(record)
