"""What the stand-in answers: its records, v3.1's `fields=` lists, v5's pages, and the faults."""

from __future__ import annotations

import gzip
import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
FIXTURES = ("v31-all.json.gz", "v5-all.json.gz")
FIELDS_ERROR = {
    "message": "'fields' query not specified or you're requesting more than 10 fields",
    "status": 400,
}
DEPRECATED = {
    "success": False,
    "data": None,
    "errors": [{"message": "This API version has been deprecated. Please use v5."}],
}
FAULTS = frozenset(
    {"500", "503-retry-after", "non-json", "truncated", "drift", "short", "empty", "hang"}
    | {"401", "403"}
)
Record = dict[str, Any]
Answer = tuple[int, Any, dict[str, str]]  # status, body (JSON, or bytes as they are), headers


@cache
def fixture_records() -> tuple[list[Record], list[Record]]:
    """The v3.1 and v5 records of tests/data, read once; shared, so never change them."""
    v31, v5 = (json.loads(gzip.decompress((DATA / n).read_bytes())) for n in FIXTURES)
    return v31, v5


def fault_answer(fault: str, retry_after: str) -> Answer | None:
    """What a fault answers in place of the data, or None when it changes the data instead."""
    answers: dict[str, Answer] = {
        "500": (500, {"message": "Internal Server Error", "status": 500}, {}),
        "503-retry-after": (503, {"message": "busy"}, {"Retry-After": retry_after}),
        "non-json": (
            200,
            b"<html><body>Bad gateway</body></html>",
            {"Content-Type": "text/html"},
        ),
        "401": (401, {"errors": [{"message": "Invalid API key"}]}, {}),
        "403": (403, {"errors": [{"message": "Account frozen: monthly quota exceeded"}]}, {}),
    }
    return answers.get(fault)


def _degrade(records: list[Record], fault: str | None) -> list[Record]:
    if fault == "short":
        return records[:5]
    if fault == "empty":
        return []
    if fault == "drift":  # a required field renamed, another of the wrong type
        drifted = [{k: v for k, v in r.items() if k != "region"} for r in records]
        for new, old in zip(drifted, records, strict=True):
            new["regionName"], new["population"] = old.get("region"), str(old["population"])
        return drifted
    return records


def v31_all(records: list[Record], query: dict[str, str], fault: str | None) -> Answer:
    """`/v3.1/all`: at most ten `fields=` of every record, or v3.1's 400."""
    fields = query.get("fields", "").split(",")
    if not all(fields) or len(fields) > 10:
        return 400, FIELDS_ERROR, {}
    projected = [{f: r[f] for f in fields if f in r} for r in _degrade(records, fault)]
    return 200, projected, {"Cache-Control": "public, immutable, max-age=31556926"}


def v5_list(
    records: list[Record],
    query: dict[str, str],
    auth: str | None,
    api_key: str,
    fault: str | None,
) -> Answer:
    """`/countries/v5`: one page of the records for the right key, `response_fields` applied."""
    if auth != f"Bearer {api_key}":
        return 401, {"errors": [{"message": "Missing or invalid API key"}]}, {}
    try:
        limit, offset = int(query.get("limit", "25")), int(query.get("offset", "0"))
    except ValueError:
        limit = offset = -1
    if not 1 <= limit <= 100 or offset < 0:
        return 400, {"errors": [{"message": "limit must be 1..100 and offset >= 0"}]}, {}
    records = _degrade(records, fault)
    keep = [f for f in query.get("response_fields", "").split(",") if f]
    omit = {f for f in query.get("response_fields_omit", "").split(",") if f}
    page = [
        {k: v for k, v in r.items() if (not keep or k in keep) and k not in omit}
        for r in records[offset : offset + limit]
    ]
    meta = {
        "total": len(records),
        "count": len(page),
        "limit": limit,
        "offset": offset,
        "more": offset + len(page) < len(records),
        "request_id": str(uuid.uuid4()),
        "duration": 0.001,
    }
    return 200, {"data": {"objects": page, "meta": meta}}, {}
