"""Awkward text for the strategies: letters that fold alike or are LIKE-special, and odd places."""

from __future__ import annotations

import string

from hypothesis import strategies as st

# Letters that fold to the same thing, LIKE wildcards, the escape characters SQL
# adapters might pick, white space that collapses, and a few outside the BMP.
ODD_ALPHABET = (
    "aAáÁåÅæÆeEéÈëiIıİoOøØöuUüßẞﬁǅłŁđĐðÐþÞœŒǿΩωπ日本%_/\\'\" -\t\u0301\U0001f1e6\U0001d400"
)

# Letters Unicode does not decompose, each with the ASCII a reader types for it.
READER_SPELLINGS = {
    **{"ı": "i", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE"},
    **{"œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH"},
}


def spelled_words() -> st.SearchStrategy[tuple[str, str]]:
    """A word using READER_SPELLINGS, and the same word as a reader types it in ASCII."""
    letter = st.one_of(
        st.sampled_from(sorted(READER_SPELLINGS.items())),
        st.sampled_from(string.ascii_letters).map(lambda ch: (ch, ch)),
    )
    return st.lists(letter, min_size=1, max_size=10).map(
        lambda pairs: ("".join(p for p, _ in pairs), "".join(a for _, a in pairs))
    )


odd_text = st.text(alphabet=ODD_ALPHABET, max_size=8)

PLACE_NAMES = (
    "Åland Islands",
    "aland islands",
    "Aland",
    "Bogotá",
    "bogota",
    "Côte d'Ivoire",
    "Zürich",
    "Ísland",
    "Kıbrıs",
    "kibris",
    "Þórshöfn",
    "Łódź",
    "100% Land",
    "under_score",
    "",
    "   ",
)

place_name = st.one_of(st.sampled_from(PLACE_NAMES), odd_text)
