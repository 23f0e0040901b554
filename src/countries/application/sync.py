"""Syncing the stored countries from a source, without ever losing good data."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from countries.application.errors import (
    SourceError,
    SourceUnavailable,
    SyncRejected,
)
from countries.application.ports import (
    Clock,
    CountrySource,
    SyncLock,
    UnitOfWork,
    VersionPublisher,
)
from countries.domain.errors import DomainError
from countries.domain.model import Country
from countries.domain.sync import diff

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncReport:
    """What one sync changed, by alpha-3 code."""

    source: str
    inserted: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    version: int
    synced_at: datetime
    # Why the live source was not used: an empty database was seeded from the fallback.
    seeded_because: SourceUnavailable | None = None


class SyncFromSource:
    """Fetch every country from the source and apply the differences in one transaction.

    - Unchanged countries are not written; countries the source drops are retired, not deleted.
    - An invalid payload, or one that would retire too many countries, changes nothing.
    - With an empty database and an unreachable source, the bundled snapshot seeds it.
    - A new dataset version is published once committed, so readers drop what they cached.
    - The source hears which payload was committed (`accepted`), so a cache keeps only those.
    """

    def __init__(
        self,
        *,
        uow_factory: Callable[[], UnitOfWork],
        source: CountrySource,
        fallback: CountrySource,
        lock: SyncLock,
        clock: Clock,
        publisher: VersionPublisher,
    ) -> None:
        self._uow_factory = uow_factory
        self._source = source
        self._fallback = fallback
        self._lock = lock
        self._clock = clock
        self._publisher = publisher

    async def __call__(self) -> SyncReport:
        async with self._lock.hold():
            try:
                return await self._sync()
            except SourceError as error:
                await self._record_failure(str(error))
                raise

    async def _sync(self) -> SyncReport:
        source, unavailable = self._source, None
        try:
            fetched = await source.fetch()
        except SourceUnavailable as error:
            if await self._has_countries():
                raise
            log.warning("%s; seeding the empty database from %s", error, self._fallback.name)
            source, unavailable = self._fallback, error
            fetched = await source.fetch()
        report = await self._apply(source.name, fetched)
        # Only now may a caching source keep this payload: one the diff refused must not
        # be served again to the next sync (docs/architecture.md, "The life of a sync").
        await source.accepted(fetched)
        return replace(report, seeded_because=unavailable)

    async def _apply(self, source_name: str, fetched: list[Country]) -> SyncReport:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            try:
                changes = diff(await uow.countries.active(), fetched)
            except DomainError as error:
                raise SyncRejected(str(error)) from error
            if changes.inserted or changes.updated:
                await uow.countries.upsert((*changes.inserted, *changes.updated), now)
            if changes.removed:
                await uow.countries.retire(changes.removed, now)
            state = await uow.sync_state.get()
            version = state.version + 1 if changes.changes_anything else state.version
            await uow.sync_state.save(
                replace(
                    state,
                    version=version,
                    source=source_name,
                    synced_at=now,
                    last_attempt_at=now,
                    last_error=None,
                )
            )
            await uow.commit()
        if version != state.version:
            await self._publisher.publish(version)
        report = SyncReport(
            source=source_name,
            inserted=tuple(c.code for c in changes.inserted),
            updated=tuple(c.code for c in changes.updated),
            unchanged=len(changes.unchanged),
            removed=changes.removed,
            version=version,
            synced_at=now,
        )
        log.info(
            "sync from %s: %d inserted, %d updated, %d unchanged, %d removed",
            source_name,
            len(report.inserted),
            len(report.updated),
            report.unchanged,
            len(report.removed),
        )
        return report

    async def _has_countries(self) -> bool:
        async with self._uow_factory() as uow:
            return bool(await uow.countries.active())

    async def _record_failure(self, message: str) -> None:
        # Only recorded here: each caller says it once (an HTTP problem, a WARNING, a CLI line).
        log.debug("sync failed, the stored data is unchanged: %s", message)
        async with self._uow_factory() as uow:
            state = await uow.sync_state.get()
            await uow.sync_state.save(
                replace(state, last_attempt_at=self._clock.now(), last_error=message)
            )
            await uow.commit()
