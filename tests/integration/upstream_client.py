"""How the adapter tests reach the loopback REST Countries: a client closed after the test,
retries at once and without a tight deadline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2

from countries.adapters.restcountries.http import make_http_client
from countries.adapters.restcountries.retry import RetryPolicy


@asynccontextmanager
async def open_http_client(
    *, transport: httpx2.AsyncBaseTransport | None = None, **timeouts: float
) -> AsyncIterator[httpx2.AsyncClient]:
    """The service's HTTP client to REST Countries (`make_http_client`), closed on the way out."""
    async with make_http_client(transport=transport, **timeouts) as client:
        yield client


# Quick retries; the deadline only bounds a test that goes wrong (a CI run once stalled a
# three-page fetch for 8 s, past the 3 s this was). The deadline tests set their own.
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, deadline=30.0)
