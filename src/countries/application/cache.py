"""Cache invalidation: the next sync goes upstream."""

from __future__ import annotations

from countries.application.export import KeptWorkbooks
from countries.application.ports import PayloadCache


class InvalidateCache:
    """Drop every cached upstream payload, so the next sync asks the source again.

    - This process's kept workbooks are dropped too (the next export is made afresh).
    - Kept HTTP answers belong to the HTTP entrypoint, which drops them beside this call.
    """

    def __init__(self, cache: PayloadCache, workbooks: KeptWorkbooks) -> None:
        self._cache = cache
        self._workbooks = workbooks

    async def __call__(self) -> int:
        self._workbooks.clear()
        return await self._cache.clear()
