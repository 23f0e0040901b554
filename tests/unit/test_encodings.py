"""Negotiating a content coding from `Accept-Encoding`: q-values, `*`, identity as fallback."""

import gzip
import tracemalloc

import brotli
import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from countries.caching.encodings import ENCODERS, IDENTITY, MIN_SIZE, accepted, chosen

OFFERED = ("br", "zstd", "gzip")  # the server's order of preference


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        (None, IDENTITY),  # no header: what every client reads
        (b"", IDENTITY),
        (b"gzip", "gzip"),
        (b"gzip, deflate, br, zstd", "br"),  # what browsers send: equal weights, ours decide
        (b"gzip, deflate, zstd", "zstd"),
        (b"gzip;q=1, br;q=0.5", "gzip"),
        (b"br;q=0, gzip", "gzip"),
        (b"br;q=0, zstd;q=0, gzip;q=0", IDENTITY),
        (b"*", "br"),
        (b"*, br;q=0", "zstd"),
        (b"*;q=0", IDENTITY),  # nothing acceptable: identity all the same, never a 406
        (b"gzip;q=0.5, identity", IDENTITY),  # identity named with the higher weight
        (b"gzip, identity", "gzip"),  # a tie: compressed
        (b"identity;q=0, gzip;q=0.2", "gzip"),
        (b"x-gzip", "gzip"),
        (b"GZIP ; Q=0.8", "gzip"),
        (b"gzip;q=0.001", "gzip"),
        (b"gzip;q=2", IDENTITY),  # malformed weights are ignored, not guessed
        (b"gzip;q=nan", IDENTITY),
        (b"gzip;q=1.5, br;q=0.1", "br"),
        (b"gzip, gzip;q=0", IDENTITY),  # a refusal stands
        (b"deflate, compress", IDENTITY),
        (b"gzip, br", "br"),
        (b"br;level=5", "br"),  # other parameters do not matter
    ],
)
def test_the_coding_a_request_gets(header: bytes | None, chosen: str) -> None:
    assert accepted(header).choose(OFFERED) == chosen


def test_identity_is_acceptable_unless_refused() -> None:
    assert accepted(b"br").accepts(IDENTITY)
    assert accepted(None).accepts(IDENTITY)
    assert not accepted(b"br, identity;q=0").accepts(IDENTITY)
    assert not accepted(b"*;q=0").accepts(IDENTITY)
    assert not accepted(b"br").accepts("gzip")
    assert accepted(b"*;q=0.3").accepts("zstd")


def test_an_answer_offered_in_nothing_is_sent_as_identity() -> None:
    assert accepted(b"br, gzip").choose(()) == IDENTITY


_CODINGS = st.sampled_from(["gzip", "br", "zstd", "identity", "*", "x-gzip", "deflate", "Br"])
_WEIGHTS = st.sampled_from([None, "0", "0.0", "0.5", "0.50", "1", "1.000", "0.001", "2", "x"])
_ENTRIES = st.builds(lambda c, q: c if q is None else f"{c};q={q}", _CODINGS, _WEIGHTS)


@given(st.lists(_ENTRIES, max_size=6).map(", ".join))
def test_the_coding_chosen_is_offered_acceptable_and_weighs_the_most(header: str) -> None:
    accepts = accepted(header.encode())
    chosen = accepts.choose(OFFERED)
    weights = {c: accepts.weight(c) or 0.0 for c in OFFERED}
    if chosen == IDENTITY:
        # Identity is sent when no coding is acceptable, or when it was asked for above them.
        assert all(w == 0 for w in weights.values()) or (accepts.weight(IDENTITY) or 0) > max(
            weights.values()
        )
    else:
        assert chosen in OFFERED
        assert weights[chosen] > 0
        assert weights[chosen] == max(weights.values())
        refusals = {f"{chosen};q=0", f"{chosen};q=0.0"}
        if chosen == "gzip":
            refusals |= {"x-gzip;q=0", "x-gzip;q=0.0"}
        assert refusals.isdisjoint(header.lower().split(", "))  # never a coding refused


@given(st.binary(min_size=MIN_SIZE, max_size=20_000))
def test_every_coding_decodes_to_the_answer(body: bytes) -> None:
    decoders = {
        "br": brotli.decompress,
        "gzip": gzip.decompress,
        "zstd": zstandard.ZstdDecompressor().decompress,
    }
    for coding, encode in ENCODERS.items():
        assert decoders[coding](encode(body)) == body


def test_long_made_up_headers_are_read_but_not_kept() -> None:
    # A client may send a new 60 kB Accept-Encoding with every request: each is still
    # read as it says, but the server keeps none of them (the memos are bounded by count).
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for n in range(1_300):
            header = b"br;q=0.5, x-%d-" % n + b"x" * 60_000 + b", gzip"
            assert chosen(header, ("br", "gzip")) == "gzip"
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held - before < 5_000_000
