"""`RestCountriesV31Source`: every country from a REST Countries v3.1 server (self-hosted or a mirror)."""

from __future__ import annotations

from functools import partial

import httpx2

from countries.application.errors import SourceInvalid, SourceRefused, SourceUnavailable
from countries.domain.model import Country

from .decode import parse_json
from .http import Answer, as_base_url, get, public_url, raise_for_retryable_status, upstream_message
from .retry import Deadline, RetryPolicy, retrying

# The payload models (.payloads_v31) are imported where an answer is read: they are built
# at import (~15 ms), and a start that only names this source (GET /health) reads none.

# v3.1 answers 400 to `/all` without `fields` or with more than 10 of them
# ("'fields' query not specified or you're requesting more than 10 fields", see
# https://gitlab.com/restcountries/restcountries), so we ask in groups merged by cca3.
MAX_FIELDS_PER_REQUEST = 10
# In every request: cca3 to merge by, and name as a witness that every answer comes from
# the same data (a server updated between requests would mix two moments otherwise).
KEY_FIELDS = ("cca3", "name")

RETIRED = (
    "REST Countries retired its v3.1 API in June 2026: {url} redirects to a 'deprecated' "
    "notice instead of data. Set COUNTRIES_SOURCE_URL=https://api.restcountries.com/countries/v5 "
    "and COUNTRIES_SOURCE_API_KEY to your v5 key, or point COUNTRIES_SOURCE_URL at a "
    "self-hosted REST Countries v3.1 server (a URL ending in /v3.1)."
)


def field_groups(
    fields: tuple[str, ...] | None = None,
    *,
    limit: int = MAX_FIELDS_PER_REQUEST,
    keys: tuple[str, ...] = KEY_FIELDS,
) -> list[tuple[str, ...]]:
    """`fields` (by default all a sync reads) in requests of at most `limit`, each led by `keys`."""
    if fields is None:
        from .payloads_v31 import V31_FIELDS  # deferred: see the note at the imports

        fields = V31_FIELDS
    others = [field for field in fields if field not in keys]
    size = limit - len(keys)
    if size < 1:
        raise ValueError(f"no room for other fields beside {keys} within {limit} a request")
    return [(*keys, *others[i : i + size]) for i in range(0, len(others), size)]


def looks_retired(data: object) -> bool:
    """Whether a JSON body is the retired service's `{"success": false, ...}` envelope."""
    if not isinstance(data, dict):
        return False
    return data.get("success") is False or "deprecated" in str(data.get("errors", "")).lower()


class RestCountriesV31Source:
    """The v3.1 API at `base_url` (ending in /v3.1), fetched in ≤10-field requests merged by cca3."""

    def __init__(
        self,
        client: httpx2.AsyncClient,
        base_url: str,
        *,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._client = client
        self._base_url = as_base_url(base_url)
        self._retry = retry or RetryPolicy()

    @property
    def name(self) -> str:
        """E.g. "REST Countries v3.1 (https://mirror.example/v3.1)"; never credentials."""
        return f"REST Countries v3.1 ({public_url(self._base_url)})"

    async def fetch(self) -> list[Country]:
        """Every country; SourceUnavailable or SourceInvalid when no trustworthy list comes back."""
        deadline = Deadline(self._retry.deadline)
        groups = field_groups()
        answers: list[dict[str, dict[str, object]]] = []
        for number, fields in enumerate(groups, start=1):
            what = f"{self.name}, request {number} of {len(groups)}"
            request = partial(self._fetch_group, fields, what=what)
            answers.append(
                await retrying(request, policy=self._retry, deadline=deadline, what=what)
            )
        from .payloads_v31 import parse_records  # deferred: see the note at the imports

        return parse_records(self._merge(answers), what=f"the answer of {self.name}")

    async def accepted(self, countries: list[Country]) -> None:
        """Nothing to do: this source keeps no payloads."""

    async def _fetch_group(
        self, fields: tuple[str, ...], *, what: str
    ) -> dict[str, dict[str, object]]:
        answer = await get(
            self._client, f"{self._base_url}/all", params={"fields": ",".join(fields)}
        )
        self._check_status(answer, what=what)
        data = parse_json(answer.body, what=what)
        if looks_retired(data):
            raise SourceRefused(RETIRED.format(url=public_url(self._base_url)))
        from .payloads_v31 import index_partial  # deferred: see the note at the imports

        return index_partial(data, what=what)

    def _check_status(self, answer: Answer, *, what: str) -> None:
        if 300 <= answer.status < 400:
            # The retired restcountries.com answers 301 to a legacy "deprecated" page; the
            # target is shown too, for a server that merely moved (e.g. http to https).
            target = public_url(answer.headers.get("Location", ""))
            raise SourceRefused(
                RETIRED.format(url=public_url(self._base_url))
                + f" (It answered {answer.status}, a redirect to {target}.)"
            )
        raise_for_retryable_status(answer)
        if answer.status == 404:
            raise SourceRefused(
                f"{what} answered 404: is COUNTRIES_SOURCE_URL a v3.1 base URL (ending in /v3.1)?"
            )
        if answer.status >= 400:
            raise SourceUnavailable(
                f"{what} answered {answer.status} {upstream_message(answer.body)}".rstrip()
            )

    def _merge(self, answers: list[dict[str, dict[str, object]]]) -> list[dict[str, object]]:
        first = answers[0]
        for number, other in enumerate(answers[1:], start=2):
            self._check_same_moment(first, other, number)
        merged = {code: dict(record) for code, record in first.items()}
        for other in answers[1:]:
            for code, record in other.items():
                merged[code].update(record)
        return list(merged.values())

    def _check_same_moment(
        self, first: dict[str, dict[str, object]], other: dict[str, dict[str, object]], number: int
    ) -> None:
        """SourceInvalid unless request `number` lists the same countries, with the same names."""
        if other.keys() != first.keys():
            only_first = sorted(first.keys() - other.keys())[:5]
            only_other = sorted(other.keys() - first.keys())[:5]
            raise SourceInvalid(
                f"the answers of {self.name} disagree on which countries exist: "
                f"request 1 alone lists {only_first or 'none'}, "
                f"request {number} alone lists {only_other or 'none'}; "
                "the data changed during the sync, so none of it is taken"
            )
        for key in KEY_FIELDS[1:]:
            differ = sorted(code for code in first if first[code].get(key) != other[code].get(key))
            if differ:
                raise SourceInvalid(
                    f"the answers of {self.name} disagree on the {key} of "
                    f"{', '.join(differ[:5])}{' …' if len(differ) > 5 else ''} between "
                    f"request 1 and request {number}; the data changed during the sync, "
                    "so none of it is taken"
                )
