"""Three countries that hold the store's edge cases, and how the contract writes and reads them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from countries.domain.model import Country, Currency, Flag, Language
from countries.domain.query import CountryQuery
from tests.argentina import argentina
from tests.contract.conftest import Store

T0 = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
T1 = T0 + timedelta(days=1)

# REST Countries' own record, every detail, with alternative names that quote and nest.
ARGENTINA = replace(
    argentina(),
    alt_names=("Argentine Republic", "República Argentina", "Alemania? no: Argentinien"),
)
# Nothing optional is set: no numeric code, capital, currency, language, subregion, flag alt.
ANTARCTICA = Country(
    code="ATA",
    cca2="AQ",
    ccn3=None,
    name="Antarctica",
    official_name="Antarctica",
    continents=("Antarctica",),
    flag=Flag(emoji="🇦🇶", png="https://flagcdn.com/w320/aq.png", svg="https://flagcdn.com/aq.svg"),
)
ALAND = Country(
    code="ALA",
    cca2="AX",
    ccn3="248",
    name="Åland Islands",
    official_name="Landskapet Åland — 100%_ special\\chars 'quoted' \U0001d400",
    capitals=("Mariehamn", "Maarianhamina"),
    currencies=(
        Currency(code="EUR", name="Euro", symbol="€"),
        Currency(code="XXX", name="No symbol"),
    ),
    continents=("Europe",),
    region="Europe",
    subregion="Northern Europe",
    languages=(Language(code="swe", name="Swedish"),),
    population=2**63 - 1,  # the largest BIGINT
    flag=Flag(
        emoji="🇦🇽", png="https://flagcdn.com/w320/ax.png", svg="https://flagcdn.com/ax.svg", alt=""
    ),
    alt_names=("Ahvenanmaa", "オーランド諸島"),
)
ALL = (ARGENTINA, ANTARCTICA, ALAND)


async def put(store: Store, *found: Country, at: datetime = T0) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.upsert(found, at)
        await uow.commit()


async def retire(store: Store, *codes: str, at: datetime = T1) -> None:
    async with store.unit_of_work() as uow:
        await uow.countries.retire(codes, at)
        await uow.commit()


async def everything(store: Store) -> tuple[Country, ...]:
    return (await store.reader.query(CountryQuery())).items
