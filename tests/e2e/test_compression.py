"""Compressed answers through the ASGI app: what a client asking for br, zstd or gzip gets.

httpx2 decodes gzip, br and zstd on its own: the bytes as sent are read with `aiter_raw`.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable

import brotli
import httpx2
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.caching import encodings

DECODE: dict[str | None, Callable[[bytes], bytes]] = {
    None: lambda raw: raw,
    "gzip": gzip.decompress,
    "br": brotli.decompress,
    "zstd": zstandard.ZstdDecompressor().decompress,
}
FULL_LISTS = ("/countries", "/v3.1/all")  # every country: the largest answers


async def fetch(
    client: httpx2.AsyncClient, path: str, **headers: str
) -> tuple[httpx2.Response, bytes]:
    """The answer and its body as sent, encoded."""
    sent = {name.replace("_", "-"): value for name, value in headers.items()}
    async with client.stream("GET", path, headers=sent) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, raw


_CODINGS = st.sampled_from(["gzip", "br", "zstd", "identity", "*", "deflate", "x-gzip", "BR"])
_WEIGHTS = st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=0.001", ";q=0.9"])
_ACCEPT = st.lists(st.builds("{}{}".format, _CODINGS, _WEIGHTS), max_size=5).map(", ".join)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(accept=_ACCEPT)
async def test_every_coding_sent_decodes_to_the_uncompressed_answer(
    client: httpx2.AsyncClient, accept: str
) -> None:
    plain, plain_raw = await fetch(client, "/countries", accept_encoding="identity")
    response, raw = await fetch(client, "/countries", accept_encoding=accept)
    coding = response.headers.get("content-encoding")
    assert response.status_code == 200
    assert DECODE[coding](raw) == plain_raw
    assert int(response.headers["content-length"]) == len(raw)
    assert response.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    if coding is not None:
        assert f"{coding};q=0" not in accept.lower().split(", ")  # a refused coding never comes
        assert response.headers["etag"] == plain.headers["etag"][:-1] + f'-{coding}"'


async def test_each_coding_has_its_own_etag_and_revalidates_to_a_304(
    client: httpx2.AsyncClient,
) -> None:
    etags = {}
    for coding in ("identity", "gzip", "br", "zstd"):
        first, _ = await fetch(client, "/countries", accept_encoding=coding)
        etags[coding] = first.headers["etag"]
        again, raw = await fetch(
            client, "/countries", accept_encoding=coding, if_none_match=etags[coding]
        )
        assert (again.status_code, raw) == (304, b"")
        assert again.headers["etag"] == etags[coding]
        assert again.headers["vary"] == "Accept-Encoding"
    assert len(set(etags.values())) == 4


async def test_a_304_names_the_copy_the_client_holds_if_it_still_accepts_it(
    client: httpx2.AsyncClient,
) -> None:
    held, _ = await fetch(client, "/countries", accept_encoding="gzip")
    # It now prefers br, but still reads gzip: the gzip copy it holds stays good.
    kept, _ = await fetch(
        client, "/countries", accept_encoding="br, gzip", if_none_match=held.headers["etag"]
    )
    assert (kept.status_code, kept.headers["etag"]) == (304, held.headers["etag"])
    # It no longer reads gzip: it gets the answer anew, in what it reads.
    anew, raw = await fetch(
        client, "/countries", accept_encoding="br", if_none_match=held.headers["etag"]
    )
    assert (anew.status_code, anew.headers["content-encoding"]) == (200, "br")
    assert brotli.decompress(raw)


async def test_a_coding_refused_with_q_0_is_never_sent(client: httpx2.AsyncClient) -> None:
    gzipped, _ = await fetch(client, "/countries", accept_encoding="br;q=0, zstd;q=0, gzip")
    plain, _ = await fetch(client, "/countries", accept_encoding="br;q=0, zstd;q=0, gzip;q=0")
    assert gzipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers


@pytest.mark.parametrize("path", FULL_LISTS)
async def test_a_full_list_compresses_to_a_fifth_of_its_size_or_less(
    client: httpx2.AsyncClient, path: str
) -> None:
    _, plain = await fetch(client, path, accept_encoding="identity")
    for coding in ("gzip", "br", "zstd"):
        response, raw = await fetch(client, path, accept_encoding=coding)
        assert response.headers["content-encoding"] == coding
        assert len(raw) <= len(plain) * 0.20, (coding, len(raw), len(plain))


async def test_a_small_answer_is_sent_as_it_is(client: httpx2.AsyncClient) -> None:
    # One field of one country: well under the size worth compressing.
    response, raw = await fetch(
        client, "/countries/ARG?fields=name", accept_encoding="br, gzip, zstd"
    )
    assert "content-encoding" not in response.headers
    assert len(raw) < encodings.MIN_SIZE
    assert response.headers["vary"] == "Accept-Encoding"


async def test_cached_answers_are_compressed_once_per_coding(
    client: httpx2.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: Counter[tuple[str, int]] = Counter()  # compressions per coding and answer size

    def counting(coding: str, encode: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
        def counted(body: bytes) -> bytes:
            made[(coding, len(body))] += 1
            return encode(body)

        return counted

    for coding, encode in dict(encodings.ENCODERS).items():
        monkeypatch.setitem(encodings.ENCODERS, coding, counting(coding, encode))
    for _ in range(3):
        for path in FULL_LISTS:
            for accept in ("gzip", "br", "zstd", "gzip, deflate, br, zstd", "identity"):
                assert (await client.get(path, headers={"Accept-Encoding": accept})).is_success
    assert sorted(coding for coding, _size in made) == sorted(["gzip", "br", "zstd"] * 2)
    assert set(made.values()) == {1}
