"""`RestCountriesV5Source`: every country from the hosted REST Countries v5 API (needs a key)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import httpx2

from countries.application.errors import (
    SourceInvalid,
    SourceNotConfigured,
    SourceRefused,
    SourceUnavailable,
)
from countries.domain.model import Country

from .decode import refuse_duplicates
from .http import as_base_url, get, public_url, raise_for_retryable_status, upstream_message
from .mapping import keep_safe_urls
from .retry import Deadline, RetryPolicy, retrying

if TYPE_CHECKING:
    from .payloads_v5 import V5Page

# The free plan allows pages of at most 100 records; 250 countries take 3 requests.
PAGE_SIZE = 100
# Far above the ~3 pages a sync needs: only an upstream that always says "more" hits it.
MAX_PAGES = 20

NO_KEY = (
    "COUNTRIES_SOURCE_API_KEY is not set: the REST Countries v5 API needs a key "
    "(get one at https://restcountries.com), or set COUNTRIES_SOURCE_URL to a v3.1 server"
)


class RestCountriesV5Source:
    """The v5 list at `base_url`, paged 100 at a time with a bearer key; 401/403 are never retried."""

    def __init__(
        self,
        client: httpx2.AsyncClient,
        base_url: str,
        api_key: str | None,
        *,
        retry: RetryPolicy | None = None,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self._client = client
        self._base_url = as_base_url(base_url)
        self._api_key = api_key or None
        self._retry = retry or RetryPolicy()
        self._page_size = page_size
        self._max_pages = max_pages

    @property
    def name(self) -> str:
        """E.g. "REST Countries v5 (https://api.restcountries.com/countries/v5)"; never the key."""
        return f"REST Countries v5 ({public_url(self._base_url)})"

    async def fetch(self) -> list[Country]:
        """Every country, page by page; raises before any request when no key is configured."""
        if self._api_key is None:
            raise SourceNotConfigured(NO_KEY)
        deadline = Deadline(self._retry.deadline)
        countries: list[Country] = []
        for _ in range(self._max_pages):
            offset = len(countries)
            what = f"{self.name}, page at offset {offset}"
            request = partial(self._fetch_page, self._api_key, offset, what=what)
            page = await retrying(request, policy=self._retry, deadline=deadline, what=what)
            countries.extend(page.countries)
            if not page.more or len(countries) >= page.total:
                return self._complete(countries, page.total)
            if not page.countries:
                raise SourceInvalid(f"{what} is empty but says more countries follow")
        raise SourceInvalid(f"{self.name} still had more after {self._max_pages} pages; gave up")

    async def accepted(self, countries: list[Country]) -> None:
        """Nothing to do: this source keeps no payloads."""

    def _complete(self, countries: list[Country], total: int) -> list[Country]:
        what = f"the answer of {self.name}"
        if len(countries) != total:
            # Offset paging over data that changed between pages skips or repeats records.
            raise SourceInvalid(f"{what} said {total} countries but listed {len(countries)}")
        return keep_safe_urls(refuse_duplicates(countries, what=what), what=what)

    async def _fetch_page(self, key: str, offset: int, *, what: str) -> V5Page:
        # Deferred: the payload models are built at import (~20 ms), and a start that
        # only names this source (GET /health) never reads a page.
        from .payloads_v5 import V5_FIELDS, decode_page

        params = {
            "limit": str(self._page_size),
            "offset": str(offset),
            "response_fields": ",".join(V5_FIELDS),
        }
        answer = await get(
            self._client, self._base_url, params=params, headers={"Authorization": f"Bearer {key}"}
        )
        if answer.status == 401:
            raise SourceRefused(
                "the REST Countries v5 API refused the key (401): key missing or wrong; "
                "check COUNTRIES_SOURCE_API_KEY"
            )
        if answer.status == 403:
            raise SourceUnavailable(
                "the REST Countries v5 API refused the key (403): account frozen or monthly "
                "quota spent; see your restcountries.com account"
            )
        if 300 <= answer.status < 400:
            target = public_url(answer.headers.get("Location", ""))
            raise SourceRefused(
                f"{what} answered {answer.status}, a redirect to {target}: "
                "set COUNTRIES_SOURCE_URL to the final URL"
            )
        raise_for_retryable_status(answer)
        if answer.status == 404:  # no list here: a URL to fix, not a server to wait for
            raise SourceRefused(
                f"{what} answered 404: is COUNTRIES_SOURCE_URL the v5 countries URL "
                "(https://api.restcountries.com/countries/v5)?"
            )
        if answer.status >= 400:
            raise SourceUnavailable(
                f"{what} answered {answer.status} {upstream_message(answer.body)}".rstrip()
            )
        return decode_page(answer.body, what=what)
