"""Liveness and readiness: what the service serves and whether its parts answer."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo

from countries.application.errors import NotReady, StorageUnavailable
from countries.application.ports import (
    Clock,
    CountryReader,
    CountrySource,
    PayloadCache,
    UnitOfWork,
)
from countries.domain.model import SyncState
from countries.domain.reports import DeliveryStatus, local_day

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportDeliveries:
    """How today's daily report went so far."""

    day: date
    sent: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthReport:
    database_ok: bool
    countries: int
    sync: SyncState
    source: str
    cache: str
    reports: ReportDeliveries

    @property
    def ok(self) -> bool:
        return self.database_ok


class CheckHealth:
    """Report the database, the cache, the country count, the last sync and the configured source.

    - A database that does not answer makes the report not ok; it never raises.
    - A failing cache is `degraded`, not a failure: the service answers without it.
    - Today's report deliveries (in the report time zone) are counted, failures included.
    """

    def __init__(
        self,
        *,
        reader: CountryReader,
        source: CountrySource,
        cache: PayloadCache,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        zone: tzinfo,
    ) -> None:
        self._reader = reader
        self._source = source
        self._cache = cache
        self._uow_factory = uow_factory
        self._clock = clock
        self._zone = zone

    async def __call__(self) -> HealthReport:
        cache = await self._cache.status()
        today = local_day(self._clock.now(), self._zone)
        try:
            count = await self._reader.count()
            state = await self._reader.sync_state()
            reports = await self._deliveries(today)
        except Exception as error:  # any failure of the database means "not ready", never a 500
            if not isinstance(error, StorageUnavailable):  # an outage is logged once, where met
                log.exception("health check: the database did not answer")
            return HealthReport(
                database_ok=False,
                countries=0,
                sync=SyncState(),
                source=self._source.name,
                cache=cache,
                reports=ReportDeliveries(day=today),
            )
        return HealthReport(
            database_ok=True,
            countries=count,
            sync=state,
            source=self._source.name,
            cache=cache,
            reports=reports,
        )

    async def _deliveries(self, day: date) -> ReportDeliveries:
        async with self._uow_factory() as uow:
            statuses = [d.status for d in await uow.deliveries.for_day(day)]
        return ReportDeliveries(
            day=day,
            sent=statuses.count(DeliveryStatus.SENT),
            failed=statuses.count(DeliveryStatus.FAILED),
        )


class CheckReadiness:
    """Whether the service can serve: the database answers and holds at least one country.

    - Raises `StorageUnavailable` when the database cannot be reached, `NotReady` when it
      holds no country yet (a first start before its seed or sync); returns the count otherwise.
    - Reads one count: cheap enough for a load balancer to ask every second.
    """

    def __init__(self, *, reader: CountryReader) -> None:
        self._reader = reader

    async def __call__(self) -> int:
        count = await self._reader.count()
        if count == 0:
            raise NotReady("no country is stored yet: the first sync or seed has not finished")
        return count
