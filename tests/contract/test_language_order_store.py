"""Every store keeps a country's languages in the source's order, and sorts by the first one.

The countries come from the bundled snapshot, so the order is the one a sync stores.
"""

from __future__ import annotations

from datetime import UTC, datetime

from countries.adapters.snapshot import load_snapshot
from countries.domain.query import CountryQuery, SortField, SortSpec
from tests.contract.conftest import Store

T0 = datetime(2026, 3, 1, tzinfo=UTC)
EXPECTED = {
    "ESP": ("spa", "cat", "eus", "glc"),
    "ITA": ("ita", "cat"),
    "SGP": ("eng", "zho", "msa", "tam"),
    "ARG": ("grn", "spa"),
}


async def test_languages_read_back_in_the_sources_order_and_sort_by_the_first(
    store: Store,
) -> None:
    countries = [c for c in load_snapshot() if c.code in EXPECTED]
    async with store.unit_of_work() as uow:
        await uow.countries.upsert(countries, T0)
        await uow.commit()

    for code, languages in EXPECTED.items():
        country = await store.reader.get(code)
        assert country is not None
        assert tuple(lang.code for lang in country.languages) == languages, code
    by_language = await store.reader.query(CountryQuery(sort=SortSpec(field=SortField.LANGUAGE)))
    # English, Guaraní, Italian, Spanish: Spain and Italy no longer sort as Catalan.
    assert [c.code for c in by_language.items] == ["SGP", "ARG", "ITA", "ESP"]
