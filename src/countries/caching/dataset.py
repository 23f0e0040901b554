"""`CachedDatasetReader`: the active countries held in memory per dataset version.

About 250 countries fit in a few megabytes. Loading them once per dataset version and
answering every query with the domain's own `CountryIndex` makes a query nobody asked before
cost Python work only: no database round trip, no rows hydrated per request. The store is
read again as soon as this process knows of a newer version (`DatasetVersion`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from countries.application.ports import CountryReader
from countries.caching.lru import LruCache
from countries.caching.single_flight import SingleFlight
from countries.caching.versions import DatasetVersion
from countries.domain.index import CountryIndex, page_of
from countries.domain.model import Country, SyncState
from countries.domain.query import CountryFilter, CountryPage, CountryQuery, SortSpec

# Filters (with their order) whose matches a dataset keeps: a few hundred tuples of
# references, well under a megabyte.
MATCHES_KEPT = 512
# Filters whose passing countries a dataset keeps, whatever the order asked: a tuple of
# small ints each (about 2 kB at most, a few hundred bytes for a search), so that the
# same search sorted or paged another way tests no country again.
FILTERS_KEPT = 4096


@dataclass(frozen=True, slots=True)
class Dataset:
    """The active countries at one dataset version, by name and by every code.

    `state` is the sync state read just before the countries: what an export says of
    them (when they were synced, from where) and the version its workbook is cached under.
    """

    version: int
    countries: tuple[Country, ...]
    state: SyncState = field(default_factory=SyncState)
    by_code: dict[str, Country] = field(default_factory=dict)
    index: CountryIndex = field(default_factory=lambda: CountryIndex(()))
    # The matches of the filters and orders asked for lately: paging through one result
    # (another offset or limit, each a new URL) is then a slice, not a pass over them all.
    matches: LruCache[tuple[CountryFilter, SortSpec], tuple[Country, ...]] = field(
        default_factory=lambda: LruCache(max_entries=MATCHES_KEPT)
    )
    passing: LruCache[CountryFilter, tuple[int, ...]] = field(
        default_factory=lambda: LruCache(max_entries=FILTERS_KEPT)
    )

    def page(self, query: CountryQuery) -> CountryPage:
        """`query`'s page, from the matches of its filter and order (worked out once)."""
        key = (query.filter, query.sort)
        found = self.matches.get(key)
        if found is None:
            positions = self.passing.get(query.filter)
            if positions is None:
                positions = self.index.passing(query.filter)
                self.passing.put(query.filter, positions)
            found = self.index.in_order(positions, query.sort)
            self.matches.put(key, found)
        return page_of(found, query)

    @classmethod
    def of(
        cls, version: int, countries: tuple[Country, ...], state: SyncState | None = None
    ) -> Dataset:
        by_code: dict[str, Country] = {}
        # Alpha-3 last, so it wins should codes of different kinds ever collide.
        for kind in ("ccn3", "cca2", "code"):
            for country in countries:
                code = getattr(country, kind)
                if code:
                    by_code[code] = country
        # Folded, and each sort order made, once per version, not once per query.
        return cls(version, countries, state or SyncState(), by_code, CountryIndex(countries))


class CachedDatasetReader(CountryReader):
    """A `CountryReader` answering queries from the dataset held for the current version."""

    def __init__(self, reader: CountryReader, version: DatasetVersion) -> None:
        self._reader = reader
        self._version = version
        self._held: Dataset | None = None
        self._loading: SingleFlight[int] = SingleFlight(max_wait_seconds=10.0)

    async def query(self, query: CountryQuery) -> CountryPage:
        return (await self.dataset()).page(query)

    async def get(self, code: str) -> Country | None:
        return (await self.dataset()).by_code.get(code)

    async def sync_state(self) -> SyncState:
        # The held dataset's, not the store's newest: an export's About sheet and the
        # version its workbook is cached under then say what its rows are. Read from the
        # store, a sync another process committed would be known here before this
        # process reloads (up to a second), and old rows cached under the new version.
        return (await self.dataset()).state

    async def count(self) -> int:
        return await self._reader.count()

    async def dataset_version(self) -> int:
        return await self._reader.dataset_version()

    async def dataset(self) -> Dataset:
        """The dataset at the newest version this process knows, loaded once per version."""
        version = self._version.known()
        if version is None:
            version = await self._version.current()
        held = self._held
        if held is not None and held.version >= version:
            return held
        async with self._loading.first_or_wait(version) as flight:
            held = self._held
            if flight is None and held is not None and held.version >= version:
                return held
            # The state first: rows read after it can only be newer than it says.
            state = await self._reader.sync_state()
            page = await self._reader.query(CountryQuery())
            loaded = Dataset.of(version, page.items, state)
            if self._held is None or self._held.version < version:
                self._held = loaded
            return loaded
