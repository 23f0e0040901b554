"""Liveness and readiness: what the service serves and whether its parts answer."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from countries.application.ports import CountryReader, CountrySource, PayloadCache
from countries.domain.model import SyncState

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthReport:
    database_ok: bool
    countries: int
    sync: SyncState
    source: str
    cache: str

    @property
    def ok(self) -> bool:
        return self.database_ok


class CheckHealth:
    """Report the database, the cache, the country count, the last sync and the configured source.

    - A database that does not answer makes the report not ok; it never raises.
    - A failing cache is `degraded`, not a failure: the service answers without it.
    """

    def __init__(
        self, *, reader: CountryReader, source: CountrySource, cache: PayloadCache
    ) -> None:
        self._reader = reader
        self._source = source
        self._cache = cache

    async def __call__(self) -> HealthReport:
        cache = await self._cache.status()
        try:
            count = await self._reader.count()
            state = await self._reader.sync_state()
        except Exception:  # any failure of the database means "not ready", never a 500
            log.exception("health check: the database did not answer")
            return HealthReport(
                database_ok=False,
                countries=0,
                sync=SyncState(),
                source=self._source.name,
                cache=cache,
            )
        return HealthReport(
            database_ok=True, countries=count, sync=state, source=self._source.name, cache=cache
        )
