"""The lookups of the retired REST Countries v3.1 API, over the active countries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from countries.application.errors import NotFound
from countries.application.ports import CountryReader
from countries.domain.lookups import Lookup, by_codes, independent, look_up
from countries.domain.model import Country
from countries.domain.query import CountryQuery


@dataclass(frozen=True, slots=True)
class Everything:
    """Every active country (`/v3.1/all`)."""


@dataclass(frozen=True, slots=True)
class ByTerm:
    """The countries one lookup finds for one term (`/v3.1/name/{name}`, `/v3.1/lang/…`)."""

    lookup: Lookup
    term: str


@dataclass(frozen=True, slots=True)
class ByCodes:
    """The countries any of these codes names (`/v3.1/alpha?codes=a,b`)."""

    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ByIndependence:
    """The countries whose independence is `status` (`/v3.1/independent?status=`)."""

    status: bool


V31Lookup = Everything | ByTerm | ByCodes | ByIndependence


def _find(countries: Sequence[Country], request: V31Lookup) -> list[Country]:
    match request:
        case ByTerm(lookup=lookup, term=term):
            return look_up(countries, lookup, term)
        case ByCodes(codes=codes):
            return by_codes(countries, codes)
        case ByIndependence(status=status):
            return independent(countries, status)
        case Everything():
            return list(countries)


class LookUpCountries:
    """Answer a REST Countries v3.1 lookup as the retired server did, over the active countries.

    - Matching follows the server's own rules (`domain.lookups`): lower-cased substrings
      for names, capitals, regions, subregions, demonyms and translations; exact codes,
      languages and full names (the first match only); accents ignored for capitals alone.
    - A lookup that finds nothing is NotFound; every country (`Everything`) never is.
    - Countries come by name, as `/countries` lists them (the server's order was arbitrary).
    """

    def __init__(self, reader: CountryReader) -> None:
        self._reader = reader

    async def __call__(self, request: V31Lookup) -> list[Country]:
        countries = (await self._reader.query(CountryQuery())).items
        found = _find(countries, request)
        if not found and not isinstance(request, Everything):
            raise NotFound("Not Found")
        return found
