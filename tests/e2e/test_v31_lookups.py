"""The v3.1 lookups through ASGI follow the old server's rules over the stored countries.

Terms are drawn from the countries the app holds; the route's answer must be what
`domain.lookups` finds among all of them, in the app's order, and a 404 when it finds none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from urllib.parse import quote

import httpx2
import pytest
from dependency_injector import providers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.adapters.sqlalchemy.migrate import upgrade_database
from countries.bootstrap import MemoryStorage, build_container
from countries.config import Settings
from countries.domain.lookups import Lookup, by_codes, look_up
from countries.domain.model import Country
from countries.domain.query import CountryQuery
from countries.entrypoints.http.app import create_app
from tests.asgi_app import started

NOT_FOUND = {"status": 404, "message": "Not Found"}


@dataclass(repr=False)
class Served:
    """A client of the running app, and the active countries it holds (in its order)."""

    client: httpx2.AsyncClient
    countries: tuple[Country, ...]

    async def codes(self, url: str) -> list[str] | None:
        """The cca3 of each record the URL answers; None for a 404."""
        response = await self.client.get(url)
        if response.status_code == 404:
            assert response.json() == NOT_FOUND
            return None
        assert response.status_code == 200, response.text
        return [record["cca3"] for record in response.json()]


@pytest.fixture
async def served(storage: str, settings_for: Callable[..., Settings]) -> AsyncIterator[Served]:
    """The app on default test settings (seeded from the snapshot), as `client` runs it."""
    settings = settings_for()
    container = build_container(settings)
    if storage == "memory":
        container.storage.override(MemoryStorage(settings=providers.Object(settings)))
    else:
        await upgrade_database(settings.database_url)
    app = create_app(container)
    try:
        async with started(app) as client:
            page = await container.coordination.dataset_reader().query(CountryQuery())
            yield Served(client, page.items)
    finally:
        container.unwire()


def _independence(countries: tuple[Country, ...], status: bool) -> list[str] | None:
    found = [c.code for c in countries if (c.details.independent is True) == status]
    return found or None


async def test_independent_without_status_means_true(served: Served) -> None:
    assert await served.codes("/v3.1/independent?fields=cca3") == _independence(
        served.countries, True
    )
    assert await served.codes("/v3.1/independent?status=true&fields=cca3") == _independence(
        served.countries, True
    )
    assert await served.codes("/v3.1/independent?status=false&fields=cca3") == _independence(
        served.countries, False
    )


def _terms(country: Country, lookup: Lookup) -> list[str]:
    """What an application might look this country up by, with this lookup."""
    details = country.details
    match lookup:
        case Lookup.ALPHA:
            return [code for code in (country.cca2, country.code, country.ccn3) if code]
        case Lookup.NAME | Lookup.FULL_NAME:
            return [country.name, country.official_name, *details.alt_spellings]
        case Lookup.CURRENCY:
            return [t for c in country.currencies for t in (c.code, c.name)]
        case Lookup.CAPITAL:
            return list(country.capitals)
        case Lookup.REGION | Lookup.SUBREGION:
            return [country.region, country.subregion or ""]
        case Lookup.LANGUAGE:
            return [t for lang in country.languages for t in (lang.code, lang.name)]
        case Lookup.DEMONYM:
            return [t for _, d in details.demonyms for t in (d.f, d.m)]
        case Lookup.TRANSLATION:
            return [t for _, n in details.translations for t in (n.common, n.official)]


# Terms no country has, and case and accent variants the rules treat each their own way.
STRANGERS = ["zz", "Atlantis", "ÉIRE", "bogotá", "Europe", "americas", "EUR", "peso", "a"]


@st.composite
def lookups(draw: st.DrawFn, countries: tuple[Country, ...]) -> tuple[Lookup, str]:
    """A lookup and a term: part or all of something a stored country has, or a stranger,
    as it is, lower-cased or upper-cased."""
    lookup = draw(st.sampled_from(Lookup))
    own = [t for t in _terms(draw(st.sampled_from(countries)), lookup) if t.strip(". ")]
    term = draw(st.sampled_from(own or STRANGERS) | st.sampled_from(STRANGERS))
    start = draw(st.integers(0, len(term) - 1))
    end = draw(st.integers(start + 1, len(term)))
    term = draw(st.sampled_from([term, term[start:end]]))
    term = draw(st.sampled_from([term, term.lower(), term.upper()]))
    # A path segment of dots alone is no term, and a slash ends one.
    return lookup, term if term.strip(". ") and "/" not in term else "zz"


ROUTE = {
    Lookup.ALPHA: "alpha",
    Lookup.NAME: "name",
    Lookup.FULL_NAME: "name",
    Lookup.CURRENCY: "currency",
    Lookup.CAPITAL: "capital",
    Lookup.REGION: "region",
    Lookup.SUBREGION: "subregion",
    Lookup.LANGUAGE: "lang",
    Lookup.DEMONYM: "demonym",
    Lookup.TRANSLATION: "translation",
}


def _url(lookup: Lookup, term: str) -> str:
    # `/alpha/{code}` with `fields` answers one object: asked without, it answers them all.
    fields = "" if lookup is Lookup.ALPHA else "&fields=cca3"
    full_text = "&fullText=true" if lookup is Lookup.FULL_NAME else ""
    return f"/v3.1/{ROUTE[lookup]}/{quote(term, safe='')}?{fields}{full_text}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_each_route_answers_what_the_rule_finds_among_all_countries(
    served: Served, data: st.DataObject
) -> None:
    lookup, term = data.draw(lookups(served.countries))
    if lookup is Lookup.ALPHA and not 2 <= len(term) <= 3:
        term = served.countries[0].code
    expected = [c.code for c in look_up(served.countries, lookup, term)] or None
    assert await served.codes(_url(lookup, term)) == expected


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_a_list_of_codes_answers_each_country_it_names_once(
    served: Served, data: st.DataObject
) -> None:
    chosen = data.draw(st.lists(st.sampled_from(served.countries), min_size=1, max_size=4))
    codes = [data.draw(st.sampled_from([*_terms(c, Lookup.ALPHA), "zz"])) for c in chosen]
    joined = ",".join(codes) + ","  # a comma keeps even one long code a list
    expected = [c.code for c in by_codes(served.countries, joined.split(","))] or None
    assert await served.codes(f"/v3.1/alpha?codes={quote(joined)}&fields=cca3") == expected
