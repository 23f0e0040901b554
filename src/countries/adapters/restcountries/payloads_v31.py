"""Pydantic models of a REST Countries v3.1 record and their mapping to `Country`.

Lenient to fields we do not use (ignored), strict on those we do: no type coercion,
codes must look like codes. The bundled snapshot is parsed by these same models.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from countries.application.errors import SourceInvalid
from countries.domain.model import Country, Currency, Flag, Language

from .decode import invalid_payload, parse_json, refuse_duplicates
from .details_v31 import V31Details, V31NamePair
from .mapping import build_country, keep_safe_urls
from .payload import Payload, Record

# Every field of a v3.1 record, as v3.1 names them in `?fields=`: the record keeps them all.
V31_FIELDS = (
    "cca3",
    "name",
    "cca2",
    "ccn3",
    "capital",
    "currencies",
    "continents",
    "region",
    "subregion",
    "languages",
    "population",
    "flag",
    "flags",
    "altSpellings",
    "translations",
    "tld",
    "cioc",
    "fifa",
    "independent",
    "status",
    "unMember",
    "idd",
    "latlng",
    "landlocked",
    "borders",
    "area",
    "demonyms",
    "coatOfArms",
    "maps",
    "gini",
    "car",
    "postalCode",
    "startOfWeek",
    "timezones",
    "capitalInfo",
)

Text = Annotated[str, Field(min_length=1)]
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class V31Name(Payload):
    common: Text
    official: Text
    native_name: dict[Text, V31NamePair] = Field(default_factory=dict, alias="nativeName")


class V31Currency(Payload):
    name: Text
    symbol: str | None = None


class V31Flags(Payload):
    png: Text
    svg: Text
    alt: str | None = None


class V31Country(V31Details, Record):
    """One v3.1 record, every field of it."""

    cca3: Alpha3
    cca2: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    ccn3: Annotated[str, Field(pattern=r"^(\d{3})?$")] | None = None
    name: V31Name
    capital: list[Text] = Field(default_factory=list)
    currencies: dict[Alpha3, V31Currency] = Field(default_factory=dict)
    continents: list[Text]
    region: str
    subregion: str | None = None
    languages: dict[Text, Text] = Field(default_factory=dict)
    population: Annotated[int, Field(ge=0)]
    flag: Text
    flags: V31Flags

    @property
    def alpha3(self) -> str:
        """`cca3`."""
        return self.cca3

    def to_country(self) -> Country:
        """The domain entity for this record."""
        return build_country(
            code=self.cca3,
            cca2=self.cca2,
            ccn3=self.ccn3,
            name=self.name.common,
            official_name=self.name.official,
            capitals=self.capital,
            currencies=(
                Currency(code=code, name=c.name, symbol=c.symbol)
                for code, c in self.currencies.items()
            ),
            continents=self.continents,
            region=self.region,
            subregion=self.subregion,
            languages=(Language(code=code, name=name) for code, name in self.languages.items()),
            population=self.population,
            flag=Flag(emoji=self.flag, png=self.flags.png, svg=self.flags.svg, alt=self.flags.alt),
            spellings=self.alt_spellings,
            native={k: (v.common, v.official) for k, v in self.name.native_name.items()},
            translations={k: (v.common, v.official) for k, v in self.translations.items()},
            details=self.to_details(self.name.native_name),
        )


_RECORDS = TypeAdapter(list[V31Country])


def parse_records(data: object, *, what: str = "the v3.1 answer") -> list[Country]:
    """Countries from a decoded JSON list of full v3.1 records; anything else is SourceInvalid."""
    try:
        records = _RECORDS.validate_python(data)
    except ValidationError as exc:
        raise invalid_payload(exc, what=what) from None
    countries = refuse_duplicates([record.to_country() for record in records], what=what)
    return keep_safe_urls(countries, what=what)


def decode_records(body: bytes, *, what: str = "the v3.1 answer") -> list[Country]:
    """Countries from a JSON body holding a list of full v3.1 records."""
    return parse_records(parse_json(body, what=what), what=what)


def index_partial(data: object, *, what: str) -> dict[str, dict[str, object]]:
    """The records of one `?fields=` answer by cca3, for merging; checks only list shape and cca3."""
    if not isinstance(data, list):
        raise SourceInvalid(f"{what} is not a JSON list but {type(data).__name__}")
    indexed: dict[str, dict[str, object]] = {}
    for position, record in enumerate(data):
        code = record.get("cca3") if isinstance(record, dict) else None
        if not isinstance(code, str):
            raise SourceInvalid(f"{what}: record {position} is not an object with a string cca3")
        if code in indexed:
            raise SourceInvalid(f"{what} lists some countries twice: {code}")
        indexed[code] = record
    return indexed
