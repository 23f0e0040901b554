"""What makes reads fast, behind its own walls: a reader of the use cases can skip it.

- `answers`: HTTP answers of the dataset routes, cached per URL and dataset version, with
  ETags and 304s (ASGI middleware, outermost in `create_app`).
- `workbooks`: exported workbooks, cached per query, dataset and day (a decorator of the
  export use case).
- `versions`: the dataset version this process knows, told by the sync that commits it
  and by other processes' syncs through a `VersionFeed`.
- `lru` and `single_flight`: the bounded store both caches use, and the rule that
  concurrent callers asking for the same missing value compute it once.

The domain and the use cases never import this package (import-linter holds that);
docs/architecture.md draws the life of a cached answer.
"""
