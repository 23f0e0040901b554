"""The ports of what the service talks to: sources, caches, locks, clocks, writers, mail."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from countries.domain.model import Country
from countries.domain.query import SortSpec


class VersionPublisher(Protocol):
    """Where a sync announces the dataset version it committed, so readers drop stale answers."""

    async def publish(self, version: int) -> None:
        """Tell this process, and every other process serving the same data, that `version` is committed; never raises."""
        ...


class CountrySource(Protocol):
    """Where country data comes from: REST Countries v5 or v3.1, a cache of them, or the snapshot."""

    @property
    def name(self) -> str:
        """A short description of the source for logs and /health (never a secret)."""
        ...

    async def fetch(self) -> list[Country]:
        """Every country the source lists; raises SourceUnavailable or SourceInvalid."""
        ...

    async def accepted(self, countries: list[Country]) -> None:
        """Hear that a sync committed `countries`, the last answer of `fetch`; never raises."""
        ...


class PayloadCache(Protocol):
    """Bytes under keys with an expiry. Fails open: a broken backend is a miss, never an error."""

    async def get(self, key: str) -> bytes | None:
        """The bytes stored under `key`, or None when absent, expired or the backend fails."""
        ...

    async def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        """Store `value` under `key` for `ttl_seconds`; a failing backend drops it silently."""
        ...

    async def clear(self) -> int:
        """Drop every key of this cache's namespace; how many (`CacheUnavailable` if it cannot).

        Not failing open: whoever asked for the keys to go must learn that they stayed.
        """
        ...

    async def status(self) -> str:
        """`ok`, or `degraded` while the backend is failing (for /health)."""
        ...


class SyncLock(Protocol):
    def hold(self) -> AbstractAsyncContextManager[None]:
        """Hold the one sync lock for the block; raises SyncInProgress at once if it is taken."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkbookMeta:
    """What a workbook says about itself on its "About" sheet."""

    filters: dict[str, str]
    sort: SortSpec
    generated_at: datetime
    synced_at: datetime | None
    source: str | None
    licence: str
    columns: tuple[str, ...] | None = None  # Country fields, as JSON names them; None: default
    # The page of the matches written: `limit=None` and `offset=0` are every match.
    limit: int | None = None
    offset: int = 0
    matches: int | None = None  # how many countries the filters match, on any page


class WorkbookWriter(Protocol):
    async def render(self, countries: Sequence[Country], meta: WorkbookMeta) -> bytes:
        """The .xlsx bytes of these countries, in this order, with `meta` on an About sheet."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class MailAttachment:
    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OutgoingMail:
    to: str
    subject: str
    text: str
    attachments: tuple[MailAttachment, ...] = ()


class Mailer(Protocol):
    async def send(self, mail: OutgoingMail) -> None:
        """Hand `mail` to the server; MailNotConfigured, MailServerUnavailable or DeliveryFailed."""
        ...
