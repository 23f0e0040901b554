"""What makes reads fast, behind its own walls: a reader of the use cases can skip it.

- `answers` and `middleware`: HTTP answers of the dataset routes, cached per URL and
  dataset version, with ETags, 304s and codings (`encodings`), sent by `AnswerCache`, ASGI
  middleware in front of FastAPI; `one_off`: the other GETs' JSON answers, given the same
  ETags, 304s and codings without being cached.
- `dataset`: the active countries, read once per dataset version, and their recent
  matches (the use cases' `CountryReader`).
- `workbooks`: exported workbooks, cached per query, dataset and day (a decorator of the
  export use case).
- `versions`: the dataset version this process knows, told by the sync that commits it
  and by other processes' syncs through a `VersionFeed`.
- `lru` and `single_flight`: the bounded store the caches use, and the rule that
  concurrent callers asking for the same missing value compute it once.
- `clearing`: what `POST /admin/cache/invalidate` drops besides the upstream payloads.

The domain and the use cases never import this package (import-linter holds that);
docs/architecture.md draws the life of a cached answer.
"""
