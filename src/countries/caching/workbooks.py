"""`CachedExport`: the export use case behind a cache of the workbooks it made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from countries.application.export import ExportCountriesQuery, ExportWorkbook, Workbook
from countries.application.ports import Clock, CountryReader
from countries.caching.lru import LruCache
from countries.caching.single_flight import SingleFlight
from countries.domain.reports import local_day


@dataclass(frozen=True, slots=True)
class WorkbookKey:
    """What a workbook's bytes depend on, except the moment it was made."""

    # The whole query: filters, sort, page (`limit`, `offset`) and columns, so that two
    # pages of the same filters, or a page and every match, never share a workbook.
    query: ExportCountriesQuery
    version: int
    synced_at: datetime | None
    source: str | None
    day: str


class WorkbookCacheStore(LruCache[WorkbookKey, Workbook]):
    """The workbooks made last (32 by default); those of older data age out."""

    def __init__(self, max_entries: int = 32) -> None:
        super().__init__(max_entries=max_entries)


class CachedExport:
    """An export that sends a workbook again for the same query (and page), data and day.

    Writing a workbook takes openpyxl tens of milliseconds per hundred countries; the same
    export of unchanged data asked again the same day is sent again instead (its About
    sheet says when it was first made), and asked by many clients at once it is made once.
    """

    def __init__(
        self,
        export: ExportWorkbook,
        reader: CountryReader,
        clock: Clock,
        store: WorkbookCacheStore,
        zone: tzinfo,
    ) -> None:
        self._export = export
        self._reader = reader
        self._clock = clock
        self._store = store
        self._zone = zone
        self._making: SingleFlight[WorkbookKey] = SingleFlight()

    async def __call__(self, query: ExportCountriesQuery) -> Workbook:
        state = await self._reader.sync_state()
        day = local_day(self._clock.now(), self._zone).isoformat()
        key = WorkbookKey(query, state.version, state.synced_at, state.source, day)
        cached = self._store.get(key)
        if cached is not None:
            return cached
        async with self._making.first_or_wait(key) as flight:
            if flight is not None:
                return await self._make(key)
        # Another caller was making it: take its workbook, or (it failed) make one here.
        cached = self._store.get(key)
        return cached if cached is not None else await self._make(key)

    async def _make(self, key: WorkbookKey) -> Workbook:
        workbook = await self._export(key.query)
        self._store.put(key, workbook)
        return workbook
