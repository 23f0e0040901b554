"""Serialized read responses, cached per dataset version, with ETags and 304s.

A key holds the dataset version, so a sync that changes data makes every older entry
unreachable at once, on every replica (each reads the version from the shared
database). Clients revalidate (`Cache-Control: no-cache`) and get a 304 when unchanged.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from fastapi import Request, Response

CACHE_CONTROL = "no-cache"


@dataclass(frozen=True, slots=True)
class CachedBody:
    body: bytes
    etag: str
    media_type: str

    def respond(self, request: Request, headers: dict[str, str] | None = None) -> Response:
        """The body, or a 304 when the client already holds this ETag."""
        common = {"ETag": self.etag, "Cache-Control": CACHE_CONTROL} | (headers or {})
        if _matches(request.headers.get("if-none-match"), self.etag):
            return Response(status_code=304, headers=common)
        return Response(self.body, media_type=self.media_type, headers=common)


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


class SharedVersionRead:
    """Reads the dataset version once for every request waiting while no read has begun.

    A request never takes the result of a read that began before it arrived: it waits for
    the next one. So every answer is keyed by a version read after the request came in,
    and a sync committed by any replica before then is seen, exactly as with one read per
    request; under load, one database round trip serves all the requests that queued
    during the previous one.
    """

    def __init__(self) -> None:
        self._started = 0  # reads begun so far
        self._last: tuple[int, int] | None = None  # (number of the read, version it gave)
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, read: Callable[[], Awaitable[int]]) -> int:
        arrived_after = self._started
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:  # one lock per event loop
            self._lock, self._loop = asyncio.Lock(), loop
        async with self._lock:
            if self._last is not None and self._last[0] > arrived_after:
                return self._last[1]  # this read began after the request arrived
            self._started += 1
            number = self._started
            version = await read()
            self._last = (number, version)
            return version


class ResponseCache:
    """A bounded LRU of serialized bodies keyed by (dataset version, route, parameters)."""

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: OrderedDict[Hashable, CachedBody] = OrderedDict()
        self._max = max_entries
        self.version = SharedVersionRead()

    async def get_or_build(
        self,
        key: Hashable,
        build: Callable[[], Awaitable[bytes]],
        media_type: str = "application/json",
    ) -> CachedBody:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        body = await build()
        entry = CachedBody(
            body, f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"', media_type
        )
        self._entries[key] = entry
        if len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()
