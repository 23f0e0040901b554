"""The computed ceiling: a bare ASGI app answering any list query from the dataset in memory.

The ceiling of the "computed" scenarios, where every URL is new and no answer can be
replayed. It holds the bundled snapshot in the domain's own `CountryIndex`, as the service
holds its dataset, and per request parses the query string, runs the query and serializes
the page with the service's own `page_json` and orjson; no answer is kept between requests. Same server stack
as the service (uvicorn with uvloop and httptools), so what separates the two is the
service's framework, validation and bookkeeping, not the query.

    python -m benchmarks.computed --port 8002
"""

from __future__ import annotations

import argparse
from urllib.parse import parse_qsl

import orjson

from benchmarks.ceiling import NOT_FOUND, Receive, Scope, Send, run_on_service_stack
from countries.adapters.snapshot import load_snapshot
from countries.domain.index import CountryIndex
from countries.domain.query import CountryFilter, CountryQuery, SortField, SortOrder, SortSpec
from countries.entrypoints.http.schemas.countries import page_json

FILTERS = ("name", "capital", "continent", "q")


def parse(query_string: bytes) -> CountryQuery:
    """The list query of `GET /countries?...` (only the parameters the scenarios send)."""
    params = dict(parse_qsl(query_string.decode("latin-1")))
    limit = params.get("limit")
    terms: dict[str, str] = {k: params[k] for k in FILTERS if k in params}
    return CountryQuery(
        filter=CountryFilter(
            name=terms.get("name"),
            capital=terms.get("capital"),
            continent=terms.get("continent"),
            q=terms.get("q"),
        ),
        sort=SortSpec(
            field=SortField(params.get("sort", "name")),
            order=SortOrder(params.get("order", "asc")),
        ),
        limit=int(limit) if limit is not None else None,
        offset=int(params.get("offset", "0")),
    )


class ComputedCeiling:
    """`GET /countries?...` computed afresh per request; anything else is a 404."""

    def __init__(self, index: CountryIndex) -> None:
        self._index = index

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] != "/countries":
            await send(NOT_FOUND[0])
            await send(NOT_FOUND[1])
            return
        page = self._index.run(parse(scope["query_string"]))
        body = orjson.dumps(page_json(page))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(description="a bare ASGI app computing list queries")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    run_on_service_stack(ComputedCeiling(CountryIndex(load_snapshot())), args.host, args.port)


if __name__ == "__main__":
    main()
