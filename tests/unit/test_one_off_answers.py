"""Answers the cache does not keep: a GET's 200 JSON one gets an ETag, 304 and coding; no other."""

from __future__ import annotations

import gzip
import threading
from collections.abc import AsyncIterator, Callable

import brotli
from fastapi import FastAPI, Response
from fastapi.responses import PlainTextResponse, StreamingResponse
from starlette.types import Message

from countries.adapters.memory import InMemoryCountryReader, InMemoryStore
from countries.caching.answers import AnswerCacheStore, ASGIApp, Receive, Scope, Send, etag_of
from countries.caching.encodings import FAST_ENCODERS
from countries.caching.middleware import AnswerCache
from countries.caching.one_off import INLINE_MAX
from countries.caching.versions import DatasetVersion
from tests.answer_cache_driver import ROOMY, body_of, request, version_at

SMALL = b'{"status": "ok"}'
LARGE = b'{"items": [' + b", ".join(b'{"n": %d, "name": "trek"}' % n for n in range(2000)) + b"]}"
STREAMED = (b'{"items": [', b"1, 2", b"]}")


def routes() -> FastAPI:
    """One route per kind of answer: JSON small and large, text, a 404, a stream, a POST."""
    api = FastAPI()
    calls: list[int] = []

    @api.get("/stable")
    async def stable() -> Response:
        return Response(SMALL, media_type="application/json")

    @api.get("/counted")
    async def counted() -> Response:
        calls.append(1)
        return Response(SMALL[:-1] + b', "n": %d}' % len(calls), media_type="application/json")

    @api.get("/large")
    async def large() -> Response:
        return Response(LARGE, media_type="application/json; charset=utf-8")

    @api.get("/private")
    async def private() -> Response:
        return Response(SMALL, media_type="application/json", headers={"Cache-Control": "private"})

    @api.get("/text")
    async def text() -> Response:
        return PlainTextResponse("ok")

    @api.get("/missing")
    async def missing() -> Response:
        return Response(SMALL, status_code=404, media_type="application/json")

    @api.get("/streamed")
    async def streamed() -> StreamingResponse:
        async def chunks() -> AsyncIterator[bytes]:
            for chunk in STREAMED:
                yield chunk

        return StreamingResponse(chunks(), media_type="application/json")

    @api.post("/stable")
    async def posted() -> Response:
        return Response(SMALL, media_type="application/json")

    return api


class Unreadable(InMemoryCountryReader):
    """A database that does not answer: the dataset version cannot be read."""

    async def dataset_version(self) -> int:
        raise ConnectionError("the database does not answer")


def caching(
    app: ASGIApp,
    *,
    encoders: dict[str, Callable[[bytes], bytes]] | None = None,
    store: AnswerCacheStore | None = None,
    version_known: bool = True,
) -> AnswerCache:
    """`app` behind an answer cache that keeps nothing (no route is cacheable)."""
    version = version_at(3) if version_known else DatasetVersion(Unreadable(InMemoryStore()))
    return AnswerCache(
        app,
        store=store if store is not None else AnswerCacheStore(max_bytes=ROOMY),
        version=version,
        cacheable=lambda _scope: False,
        one_off_encoders=encoders if encoders is not None else FAST_ENCODERS,
    )


async def call(
    app: AnswerCache, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], list[Message]]:
    """The status, headers and body messages the app sends; `headers` named in snake case."""
    return await request(app, path, method, {k.replace("_", "-"): v for k, v in headers.items()})


async def test_a_one_off_answer_gets_an_etag_and_a_304() -> None:
    app = caching(routes())
    status, headers, bodies = await call(app, "/stable")
    assert (status, body_of(bodies)) == (200, SMALL)
    assert headers["etag"] == etag_of(SMALL).decode()
    assert (headers["cache-control"], headers["vary"]) == ("no-cache", "Accept-Encoding")
    status, not_modified, bodies = await call(app, "/stable", if_none_match=headers["etag"])
    assert (status, body_of(bodies), not_modified["etag"]) == (304, b"", headers["etag"])


async def test_a_one_off_answer_is_computed_for_every_request_and_never_kept() -> None:
    store = AnswerCacheStore(max_bytes=ROOMY)
    app = caching(routes(), store=store)
    _, first, _ = await call(app, "/counted")
    status, headers, bodies = await call(app, "/counted", if_none_match=first["etag"])
    assert (status, body_of(bodies)) == (200, b'{"status": "ok", "n": 2}')
    assert headers["etag"] != first["etag"]
    assert len(store) == 0


async def test_the_routes_own_cache_control_is_kept() -> None:
    app = caching(routes())
    _, headers, _ = await call(app, "/private")
    status, not_modified, bodies = await call(app, "/private", if_none_match=headers["etag"])
    assert headers["cache-control"] == not_modified["cache-control"] == "private"
    assert (status, body_of(bodies), not_modified["etag"]) == (304, b"", headers["etag"])


async def test_answers_not_200_json_to_a_get_go_through_as_the_app_sent_them() -> None:
    app = caching(routes())
    for path, method in (("/text", "GET"), ("/missing", "GET"), ("/stable", "POST")):
        _, headers, _ = await call(app, path, method, accept_encoding="gzip")
        assert not {"etag", "vary", "cache-control", "content-encoding"} & set(headers), path


async def test_a_stream_of_unknown_length_goes_through_as_it_comes() -> None:
    status, headers, bodies = await call(caching(routes()), "/streamed", accept_encoding="gzip")
    assert (status, "etag" in headers, "content-encoding" in headers) == (200, False, False)
    assert [m["body"] for m in bodies if m["body"]] == list(STREAMED)


async def test_an_answer_of_known_length_in_several_messages_is_sent_whole() -> None:
    async def in_parts(scope: Scope, receive: Receive, send: Send) -> None:
        length = str(len(b"".join(STREAMED))).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", length)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for n, chunk in enumerate(STREAMED, 1):
            await send({"type": "http.response.body", "body": chunk, "more_body": n < 3})

    status, headers, bodies = await call(caching(in_parts), "/anything")
    assert (status, len(bodies), body_of(bodies)) == (200, 1, b"".join(STREAMED))
    assert headers["etag"] == etag_of(b"".join(STREAMED)).decode()


def recording(threads: list[str]) -> dict[str, Callable[[bytes], bytes]]:
    """The encoders, each noting the thread it runs in."""

    def noted(encode: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
        def run(body: bytes) -> bytes:
            threads.append(threading.current_thread().name)
            return encode(body)

        return run

    return {coding: noted(encode) for coding, encode in FAST_ENCODERS.items()}


async def test_a_large_answer_is_compressed_in_the_encoding_thread() -> None:
    threads: list[str] = []
    app = caching(routes(), encoders=recording(threads))
    assert len(LARGE) > INLINE_MAX
    status, headers, bodies = await call(app, "/large", accept_encoding="gzip")
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body_of(bodies)) == LARGE
    assert headers["etag"] == etag_of(LARGE).decode()[:-1] + '-gzip"'
    assert threads == ["countries-encode_0"]


async def test_a_smaller_one_is_compressed_inline() -> None:
    threads: list[str] = []
    medium = LARGE[: INLINE_MAX // 2]  # JSON or not, it is bytes labelled so

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": medium})

    app = caching(answer, encoders=recording(threads))
    status, headers, bodies = await call(app, "/medium", accept_encoding="br")
    assert (status, headers["content-encoding"]) == (200, "br")
    assert brotli.decompress(body_of(bodies)) == medium
    assert threads == [threading.current_thread().name]


async def test_a_one_off_answer_has_its_etag_while_the_dataset_version_cannot_be_read() -> None:
    app = caching(routes(), version_known=False)
    _, headers, _ = await call(app, "/private")
    status, _, bodies = await call(app, "/private", if_none_match=headers["etag"])
    assert (status, body_of(bodies)) == (304, b"")
