"""The country store's contract on folding: a reader's ASCII spelling finds the real name."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import HealthCheck, Phase, given, settings

from countries.domain.query import CountryFilter, CountryQuery, SortField, SortSpec
from tests.contract.conftest import Store
from tests.fakes import make_country
from tests.strategies import spelled_words

OTHER = make_country("ATA", name="Antarctica", capitals=())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking against a database
)
@given(word=spelled_words())
async def test_the_ascii_spelling_finds_names_with_letters_unicode_does_not_decompose(
    store: Store, word: tuple[str, str]
) -> None:
    spelled, typed = word
    await store.clear()  # one database per adapter, emptied for every example
    place = replace(make_country("CYP"), name=f"Ciudad {spelled}", capitals=(f"{spelled} City",))
    async with store.unit_of_work() as uow:
        await uow.countries.upsert((place, OTHER), datetime(2026, 12, 1, tzinfo=UTC))
        await uow.commit()
    filters = (CountryFilter(name=f"ciudad {typed}"), CountryFilter(capital=f"{typed} CITY"))
    for flt in (*filters, CountryFilter(q=f"{typed.upper()} city")):
        found = (await store.reader.query(CountryQuery(filter=flt))).items
        assert found == (place,), (spelled, flt)
    by_name = SortSpec(field=SortField.NAME)
    assert (await store.reader.query(CountryQuery(sort=by_name))).items == (OTHER, place)
