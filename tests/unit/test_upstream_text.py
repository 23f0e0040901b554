"""Upstream text: a control character or noncharacter in any kept text refuses the payload.

For both payload shapes, anywhere in a record (any field, list item or key, at any position
in the text); the refusal names the country and the field. What real data holds (format
characters such as Persian's zero-width non-joiner, any script) is accepted.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from countries.adapters.restcountries.payloads_v5 import V5Country, parse_page
from countries.adapters.restcountries.payloads_v31 import V31Country, parse_records
from countries.application.errors import SourceInvalid
from countries.domain.model import Country
from tests.upstream import Record, fixture_records

V31, V5 = fixture_records()
ARG_V31 = next(r for r in V31 if r["cca3"] == "ARG")
ARG_V5 = next(r for r in V5 if r["codes"]["alpha_3"] == "ARG")
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Path = tuple[str | int, ...]
# (path, whether the text is the last step's key rather than its value)
TextAt = tuple[Path, bool]

# What no country data holds: C0 controls (newlines too) but the tab, DEL and C1 controls,
# lone surrogates, the line and paragraph separators, and the noncharacters.
NOT_TEXT = [
    *(chr(code) for code in range(0x20) if code != 0x09),
    *map(chr, range(0x7F, 0xA0)),
    "\ud800",
    "\udfff",
    "\u2028",
    "\u2029",
    *map(chr, range(0xFDD0, 0xFDF0)),
    *(chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)),
]


def texts(value: object, path: Path = ()) -> Iterator[TextAt]:
    """Where every text in a parsed record is: strings, and the keys of mappings (not of models)."""
    if isinstance(value, str):
        yield path, False
    elif isinstance(value, BaseModel):
        fields = type(value).model_fields
        for name, item in value.__dict__.items():
            yield from texts(item, (*path, fields[name].alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), True
            yield from texts(item, (*path, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from texts(item, (*path, position))


def kept_texts(record: Record, model: type[V31Country | V5Country]) -> list[TextAt]:
    """The texts of `record` its payload model keeps (not those of fields it ignores)."""
    return sorted(texts(model.model_validate(record)), key=str)


V31_TEXTS = kept_texts(ARG_V31, V31Country)
V5_TEXTS = kept_texts(ARG_V5, V5Country)


def with_char(record: Record, at: TextAt, char: str, position: int) -> Record:
    """A copy of `record` with `char` put into the text `at`, at `position` (modulo its length)."""
    changed = copy.deepcopy(record)
    path, is_key = at
    parent: Any = changed
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    text = str(last) if is_key else parent[last]
    cut = position % (len(text) + 1)
    new = text[:cut] + char + text[cut:]
    if is_key:
        parent[new] = parent.pop(last)
    else:
        parent[last] = new
    return changed


def v31(record: Record) -> list[Country]:
    return parse_records([record])


def v5(record: Record) -> list[Country]:
    return parse_page(
        {"data": {"objects": [record], "meta": {"total": 1, "more": False}}}
    ).countries


def named(at: TextAt) -> str:
    """How the refusal names the field: `name.nativeName.spa.common`, `translations.(a key)`."""
    path, is_key = at
    steps = (*path[:-1], "(a key)") if is_key else path
    return ".".join(str(step) for step in steps)


SHAPES: list[tuple[Callable[[Record], list[Country]], Record, list[TextAt]]] = [
    (v31, ARG_V31, V31_TEXTS),
    (v5, ARG_V5, V5_TEXTS),
]


def test_the_records_have_texts_in_every_kind_of_place() -> None:
    for _, _, found in SHAPES:
        assert len(found) > 100
        assert any(is_key for _, is_key in found)
        assert any(isinstance(path[-1], int) for path, _ in found)


@FAST
@given(
    shape=st.sampled_from(SHAPES).flatmap(lambda s: st.tuples(st.just(s), st.sampled_from(s[2]))),
    char=st.sampled_from(NOT_TEXT),
    position=st.integers(0, 500),
)
def test_a_control_character_in_any_text_refuses_the_record(
    shape: tuple[tuple[Callable[[Record], list[Country]], Record, list[TextAt]], TextAt],
    char: str,
    position: int,
) -> None:
    (parse, record, _), at = shape
    with pytest.raises(SourceInvalid) as refused:
        parse(with_char(record, at, char, position))
    message = str(refused.value)
    # A code (cca2, a currency's key, ...) fails its pattern first (a lone surrogate, which
    # pydantic cannot match a pattern against, fails it too); any other text says what.
    if not any(earlier in message for earlier in ("should match pattern", "unicode string")):
        assert f"the {named(at)} of ARG holds U+{ord(char):04X} (" in message
        assert char not in message


@pytest.mark.parametrize(
    ("parse", "record", "path", "field"),
    [
        (v31, ARG_V31, ("name", "common"), "name.common"),
        (v5, ARG_V5, ("names", "common"), "names.common"),
    ],
)
def test_a_nul_in_the_name_is_refused_naming_the_country_and_the_field(
    parse: Callable[[Record], list[Country]], record: Record, path: Path, field: str
) -> None:
    with pytest.raises(SourceInvalid, match=rf"the {field} of ARG holds U\+0000 \(a control"):
        parse(with_char(record, (path, False), "\x00", 3))  # "Arg\x00entina"


# What real names hold besides letters: format characters (U+200C in Persian names, the
# direction marks of Arabic ones), no-break and other spaces, marks, symbols, any script;
# and the tab, white space the shared test strategies give (tests/strategies/text.py).
real_text = st.just("\t") | st.characters(
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="".join(c for c in NOT_TEXT if unicodedata.category(c) == "Cn"),
)


@FAST
@given(shape=st.sampled_from(SHAPES), char=real_text, position=st.integers(0, 20))
def test_any_other_character_in_a_name_is_kept(
    shape: tuple[Callable[[Record], list[Country]], Record, list[TextAt]],
    char: str,
    position: int,
) -> None:
    parse, record, _ = shape
    path = ("name", "common") if parse is v31 else ("names", "common")
    changed = with_char(record, (path, False), char, position)
    assert parse(changed)[0].name == changed[path[0]]["common"]
