"""`ClearingCaches`: cache invalidation that also drops what this process cached."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from countries.application.cache import InvalidateCache


class Clearable(Protocol):
    def clear(self) -> None:
        """Forget everything cached."""
        ...


class ClearingCaches:
    """This process's cached answers and workbooks dropped, then `InvalidateCache`."""

    def __init__(self, invalidate: InvalidateCache, caches: Sequence[Clearable]) -> None:
        self._invalidate = invalidate
        self._caches = tuple(caches)

    async def __call__(self) -> int:
        for cache in self._caches:
            cache.clear()
        return await self._invalidate()
