"""The v3.1 record renderer: the data file's shape, order and empty values, and `fields=`."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from countries.domain.model import Country, Currency, Flag, Language
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
from countries.entrypoints.http.schemas.v31 import (
    FIELD_NAMES,
    V31Country,
    record_body,
    record_json,
    records_body,
    selected_fields,
)
from tests.fakes import make_country
from tests.strategies import countries

# The ARG record of REST Countries v3.1 (its data file of 2026-02-25, MPL-2.0), verbatim.
ARG_RECORD = r"""
{
 "name": {
  "common": "Argentina",
  "official": "Argentine Republic",
  "nativeName": {
   "grn": {
    "official": "Argentine Republic",
    "common": "Argentina"
   },
   "spa": {
    "official": "República Argentina",
    "common": "Argentina"
   }
  }
 },
 "tld": [
  ".ar"
 ],
 "cca2": "AR",
 "ccn3": "032",
 "cca3": "ARG",
 "cioc": "ARG",
 "fifa": "ARG",
 "independent": true,
 "status": "officially-assigned",
 "unMember": true,
 "currencies": {
  "ARS": {
   "name": "Argentine peso",
   "symbol": "$"
  }
 },
 "idd": {
  "root": "+5",
  "suffixes": [
   "4"
  ]
 },
 "capital": [
  "Buenos Aires"
 ],
 "capitalInfo": {
  "latlng": [
   -34.58,
   -58.67
  ]
 },
 "altSpellings": [
  "AR",
  "Argentine Republic",
  "República Argentina"
 ],
 "region": "Americas",
 "subregion": "South America",
 "continents": [
  "South America"
 ],
 "languages": {
  "grn": "Guaraní",
  "spa": "Spanish"
 },
 "translations": {
  "ara": {
   "official": "جمهورية الأرجنتين",
   "common": "الأرجنتين"
  },
  "bre": {
   "official": "Republik Arc'hantina",
   "common": "Arc'hantina"
  },
  "ces": {
   "official": "Argentinská republika",
   "common": "Argentina"
  },
  "cym": {
   "official": "Gweriniaeth yr Ariannin",
   "common": "Ariannin"
  },
  "deu": {
   "official": "Argentinische Republik",
   "common": "Argentinien"
  },
  "est": {
   "official": "Argentina Vabariik",
   "common": "Argentina"
  },
  "fin": {
   "official": "Argentiinan tasavalta",
   "common": "Argentiina"
  },
  "fra": {
   "official": "République argentine",
   "common": "Argentine"
  },
  "hrv": {
   "official": "Argentinski Republika",
   "common": "Argentina"
  },
  "hun": {
   "official": "Argentin Köztársaság",
   "common": "Argentína"
  },
  "ind": {
   "official": "Republik Argentina",
   "common": "Argentina"
  },
  "ita": {
   "official": "Repubblica Argentina",
   "common": "Argentina"
  },
  "jpn": {
   "official": "アルゼンチン共和国",
   "common": "アルゼンチン"
  },
  "kor": {
   "official": "아르헨티나 공화국",
   "common": "아르헨티나"
  },
  "nld": {
   "official": "Argentijnse Republiek",
   "common": "Argentinië"
  },
  "per": {
   "official": "جمهوری آرژانتین",
   "common": "آرژانتین"
  },
  "pol": {
   "official": "Republika Argentyńska",
   "common": "Argentyna"
  },
  "por": {
   "official": "República Argentina",
   "common": "Argentina"
  },
  "rus": {
   "official": "Аргентинская Республика",
   "common": "Аргентина"
  },
  "slk": {
   "official": "Argentínska republika",
   "common": "Argentína"
  },
  "spa": {
   "official": "República Argentina",
   "common": "Argentina"
  },
  "srp": {
   "official": "Аргентинска Република",
   "common": "Аргентина"
  },
  "swe": {
   "official": "Republiken Argentina",
   "common": "Argentina"
  },
  "tur": {
   "official": "Arjantin Cumhuriyeti",
   "common": "Arjantin"
  },
  "urd": {
   "official": "جمہوریہ ارجنٹائن",
   "common": "ارجنٹائن"
  },
  "zho": {
   "official": "阿根廷共和国",
   "common": "阿根廷"
  }
 },
 "latlng": [
  -34,
  -64
 ],
 "landlocked": false,
 "borders": [
  "BOL",
  "BRA",
  "CHL",
  "PRY",
  "URY"
 ],
 "area": 2780400,
 "flag": "🇦🇷",
 "demonyms": {
  "eng": {
   "f": "Argentine",
   "m": "Argentine"
  },
  "fra": {
   "f": "Argentine",
   "m": "Argentin"
  }
 },
 "flags": {
  "svg": "https://flagcdn.com/ar.svg",
  "png": "https://flagcdn.com/w320/ar.png",
  "alt": "The flag of Argentina features three equal horizontal bands of light blue, white and light blue. A brown-edged golden sun is centered in the white band."
 },
 "coatOfArms": {
  "svg": "https://mainfacts.com/media/images/coats_of_arms/ar.svg",
  "png": "https://mainfacts.com/media/images/coats_of_arms/ar.png"
 },
 "population": 46735004,
 "maps": {
  "googleMaps": "https://goo.gl/maps/Z9DXNxhf2o93kvyc6",
  "openStreetMaps": "https://www.openstreetmap.org/relation/286393"
 },
 "gini": {
  "2019": 42.9
 },
 "car": {
  "signs": [
   "RA"
  ],
  "side": "right"
 },
 "postalCode": {
  "format": "@####@@@",
  "regex": "^([A-Z]\\d{4}[A-Z]{3})$"
 },
 "startOfWeek": "monday",
 "timezones": [
  "UTC-03:00"
 ]
}
"""

TRANSLATIONS = {
    lang: NamePair(common=names["common"], official=names["official"])
    for lang, names in orjson.loads(ARG_RECORD)["translations"].items()
}


def argentina() -> Country:
    """Argentina as a sync stores it, every detail filled, built by hand."""
    return make_country(
        "ARG",
        cca2="AR",
        ccn3="032",
        name="Argentina",
        official_name="Argentine Republic",
        capitals=("Buenos Aires",),
        currencies=(Currency(code="ARS", name="Argentine peso", symbol="$"),),
        continents=("South America",),
        region="Americas",
        subregion="South America",
        languages=(Language(code="grn", name="Guaraní"), Language(code="spa", name="Spanish")),
        population=46735004,
        flag=Flag(
            emoji="🇦🇷",
            png="https://flagcdn.com/w320/ar.png",
            svg="https://flagcdn.com/ar.svg",
            alt="The flag of Argentina features three equal horizontal bands of light blue, "
            "white and light blue. A brown-edged golden sun is centered in the white band.",
        ),
        details=CountryDetails(
            cioc="ARG",
            fifa="ARG",
            tld=(".ar",),
            independent=True,
            un_member=True,
            status="officially-assigned",
            idd=Idd(root="+5", suffixes=("4",)),
            calling_codes=("+54",),
            alt_spellings=("AR", "Argentine Republic", "República Argentina"),
            native_names=pairs(
                {
                    "grn": NamePair(common="Argentina", official="Argentine Republic"),
                    "spa": NamePair(common="Argentina", official="República Argentina"),
                }
            ),
            translations=pairs(TRANSLATIONS),
            demonyms=pairs(
                {
                    "eng": Demonym(f="Argentine", m="Argentine"),
                    "fra": Demonym(f="Argentine", m="Argentin"),
                }
            ),
            latlng=(-34.0, -64.0),
            landlocked=False,
            borders=("BOL", "BRA", "CHL", "PRY", "URY"),
            area=2780400.0,
            maps=Maps(
                google="https://goo.gl/maps/Z9DXNxhf2o93kvyc6",
                openstreetmap="https://www.openstreetmap.org/relation/286393",
            ),
            gini=(("2019", 42.9),),
            car=Car(signs=("RA",), side="right"),
            timezones=("UTC-03:00",),
            coat_of_arms=CoatOfArms(
                png="https://mainfacts.com/media/images/coats_of_arms/ar.png",
                svg="https://mainfacts.com/media/images/coats_of_arms/ar.svg",
            ),
            start_of_week="monday",
            capital_latlng=(-34.58, -58.67),
            postal_code=PostalCode(format="@####@@@", regex=r"^([A-Z]\d{4}[A-Z]{3})$"),
        ),
    )


def test_argentina_renders_exactly_as_the_v31_data_file_has_it() -> None:
    # Equal bytes: the same keys, in the same order at every level, and the same numbers
    # (`-34`, not `-34.0`).
    expected = orjson.dumps(orjson.loads(ARG_RECORD))
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
    served: dict[str, Any] = orjson.loads(record_body(country, None))
    assert V31Country.model_validate(served).model_dump(mode="json", exclude_unset=True) == served
