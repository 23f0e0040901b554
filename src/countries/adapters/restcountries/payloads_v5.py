"""Pydantic models of a REST Countries v5 list page and their mapping to `Country`.

v5 answers carry groups we do not use and add fields over time, so unknown fields
are ignored; the fields we map (every group that carries a v3.1 field) are checked as
strictly as for v3.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from countries.domain.model import Country, Currency, Flag, Language

from .decode import invalid_payload, parse_json
from .details_v5 import V5Coordinates, V5Details, V5NamePair, V5OtherGroups
from .mapping import build_country
from .payload import Payload, Record

# The top-level groups `Country` maps, asked for with `response_fields`.
V5_FIELDS = (
    "names",
    "codes",
    "capitals",
    "currencies",
    "continents",
    "region",
    "subregion",
    "languages",
    "population",
    "flag",
    "area",
    "borders",
    "calling_codes",
    "cars",
    "classification",
    "coordinates",
    "date",
    "demonyms",
    "economy",
    "landlocked",
    "links",
    "postal_code",
    "timezones",
    "tlds",
)

Text = Annotated[str, Field(min_length=1)]
Count = Annotated[int, Field(ge=0)]


class V5Names(Payload):
    common: Text
    official: Text
    alternates: list[str] = Field(default_factory=list)
    native: dict[Text, V5NamePair] = Field(default_factory=dict)
    translations: dict[Text, V5NamePair] = Field(default_factory=dict)


class V5Codes(Payload):
    alpha_2: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    alpha_3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    ccn3: Annotated[str, Field(pattern=r"^(\d{3})?$")] | None = None
    # A three-letter code, or "" for a country that has none.
    cioc: Annotated[str, Field(pattern=r"^([A-Z]{3})?$")] | None = None
    fifa: Annotated[str, Field(pattern=r"^([A-Z]{3})?$")] | None = None


class V5CapitalAttributes(Payload):
    primary: bool = False


class V5Capital(Payload):
    name: Text
    coordinates: V5Coordinates | None = None
    attributes: V5CapitalAttributes = Field(default_factory=V5CapitalAttributes)


class V5Currency(Payload):
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    name: Text
    symbol: str | None = None


class V5Language(Payload):
    iso639_3: Text
    name: Text


class V5Flag(Payload):
    emoji: Text
    url_png: Text
    url_svg: Text
    description: str | None = None


class V5Country(V5Details, Record):
    """One v5 record: every group that carries a field of the record."""

    names: V5Names
    codes: V5Codes
    capitals: list[V5Capital] = Field(default_factory=list)
    currencies: list[V5Currency] = Field(default_factory=list)
    continents: list[Text]
    region: str
    subregion: str | None = None
    languages: list[V5Language] = Field(default_factory=list)
    population: Count
    flag: V5Flag

    @property
    def alpha3(self) -> str:
        """`codes.alpha_3`."""
        return self.codes.alpha_3

    def to_country(self) -> Country:
        """The domain entity for this record."""
        return build_country(
            code=self.codes.alpha_3,
            cca2=self.codes.alpha_2,
            ccn3=self.codes.ccn3,
            name=self.names.common,
            official_name=self.names.official,
            capitals=(capital.name for capital in self.capitals),
            currencies=(
                Currency(code=c.code, name=c.name, symbol=c.symbol) for c in self.currencies
            ),
            continents=self.continents,
            region=self.region,
            subregion=self.subregion,
            languages=(Language(code=lang.iso639_3, name=lang.name) for lang in self.languages),
            population=self.population,
            flag=Flag(
                emoji=self.flag.emoji,
                png=self.flag.url_png,
                svg=self.flag.url_svg,
                alt=self.flag.description,
            ),
            spellings=self.names.alternates,
            native={k: (v.common, v.official) for k, v in self.names.native.items()},
            translations={k: (v.common, v.official) for k, v in self.names.translations.items()},
            details=self.to_details(
                V5OtherGroups(
                    cioc=self.codes.cioc,
                    fifa=self.codes.fifa,
                    alternates=self.names.alternates,
                    native=self.names.native,
                    translations=self.names.translations,
                    capital_latlng=self._primary_capital_latlng(),
                )
            ),
        )

    def _primary_capital_latlng(self) -> tuple[float, float] | None:
        primary = next((c for c in self.capitals if c.attributes.primary), None)
        if primary is None or primary.coordinates is None:
            return None
        return primary.coordinates.as_lat_lng()


class V5Meta(Payload):
    total: Count
    more: bool
    count: Count | None = None
    offset: Count | None = None


class V5Data(Payload):
    objects: list[V5Country]
    meta: V5Meta


class V5Envelope(Payload):
    data: V5Data


@dataclass(frozen=True, slots=True)
class V5Page:
    """One decoded page: its countries, how many exist in all, and whether more follow."""

    countries: list[Country]
    total: int
    more: bool


_ENVELOPE = TypeAdapter(V5Envelope)


def parse_page(data: object, *, what: str = "the v5 answer") -> V5Page:
    """A page from a decoded JSON envelope; any other shape is SourceInvalid."""
    try:
        envelope = _ENVELOPE.validate_python(data)
    except ValidationError as exc:
        raise invalid_payload(exc, what=what) from None
    countries = [record.to_country() for record in envelope.data.objects]
    return V5Page(countries=countries, total=envelope.data.meta.total, more=envelope.data.meta.more)


def decode_page(body: bytes, *, what: str = "the v5 answer") -> V5Page:
    """A page from a JSON body shaped `{"data": {"objects": [...], "meta": {...}}}`."""
    return parse_page(parse_json(body, what=what), what=what)
