"""Content codings of the cached answers: which one a request accepts, and how each is made.

A cached answer is compressed at most once per coding, so the levels favour the ratio over
speed (what one compression of the full list costs is in README.md, "The cache, and running
several replicas"). Negotiation follows `Accept-Encoding` (RFC 9110, 12.5.3): q-values,
`*` for any coding not named, `identity` acceptable unless refused, and identity again when
nothing offered is acceptable (the answer is sent rather than refused with a 406).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import brotli
import zstandard

IDENTITY = "identity"

# Below this a compressed answer saves less than a packet: small answers stay identity.
MIN_SIZE = 1024

# zstd as HTTP content coding must not need a window over 8 MB to decode (RFC 9659).
_ZSTD_WINDOW_LOG = 23


def _br(body: bytes) -> bytes:
    # Quality 8 gives within 1 % of quality 9's size at about half its time; 10 and 11
    # are 5 to 30 times slower for another 10 %.
    return bytes(brotli.compress(body, quality=8))


def _zstd(body: bytes) -> bytes:
    params = zstandard.ZstdCompressionParameters.from_level(
        12, source_size=len(body), window_log=min(_ZSTD_WINDOW_LOG, max(10, len(body).bit_length()))
    )
    return zstandard.ZstdCompressor(compression_params=params).compress(body)


def _gzip(body: bytes) -> bytes:
    # mtime=0: the same bytes for the same answer, in every process.
    return gzip.compress(body, compresslevel=9, mtime=0)


# In the order served when a client accepts several equally: smallest first.
ENCODERS: Mapping[str, Callable[[bytes], bytes]] = {"br": _br, "zstd": _zstd, "gzip": _gzip}

# For answers made for each request (`one_off`): a few times faster than the levels above
# (150 kB of activities in 1 to 2 ms, not 10 to 20) for a few per cent more bytes, so
# asking again and again for a large answer costs the server little.
FAST_ENCODERS: Mapping[str, Callable[[bytes], bytes]] = {
    "br": lambda body: bytes(brotli.compress(body, quality=4)),
    "zstd": lambda body: zstandard.ZstdCompressor(level=3).compress(body),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}

_ALIASES = {"x-gzip": "gzip"}  # RFC 9110, 8.4.1.3: the same coding
_QVALUE = re.compile(r"(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\Z")


@dataclass(frozen=True, slots=True)
class Accepted:
    """What one `Accept-Encoding` value accepts: a weight per coding named, and for `*`."""

    weights: Mapping[str, float]
    others: float | None  # the weight `*` gives the codings not named; None without `*`

    def weight(self, coding: str) -> float | None:
        """Its weight for `coding` (0 refuses it), or None when it says nothing of it."""
        return self.weights.get(coding, self.others)

    def accepts(self, coding: str) -> bool:
        """Whether an answer in `coding` is acceptable (identity is, unless refused)."""
        weight = self.weight(coding)
        if weight is None:
            return coding == IDENTITY
        return weight > 0

    def choose(self, offered: tuple[str, ...]) -> str:
        """The coding to send of `offered` (in the server's order of preference), or identity.

        The highest weight wins and the server's order breaks ties. Identity wins only
        when named with a higher weight than every coding offered, and is the fallback
        when none is acceptable.
        """
        best, best_weight = IDENTITY, 0.0
        for coding in offered:
            weight = self.weight(coding) or 0.0
            if weight > best_weight:
                best, best_weight = coding, weight
        identity = self.weight(IDENTITY)
        if identity is not None and identity > best_weight:
            return IDENTITY
        return best


# The longest `Accept-Encoding` whose reading is remembered. Browsers and HTTP libraries
# send a handful of distinct values, each well under this; a client sending thousands of
# long made-up ones is read afresh each time rather than kept (the memos are bounded by
# count, and each would hold its header: 1,280 of 60 kB are 77 MB).
MEMO_LONGEST = 256


def _parsed(header: bytes | None) -> Accepted:
    """Parse an `Accept-Encoding` value; None (no header) accepts identity alone.

    RFC 9110 lets a server send any coding to a request without the header; identity is
    what every client reads.

    An entry with a malformed weight is ignored; a coding named twice keeps its lower
    weight (a refusal stands).
    """
    if header is None:
        return Accepted(weights={}, others=None)
    weights: dict[str, float] = {}
    for entry in header.decode("latin-1").split(","):
        coding, _, params = entry.partition(";")
        coding = coding.strip().lower()
        weight = _weight(params)
        if not coding or weight is None:
            continue
        coding = _ALIASES.get(coding, coding)
        weights[coding] = min(weight, weights.get(coding, weight))
    others = weights.pop("*", None)
    return Accepted(weights=weights, others=others)


_parsed_memo = lru_cache(maxsize=256)(_parsed)


def accepted(header: bytes | None) -> Accepted:
    """What this `Accept-Encoding` value accepts (`_parsed`), read once per usual value."""
    if header is not None and len(header) > MEMO_LONGEST:
        return _parsed(header)
    return _parsed_memo(header)


def _choose(header: bytes | None, offered: tuple[str, ...]) -> str:
    return accepted(header).choose(offered)


_choose_memo = lru_cache(maxsize=1024)(_choose)


def chosen(header: bytes | None, offered: tuple[str, ...]) -> str:
    """`accepted(header).choose(offered)`, worked out once per usual header and offer.

    Asked for every cached answer sent; clients send a handful of distinct headers, and
    answers come in a handful of offers (every coding, or none for a small answer).
    """
    if header is not None and len(header) > MEMO_LONGEST:
        return _choose(header, offered)
    return _choose_memo(header, offered)


def _weight(params: str) -> float | None:
    """The `q` of an entry's parameters (1 when absent), or None when it is malformed."""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            value = value.strip()
            return float(value) if _QVALUE.match(value) else None
    return 1.0
