"""The answer cache: first reads computed once, ETags and 304s, bounds, each coding made once."""

import asyncio
import gzip
from collections import Counter
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Response

from countries.caching.answers import AnswerCacheStore, Scope, etag_of
from countries.caching.encodings import ENCODERS
from countries.caching.middleware import AnswerCache
from tests.answer_cache_driver import ROOMY, body_of, request, version_at

# Every test bounds its wait: a waiter never released fails it instead of hanging the suite.
BOUND = 5


def read_api(*, fail_first: bool = False) -> tuple[FastAPI, list[str]]:
    """Two slow routes, one cacheable (`/countries`), one not."""
    calls: list[str] = []
    api = FastAPI()

    @api.get("/countries")
    async def countries() -> Response:
        calls.append("countries")
        n = len(calls)
        await asyncio.sleep(0.01)  # the other requests arrive meanwhile
        if fail_first and n == 1:
            raise RuntimeError("first computation failed")
        return Response(f'{{"n": {n}}}'.encode(), media_type="application/json")

    @api.get("/health")
    async def health() -> dict[str, int]:
        calls.append("health")
        n = len(calls)
        await asyncio.sleep(0.01)
        return {"n": n}

    return api, calls


def caching(api: FastAPI) -> AnswerCache:
    version = version_at(7)

    def cacheable(scope: Scope) -> bool:
        return getattr(scope.get("endpoint"), "__name__", "") == "countries"

    # Waiting requests are released by the first one's answer alone, never by their bound.
    return AnswerCache(
        api,
        store=AnswerCacheStore(max_bytes=ROOMY),
        version=version,
        cacheable=cacheable,
        max_wait_seconds=60,
    )


async def get(
    app: AnswerCache,
    path: str,
    headers: dict[str, str] | None = None,
    client_reads: asyncio.Event | None = None,
) -> tuple[int, bytes]:
    """GET `path`: the status and body; with `client_reads`, a client that reads nothing until set."""
    status, _headers, body = await exchange(app, path, headers, client_reads)
    return status, body


async def exchange(
    app: AnswerCache,
    path: str,
    headers: dict[str, str] | None = None,
    client_reads: asyncio.Event | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """GET `path`: the status, headers and body as sent (not decoded)."""
    status, answer_headers, bodies = await request(app, path, "GET", headers, client_reads)
    return status, answer_headers, body_of(bodies)


async def gather(*requests: Awaitable[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    return list(await asyncio.wait_for(asyncio.gather(*requests), BOUND))


async def test_concurrent_first_reads_of_a_url_compute_its_answer_once() -> None:
    api, calls = read_api()
    app = caching(api)
    answers = await gather(*(get(app, "/countries") for _ in range(20)))
    assert calls == ["countries"]
    assert set(answers) == {(200, b'{"n": 1}')}


async def test_a_first_read_answered_304_is_cached_for_the_others() -> None:
    api, calls = read_api()
    app = caching(api)
    etag = {"If-None-Match": etag_of(b'{"n": 1}').decode()}  # a client revalidating what it had
    first, *others = await gather(
        get(app, "/countries", headers=etag), *(get(app, "/countries") for _ in range(5))
    )
    assert first == (304, b"")
    assert set(others) == {(200, b'{"n": 1}')}
    assert calls == ["countries"]


async def test_answers_that_are_not_cacheable_are_computed_for_every_request() -> None:
    api, calls = read_api()
    app = caching(api)
    answers = await gather(*(get(app, "/health") for _ in range(5)))
    assert calls == ["health"] * 5
    assert len(set(answers)) == 5


async def test_when_the_first_computation_fails_the_waiting_requests_compute_their_own() -> None:
    api, calls = read_api(fail_first=True)
    app = caching(api)
    outcomes = await asyncio.wait_for(
        asyncio.gather(*(get(app, "/countries") for _ in range(4)), return_exceptions=True),
        BOUND,
    )
    assert isinstance(outcomes[0], RuntimeError)
    answers = sorted(o for o in outcomes[1:] if not isinstance(o, BaseException))
    assert answers == [(200, b'{"n": 2}'), (200, b'{"n": 3}'), (200, b'{"n": 4}')]
    assert calls == ["countries"] * 4  # one failed; each waiting request then computed once


async def test_the_waiting_requests_are_answered_without_waiting_on_the_first_ones_client() -> None:
    api, calls = read_api()
    app = caching(api)
    slow_client = asyncio.Event()
    first = asyncio.create_task(get(app, "/countries", client_reads=slow_client))
    await asyncio.sleep(0)  # the first request is computing
    others = await gather(*(get(app, "/countries") for _ in range(5)))
    assert set(others) == {(200, b'{"n": 1}')}
    assert not first.done()  # its client still reads nothing
    slow_client.set()
    assert await first == (200, b'{"n": 1}')
    assert calls == ["countries"]


async def test_distinct_urls_never_hold_more_bytes_than_the_bound() -> None:
    api = FastAPI()

    @api.get("/countries/{n}")
    async def countries(n: int) -> Response:
        return Response(b"x" * 100_000, media_type="application/json")

    store = AnswerCacheStore(max_bytes=1_000_000)
    app = AnswerCache(api, store=store, version=version_at(1), cacheable=lambda _scope: True)
    for n in range(200):  # 20 MB of answers, one URL each
        assert (await get(app, f"/countries/{n}"))[0] == 200
    assert 0 < store.bytes <= 1_000_000
    assert len(store) <= 10


LARGE = (
    b'{"items": [' + b", ".join(b'{"n": %d, "name": "country"}' % n for n in range(2000)) + b"]}"
)


def large_answers(store: AnswerCacheStore | None = None) -> tuple[AnswerCache, Counter[str]]:
    """A cache in front of one large cacheable answer, counting each compression it makes."""
    api = FastAPI()

    @api.get("/countries")
    async def countries() -> Response:
        return Response(LARGE, media_type="application/json")

    made: Counter[str] = Counter()

    def counting(coding: str, encode: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
        def counted(body: bytes) -> bytes:
            made[coding] += 1
            return encode(body)

        return counted

    app = AnswerCache(
        api,
        store=store if store is not None else AnswerCacheStore(max_bytes=ROOMY),
        version=version_at(1),
        cacheable=lambda _scope: True,
        max_wait_seconds=60,  # waiting requests are released by the first compression alone
        encoders={c: counting(c, e) for c, e in ENCODERS.items()},
    )
    return app, made


async def test_each_coding_of_an_answer_is_made_once_however_many_ask_at_once() -> None:
    app, made = large_answers()
    asks = ["br", "gzip", "zstd", "identity", "gzip, deflate, br, zstd"] * 8
    answers = await asyncio.wait_for(
        asyncio.gather(*(exchange(app, "/countries", {"Accept-Encoding": a}) for a in asks)), BOUND
    )
    again = await exchange(app, "/countries", {"Accept-Encoding": "gzip"})
    assert made == {"br": 1, "zstd": 1, "gzip": 1}
    assert {h.get("content-encoding") for _, h, _ in answers} == {"br", "gzip", "zstd", None}
    assert again[1]["content-encoding"] == "gzip"
    assert gzip.decompress(again[2]) == LARGE


async def test_the_codings_made_count_in_the_cache_bound() -> None:
    store = AnswerCacheStore(max_bytes=ROOMY)
    app, _made = large_answers(store)
    await exchange(app, "/countries", {"Accept-Encoding": "identity"})
    identity_only = store.bytes
    _status, _headers, compressed = await exchange(app, "/countries", {"Accept-Encoding": "br"})
    assert store.bytes >= identity_only + len(compressed)


async def test_an_answer_the_cache_cannot_keep_is_sent_uncompressed() -> None:
    app, made = large_answers(AnswerCacheStore(max_bytes=len(LARGE) // 2))
    status, headers, body = await exchange(app, "/countries", {"Accept-Encoding": "br, gzip"})
    assert (status, body, made) == (200, LARGE, Counter())
    assert "content-encoding" not in headers
    assert headers["vary"] == "Accept-Encoding"


async def test_small_answers_are_sent_uncompressed_and_still_vary() -> None:
    api, _calls = read_api()
    app = caching(api)
    status, headers, body = await exchange(app, "/countries", {"Accept-Encoding": "gzip, br"})
    assert (status, body) == (200, b'{"n": 1}')
    assert "content-encoding" not in headers
    assert headers["vary"] == "Accept-Encoding"
