"""`LruCache`: bounded by entries and by bytes, forgetting the least recently used first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from countries.caching.lru import LruCache

Step = tuple[int, int]  # (key, size of the value put), or a get when size is negative


@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(-1, 60)), max_size=60),
    st.integers(1, 5),
    st.integers(1, 100),
)
def test_what_is_cached_is_the_most_recently_used_within_both_bounds(
    steps: list[Step], max_entries: int, max_bytes: int
) -> None:
    cache: LruCache[int, int] = LruCache(
        max_entries=max_entries, max_bytes=max_bytes, size=lambda value: value
    )
    model: dict[int, int] = {}  # key -> size, least recently used first
    for key, size in steps:
        if size < 0:
            if cache.get(key) is not None:
                model[key] = model.pop(key)
            continue
        cache.put(key, size)
        model.pop(key, None)
        if size <= max_bytes:
            model[key] = size
        while len(model) > max_entries or sum(model.values()) > max_bytes:
            del model[next(iter(model))]
    assert {k for k in range(10) if cache.get(k) is not None} == set(model)
    assert cache.bytes == sum(model.values()) <= max_bytes
    assert len(cache) == len(model) <= max_entries
