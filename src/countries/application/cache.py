"""Cache invalidation: the next sync goes upstream."""

from __future__ import annotations

from countries.application.ports import PayloadCache


class InvalidateCache:
    """Drop every cached upstream payload, so the next sync asks the source again."""

    def __init__(self, cache: PayloadCache) -> None:
        self._cache = cache

    async def __call__(self) -> int:
        return await self._cache.clear()
