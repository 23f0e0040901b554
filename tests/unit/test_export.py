"""The export use case on the in-memory adapters: what it writes, and when it writes again."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from dependency_injector import providers
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from countries.adapters.cache import InMemoryPayloadCache
from countries.adapters.excel import OpenpyxlWorkbookWriter
from countries.adapters.memory import InMemoryCountryReader, InMemoryStore, InMemoryUnitOfWork
from countries.application.cache import InvalidateCache
from countries.application.countries import ListCountries
from countries.application.export import ExportCountriesQuery, ExportExcel, ExportWorkbook
from countries.application.export import Workbook as ExportedWorkbook
from countries.application.ports import WorkbookMeta
from countries.bootstrap import build_container, start_resources, stop_resources
from countries.caching.clearing import ClearingCaches
from countries.caching.workbooks import CachedExport, WorkbookCacheStore, WorkbookKey
from countries.config import load_settings
from countries.domain.model import Country
from countries.domain.query import CountryFilter
from tests.fakes import FixedClock, store_of

EUROPE = ExportCountriesQuery(filter=CountryFilter(continent="europe"))


@pytest.fixture
def store() -> InMemoryStore:
    return store_of(ARG="South America", FRA="Europe", ESP="Europe")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 28, 7, 0, tzinfo=UTC))


@pytest.fixture
def kept() -> WorkbookCacheStore:
    return WorkbookCacheStore()


def make_export(
    store: InMemoryStore,
    clock: FixedClock,
    kept: WorkbookCacheStore,
    writer: OpenpyxlWorkbookWriter | None = None,
) -> ExportWorkbook:
    """The export as the container wires it: `ExportExcel` behind the workbook cache."""
    reader = InMemoryCountryReader(store)
    export = ExportExcel(
        list_countries=ListCountries(reader=reader),
        reader=reader,
        writer=writer or OpenpyxlWorkbookWriter(),
        clock=clock,
        zone=UTC,
    )
    return CachedExport(export, reader, clock, kept, UTC)


@pytest.fixture
def export(store: InMemoryStore, clock: FixedClock, kept: WorkbookCacheStore) -> ExportWorkbook:
    return make_export(store, clock, kept)


def about(workbook: ExportedWorkbook) -> dict[str, str]:
    sheet = load_workbook(io.BytesIO(workbook.content))["About"]
    return {str(label): str(value) for label, value in sheet.iter_rows(values_only=True)}


def populations(workbook: ExportedWorkbook) -> dict[str, int]:
    sheet = load_workbook(io.BytesIO(workbook.content))["Countries"]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    return {str(row[0]): int(str(row[11])) for row in rows}


async def sync_population(store: InMemoryStore, code: str, population: int) -> int:
    """What a sync that changes one country commits: the row and a new dataset version (given)."""
    async with InMemoryUnitOfWork(store) as uow:
        country = (await uow.countries.active())[code]
        await uow.countries.upsert([replace(country, population=population)], datetime.now(UTC))
        state = await uow.sync_state.get()
        await uow.sync_state.save(replace(state, version=state.version + 1))
        await uow.commit()
    return state.version + 1


async def test_the_same_export_of_the_same_data_is_made_once_and_says_when(
    export: ExportWorkbook, clock: FixedClock
) -> None:
    first = await export(EUROPE)
    clock.advance(minutes=5)
    again = await export(EUROPE)
    assert again.content == first.content
    assert about(again)["Generated at"] == "2026-11-28T07:00:00+00:00"
    assert sorted(populations(again)) == ["ESP", "FRA"]


async def test_a_sync_that_changes_data_makes_the_next_export_afresh(
    export: ExportWorkbook, store: InMemoryStore, clock: FixedClock
) -> None:
    await export(EUROPE)
    await sync_population(store, "FRA", 68_000_000)
    clock.advance(minutes=1)
    after = await export(EUROPE)
    assert populations(after)["FRA"] == 68_000_000
    assert about(after)["Generated at"] == "2026-11-28T07:01:00+00:00"


async def test_another_day_or_other_filters_make_another_workbook(
    export: ExportWorkbook, clock: FixedClock
) -> None:
    today = await export(EUROPE)
    everything = await export(ExportCountriesQuery())
    clock.advance(days=1)
    tomorrow = await export(EUROPE)
    assert sorted(populations(everything)) == ["ARG", "ESP", "FRA"]
    assert today.filename == "countries-europe-2026-11-28.xlsx"
    assert tomorrow.filename == "countries-europe-2026-11-29.xlsx"
    assert about(tomorrow)["Generated at"] == "2026-11-29T07:00:00+00:00"


async def test_invalidating_the_cache_makes_the_next_export_afresh(
    export: ExportWorkbook, kept: WorkbookCacheStore, clock: FixedClock
) -> None:
    await export(EUROPE)
    await ClearingCaches(InvalidateCache(InMemoryPayloadCache()), [kept])()
    clock.advance(minutes=2)
    assert about(await export(EUROPE))["Generated at"] == "2026-11-28T07:02:00+00:00"


def key(n: int) -> WorkbookKey:
    query = ExportCountriesQuery(filter=CountryFilter(name=str(n)))
    return WorkbookKey(query=query, version=1, synced_at=None, source=None, day="2026-11-28")


@given(st.lists(st.integers(min_value=0, max_value=9), max_size=40), st.integers(1, 4))
def test_the_kept_workbooks_are_the_most_recently_used(used: list[int], bound: int) -> None:
    kept = WorkbookCacheStore(max_entries=bound)
    recent: list[int] = []
    for n in used:
        if kept.get(key(n)) is None:
            kept.put(key(n), ExportedWorkbook(filename=str(n), content=b"", rows=0))
        recent = [k for k in recent if k != n] + [n]
    held = {n for n in range(10) if kept.get(key(n)) is not None}
    assert held == set(recent[-bound:])


class CountingWriter(OpenpyxlWorkbookWriter):
    """The real writer, counting the workbooks it writes; the first can be made to fail."""

    def __init__(self, *, fail_first: bool = False) -> None:
        self.renders = 0
        self._fail_first = fail_first

    async def render(self, countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
        self.renders += 1
        if self._fail_first and self.renders == 1:
            await asyncio.sleep(0.01)
            raise OSError("disk full")
        return await super().render(countries, meta)


async def test_the_same_export_asked_for_at_once_is_written_once(
    store: InMemoryStore, clock: FixedClock, kept: WorkbookCacheStore
) -> None:
    writer = CountingWriter()
    export = make_export(store, clock, kept, writer)
    workbooks = await asyncio.gather(*(export(EUROPE) for _ in range(8)))
    assert writer.renders == 1
    assert {w.content for w in workbooks} == {workbooks[0].content}
    assert sorted(populations(workbooks[0])) == ["ESP", "FRA"]


async def test_when_the_first_workbook_fails_the_others_are_still_written(
    store: InMemoryStore, clock: FixedClock, kept: WorkbookCacheStore
) -> None:
    export = make_export(store, clock, kept, CountingWriter(fail_first=True))
    outcomes = await asyncio.gather(*(export(EUROPE) for _ in range(3)), return_exceptions=True)
    assert isinstance(outcomes[0], OSError)
    made = [w for w in outcomes[1:] if isinstance(w, ExportedWorkbook)]
    assert [sorted(populations(w)) for w in made] == [["ESP", "FRA"]] * 2


async def test_a_sync_this_process_has_not_heard_of_yet_keeps_no_stale_workbook() -> None:
    """Wired as the service is: another process's sync reaches this one within a second.

    Meanwhile this process answers from the data it holds, its exports included; the
    workbook it makes then must not be kept under the new version, or the export would
    go on sending the old rows once the news arrives.
    """
    container = build_container(load_settings(database_url="memory://", sync_interval_seconds=0))
    await start_resources(container)
    try:
        await container.countries.seed_if_empty()()
        export, version = container.countries.export_excel, container.coordination.dataset_version()
        await export()(EUROPE)
        store = container.storage.database()
        newer = await sync_population(store, "FRA", 68_000_000)  # by another process
        meanwhile = await export()(EUROPE)
        version.saw(newer)  # the version feed brings the news
        after = await export()(EUROPE)
    finally:
        await stop_resources(container)

    assert populations(meanwhile)["FRA"] != 68_000_000
    assert populations(after)["FRA"] == 68_000_000


async def test_the_same_export_asked_by_several_requests_at_once_is_written_once() -> None:
    container = build_container(load_settings(database_url="memory://", sync_interval_seconds=0))
    writer = CountingWriter()
    container.countries.workbook_writer.override(providers.Object(writer))
    await start_resources(container)
    try:
        await container.countries.seed_if_empty()()
        # Each request is handed the export by the container, as a route is.
        workbooks = await asyncio.gather(
            *(container.countries.export_excel()(EUROPE) for _ in range(4))
        )
    finally:
        await stop_resources(container)

    assert writer.renders == 1
    assert len({w.content for w in workbooks}) == 1
