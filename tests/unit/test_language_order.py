"""A country's languages keep the order its source lists them in, from every source.

v3.1 clients read `Object.values(c.languages)[0]` as "the language": Spain lists spa, cat,
eus, glc, and sorted by code its language was Catalan.
"""

from __future__ import annotations

from countries.adapters.restcountries.payloads_v5 import parse_page
from countries.adapters.restcountries.payloads_v31 import parse_records
from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from tests.upstream import fixture_records

V31, V5 = fixture_records()
SPAIN = ("spa", "cat", "eus", "glc")


def _codes(countries: list[Country] | tuple[Country, ...]) -> dict[str, tuple[str, ...]]:
    return {c.code: tuple(lang.code for lang in c.languages) for c in countries}


def test_a_v31_record_keeps_its_languages_in_the_order_of_its_keys() -> None:
    expected = {record["cca3"]: tuple(record["languages"]) for record in V31}
    assert _codes(parse_records(V31)) == expected
    assert expected["ESP"] == SPAIN
    assert expected["SGP"] == ("eng", "zho", "msa", "tam")


def test_a_v5_record_keeps_its_languages_in_the_order_of_its_list() -> None:
    envelope = {"data": {"objects": V5, "meta": {"total": len(V5), "more": False}}}
    expected = {
        record["codes"]["alpha_3"]: tuple(lang["iso639_3"] for lang in record["languages"])
        for record in V5
    }
    assert _codes(parse_page(envelope).countries) == expected
    assert expected["ESP"] == SPAIN
    assert expected["ITA"] == ("ita", "cat")


def test_the_bundled_snapshot_keeps_the_data_files_order() -> None:
    by_code = _codes(load_snapshot())
    assert by_code["ESP"] == SPAIN
    assert by_code["ITA"] == ("ita", "cat")
    assert by_code["SGP"] == ("eng", "zho", "msa", "tam")
