"""Argentina in v3.1: REST Countries' own ARG record, and the country a sync stores from it."""

from __future__ import annotations

from pathlib import Path

import orjson

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
from tests.fakes import make_country

# The ARG record of REST Countries v3.1 (its data file of 2026-02-25, MPL-2.0), verbatim.
ARG_RECORD = (Path(__file__).parent / "data" / "v31-arg.json").read_text(encoding="utf-8")

TRANSLATIONS = {
    lang: NamePair(common=names["common"], official=names["official"])
    for lang, names in orjson.loads(ARG_RECORD)["translations"].items()
}


# Its details as a sync stores them (frozen: one value serves every test).
DETAILS = CountryDetails(
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
)


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
        details=DETAILS,
    )
