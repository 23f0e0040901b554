"""The HTTP client for REST Countries and one GET that turns every failure into our errors."""

from __future__ import annotations

import email.utils
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx2
import orjson

from countries.adapters.failures import summary_of_cause
from countries.application.errors import SourceInvalid, SourceRefused, SourceUnavailable
from countries.version import DISTRIBUTION, SERVICE_VERSION

from .retry import Retryable

# A whole v3.1 dump with every field is ~1.5 MB; anything far larger is not REST Countries.
MAX_BODY_BYTES = 32 * 1024 * 1024


def user_agent() -> str:
    """`countries-service/<version>`, so upstream operators can tell who is calling."""
    return f"{DISTRIBUTION}/{SERVICE_VERSION}"


def make_http_client(
    *,
    connect_timeout: float = 5.0,
    read_timeout: float = 20.0,
    write_timeout: float = 10.0,
    pool_timeout: float = 5.0,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> httpx2.AsyncClient:
    """An AsyncClient with explicit timeouts per phase that never follows redirects.

    Redirects stay visible because the retired v3.1 service answers 301 to a
    "deprecated" page that must not be mistaken for data. The caller closes it.
    """
    timeout = httpx2.Timeout(
        connect=connect_timeout, read=read_timeout, write=write_timeout, pool=pool_timeout
    )
    headers = {"User-Agent": user_agent(), "Accept": "application/json"}
    return httpx2.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        headers=headers,
        transport=transport or default_transport(),
    )


def default_transport() -> httpx2.AsyncBaseTransport | None:
    """The transport made on first use, unless proxies are configured in the environment.

    httpx2 honours HTTP(S)_PROXY and NO_PROXY only when it builds the transports itself,
    so with a proxy configured it is left to do so (None), at start-up.
    """
    if urllib.request.getproxies():
        return None
    return TransportOnFirstUse(httpx2.AsyncHTTPTransport)


class TransportOnFirstUse(httpx2.AsyncBaseTransport):
    """A transport made when the first request is sent, not with the client.

    Making the default transport sets up TLS (it loads the CA bundle), about a twentieth
    of the time `countries serve` takes to answer its first request; the client is made
    at start-up, the first request to the source comes later.
    """

    def __init__(self, make: Callable[[], httpx2.AsyncBaseTransport]) -> None:
        self._make = make
        self._transport: httpx2.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._transport is None:
            self._transport = self._make()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


@dataclass(frozen=True, slots=True)
class Answer:
    """A response read in full."""

    status: int
    headers: httpx2.Headers
    body: bytes


def as_base_url(url: str) -> str:
    """`url` as a base for paths: no query, fragment or trailing slash (credentials kept)."""
    try:
        parsed = httpx2.URL(url)
        return str(parsed.copy_with(path=parsed.path.rstrip("/"), query=None, fragment=None))
    except (httpx2.InvalidURL, TypeError, ValueError):
        return url.rstrip("/")  # the request will fail and say so


def public_url(url: str) -> str:
    """`url` without credentials, query or fragment: safe for names, logs and messages."""
    try:
        parsed = httpx2.URL(as_base_url(url))
        return str(parsed.copy_with(username=None, password=None))
    except (httpx2.InvalidURL, TypeError, ValueError):
        return "(an unparsable URL)"


async def get(
    client: httpx2.AsyncClient,
    url: str,
    *,
    params: Mapping[str, str],
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """GET `url`, read in full; transport failures raise Retryable, others our own errors."""
    where = public_url(url)
    try:
        async with client.stream("GET", url, params=params, headers=headers) as response:
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise SourceInvalid(f"{where} sent more than {MAX_BODY_BYTES} bytes")
            return Answer(status=response.status_code, headers=response.headers, body=bytes(body))
    except httpx2.TimeoutException as exc:
        raise Retryable(f"{type(exc).__name__} from {where}") from exc
    except httpx2.UnsupportedProtocol as exc:
        raise SourceRefused(f"cannot reach {where}: {exc}") from exc
    except (httpx2.NetworkError, httpx2.ProtocolError, httpx2.ProxyError) as exc:
        raise Retryable(f"{summary_of_cause(exc)}, talking to {where}") from exc
    except httpx2.DecodingError as exc:
        raise SourceInvalid(f"{where} sent a body that could not be decoded: {exc}") from exc
    except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
        raise SourceUnavailable(f"request to {where} failed: {type(exc).__name__}") from exc


def raise_for_retryable_status(answer: Answer) -> None:
    """Retryable for 429 and 5xx (with any Retry-After); other statuses pass.

    Its reason leaves the request unnamed: `retrying` names it once, giving up.
    """
    if answer.status == 429 or answer.status >= 500:
        raise Retryable(
            f"answered {answer.status} {upstream_message(answer.body)}".rstrip(),
            retry_after=retry_after_seconds(answer.headers.get("Retry-After")),
        )


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds) if seconds == seconds else None  # NaN is not a wait


def upstream_message(body: bytes, *, limit: int = 200) -> str:
    """The error message an upstream error body carries, shortened; "" when there is none."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return ""
    message: object = None
    if isinstance(data, dict):
        errors = data.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            message = errors[0].get("message")
        else:
            message = data.get("message")
    if not isinstance(message, str):
        return ""
    text = " ".join(message.split())
    return f"({text[:limit]}{'…' if len(text) > limit else ''})"
