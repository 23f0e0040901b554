"""URLs no one asked before: the computed scenarios' request streams (and urls.lua's twin).

Request `n` of a stream is a URL no other `n` gives, so the service's answer cache never
holds it; every load run starts at a new `base` (`next_base`), so a later round or the
warm-up never repeats an earlier run's URLs on the same server. benchmarks/urls.lua builds
the very same URLs for wrk; tests of the two are the smoke run's identical bodies check.
"""

from __future__ import annotations

import itertools
import string

LETTERS = string.ascii_lowercase
SORTS = ("name", "capital", "currency", "continent", "language", "population", "code", "region")
ORDERS = ("asc", "desc")
CONTINENTS = ("africa", "americas", "asia", "europe", "oceania", "antarctic", "south")
RUN_SPAN = 50_000  # URLs a run may use; far more than one run sends at this machine's speed
STREAMS = ("query", "filters", "pages")

_bases = {stream: itertools.count(0, RUN_SPAN) for stream in STREAMS}


def next_base(stream: str) -> int:
    """The first `n` of a new run of `stream`: no two runs of this process overlap."""
    return next(_bases[stream])


def query_url(n: int) -> str:
    """`q=<two letters>&sort&order&limit=20&offset`: 10,816 searches per offset."""
    q = LETTERS[n % 26] + LETTERS[n // 26 % 26]
    sort, order = SORTS[n // 676 % 8], ORDERS[n // 5408 % 2]
    return f"/countries?q={q}&sort={sort}&order={order}&limit=20&offset={n // 10816}"


def filters_url(n: int) -> str:
    """`continent&sort&order&offset&limit`: 5,600 pages per limit, limits 1 to 500."""
    continent, sort = CONTINENTS[n % 7], SORTS[n // 7 % 8]
    order, offset, limit = ORDERS[n // 56 % 2], n // 112 % 50, 1 + n // 5600 % 500
    return (
        f"/countries?continent={continent}&sort={sort}&order={order}&offset={offset}&limit={limit}"
    )


def pages_url(n: int) -> str:
    """The full list from `offset` on, 4,000 by sort, order and offset, then by `limit`.

    `limit` runs from 250 up, so each page is every country from `offset` on (125 on
    average, a large answer) and still a URL of its own.
    """
    sort, order, offset = SORTS[n % 8], ORDERS[n // 8 % 2], n // 16 % 250
    return f"/countries?sort={sort}&order={order}&offset={offset}&limit={250 + n // 4000 % 251}"


URLS = {"query": query_url, "filters": filters_url, "pages": pages_url}
