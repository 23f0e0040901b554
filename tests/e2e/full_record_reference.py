"""What each full-record filter means, in the README's words, over every bundled country.

The full-record API tests compare each filter's answer with this reference, applied to every
bundled country (what the test app serves), on SQLite and in memory.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from countries.domain.text import fold

FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EVERY = load_snapshot()


def _contains(term: str, values: list[str]) -> bool:
    return any(fold(term) in fold(value) for value in values)


def _codes_of(country: Country) -> set[str]:
    given = (country.code, country.cca2, country.ccn3, country.details.cioc)
    return {code.upper() for code in given if code}


def _wanted(code: str) -> str:
    """A code as a user may write it: any case, a numeric one with or without leading zeros."""
    return code.upper().zfill(3) if code.isdigit() else code.upper()


def neighbours(code: str) -> set[str]:
    named = [c for c in EVERY if _wanted(code) in _codes_of(c)]
    named.sort(key=lambda c: c.code != code.upper())
    return set(named[0].details.borders) if named else set()


# What each text filter means, in the README's words: one predicate per parameter.
REFERENCE: dict[str, Callable[[Country, str], bool]] = {
    "currency": lambda c, t: any(
        fold(t) == fold(x.code) or fold(t) in fold(x.name) for x in c.currencies
    ),
    "language": lambda c, t: any(
        fold(t) == fold(x.code) or fold(t) in fold(x.name) for x in c.languages
    ),
    "region": lambda c, t: _contains(t, [c.region]),
    "subregion": lambda c, t: _contains(t, [c.subregion or ""]),
    "demonym": lambda c, t: _contains(t, [n for _, d in c.details.demonyms for n in (d.f, d.m)]),
    "full_name": lambda c, t: fold(t) in {fold(c.name), fold(c.official_name)},
    "borders": lambda c, t: c.code in neighbours(t),
    "codes": lambda c, t: bool(_codes_of(c) & {_wanted(x) for x in t.split(",")}),
}
FLAGS = ("independent", "un_member", "landlocked")


def _words(country: Country) -> list[str]:
    """Texts the filters match: currency, language, region, demonym and name spellings."""
    details = country.details
    return [
        *(x.code for x in country.currencies),
        *(x.name for x in country.currencies),
        *(x.code for x in country.languages),
        *(x.name for x in country.languages),
        country.region,
        country.subregion or "",
        *(n for _, d in details.demonyms for n in (d.f, d.m)),
        country.name,
        country.official_name.upper(),
    ]


WORDS = sorted({w for c in EVERY for w in _words(c) if fold(w)})
CODES = sorted(code for c in EVERY for code in _codes_of(c))
# A whole word, a piece of one, or any of its spellings in another case.
text_terms = (
    st.sampled_from(WORDS)
    .flatmap(lambda w: st.sampled_from([w, w.upper(), w[: max(2, len(w) // 2)], w[1:]]))
    .filter(lambda t: bool(fold(t)))
)


def _as_written(code: str) -> st.SearchStrategy[str]:
    """`code` in lower case, or a numeric one without its leading zeros ("032" or "32")."""
    return st.sampled_from([code, code.lstrip("0") or "0"] if code.isdigit() else [code.lower()])


def term_for(parameter: str) -> st.SearchStrategy[str]:
    if parameter == "borders":
        return st.sampled_from(CODES).flatmap(_as_written)
    if parameter == "codes":
        codes = st.sampled_from(CODES).flatmap(_as_written)
        return st.lists(codes, min_size=1, max_size=4).map(",".join)
    return text_terms
