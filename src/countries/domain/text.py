"""Folding text for case- and accent-insensitive matching and sorting.

`fold` is the one definition of "the same letters" in the service: the in-memory
filter uses it directly and the SQL adapter stores its output in search and sort
columns, so every backend matches and orders alike, whatever its collation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Joins the folded values of a multi-valued field; `fold` never returns it, so a
# substring match on the joined text is a match on one of the values.
SEPARATOR = "\x1f"


# Letters Unicode does not decompose into a base letter and an accent, spelled as a
# reader of the ASCII spelling expects (`kibris` finds Kıbrıs). Capitals are folded to
# these by `casefold` first (and ß to "ss"); ð is the Icelandic letter that looks like đ.
LETTERS = str.maketrans(
    {"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


# A query folds its terms once per country it looks at: remembering the last few thousand
# folds makes that a dictionary look-up (fold is pure; user terms are at most 100 chars).
@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case `text`, strip its accents and collapse its white space ("  Åland " -> "aland")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch)[0] != "C"
    )
    # After the decomposition, so "ǿ" (ø with an acute) loses its accent, then its slash.
    return " ".join("".join(kept).casefold().translate(LETTERS).split())


def fold_code(code: str) -> str:
    """A country code of any kind, folded, a numeric one zero-padded ("32" -> "032")."""
    folded = fold(code)
    return folded.zfill(3) if folded.isdigit() else folded


def fold_all(values: Iterable[str]) -> str:
    """Fold each value and join them into one searchable text."""
    return SEPARATOR.join(fold(value) for value in values)
