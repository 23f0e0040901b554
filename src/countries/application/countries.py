"""The read side: list/search/sort/page countries and look one up."""

from __future__ import annotations

from countries.application.errors import NotFound
from countries.application.ports import CountryReader
from countries.domain.model import Country
from countries.domain.query import CountryPage, CountryQuery
from countries.domain.text import fold_code


class ListCountries:
    """List, search, sort and page the active countries.

    - Filters are case- and accent-insensitive substrings, combined with AND.
    - Text sorts ignore case and accents; missing values last; ties by name, then code.
    """

    def __init__(self, reader: CountryReader) -> None:
        self._reader = reader

    async def __call__(self, query: CountryQuery) -> CountryPage:
        return await self._reader.query(query)


def normalize_code(code: str) -> str:
    """Upper-case a code and zero-pad a numeric one ("32" -> "032"), as the filters match it."""
    return fold_code(code).upper()


class GetCountry:
    """Look up one active country by its alpha-3, alpha-2 or numeric code, in any case.

    - An unknown or retired code is NotFound.
    """

    def __init__(self, reader: CountryReader) -> None:
        self._reader = reader

    async def __call__(self, code: str) -> Country:
        country = await self._reader.get(normalize_code(code))
        if country is None:
            raise NotFound(f"no country has the code {code!r}")
        return country
