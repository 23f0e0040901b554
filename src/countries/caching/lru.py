"""`LruCache`: a bounded map that forgets the least recently used entries first."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `max_entries` values and `max_bytes` of them by key, in this process.

    `size` says how many bytes a value holds (what it costs to keep, roughly); a value
    larger than `max_bytes` on its own is not kept at all. A get counts as a use.
    """

    def __init__(
        self,
        *,
        max_entries: int,
        max_bytes: int | None = None,
        size: Callable[[V], int] = lambda _value: 0,
    ) -> None:
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._size = size
        self._bytes = 0

    def get(self, key: K) -> V | None:
        """The value cached for `key`, if it is still cached."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: K, value: V) -> None:
        """Cache `value` for `key`, forgetting the least recently used beyond the bounds."""
        size = self._size(value)
        self._forget(key)
        if self._max_bytes is not None and size > self._max_bytes:
            return
        self._entries[key] = (value, size)
        self._bytes += size
        while len(self._entries) > self._max_entries or (
            self._max_bytes is not None and self._bytes > self._max_bytes
        ):
            self._forget(next(iter(self._entries)))

    def clear(self) -> None:
        """Forget everything cached."""
        self._entries.clear()
        self._bytes = 0

    @property
    def bytes(self) -> int:
        """How many bytes the cached values hold, as `size` counts them."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def _forget(self, key: K) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[1]
