"""The one definition of accepted text and integers, and the patterns that document it.

Schema-driven clients (and schemathesis) trust the OpenAPI patterns: each must accept
exactly the text its rule accepts, for any text at all.
"""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from countries.domain.text import fold
from countries.entrypoints.http.schemas.common import (
    TextRule,
    character_fault,
    plain_digits,
    text_pattern,
)

RULES = [
    TextRule("OneLine", max_length=1000, not_blank=True),
    TextRule("MultiLine", max_length=1000, line_breaks=True),
]

any_text = st.text(st.characters(exclude_categories=()), max_size=12)


def _accepts(rule: TextRule, value: str) -> bool:
    try:
        TypeAdapter(Annotated[str, rule]).validate_python(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.schema_name)
@settings(deadline=None)  # the first example computes the patterns (about a second)
@given(value=any_text)
@example(value=" \u0301\u200b")
@example(value="a\ufffd")
@example(value="\U000f0000")
@example(value="\ufdd0")
@example(value="line\nbreak\ttab")
@example(value="one\u2028line\u2029")
@example(value="Åland")
def test_the_documented_pattern_accepts_exactly_what_the_rule_accepts(
    rule: TextRule, value: str
) -> None:
    pattern = re.compile(text_pattern(line_breaks=rule.line_breaks, not_blank=rule.not_blank))
    assert (pattern.fullmatch(value) is not None) == _accepts(rule, value)


usable_text = st.text(
    st.characters(codec="utf-8").filter(lambda character: character_fault(character) is None),
    max_size=12,
)


@given(value=usable_text)
def test_usable_text_is_a_term_exactly_when_something_is_left_once_folded(value: str) -> None:
    assert _accepts(RULES[0], value) == (fold(value) != "")


PLAIN = re.compile(r"0|[1-9][0-9]*")


@given(spelling=st.text("0123456789+-_. \t1e", max_size=6) | st.integers().map(str))
def test_an_integer_is_taken_exactly_when_written_in_plain_digits(spelling: str) -> None:
    adapter = TypeAdapter(Annotated[int, plain_digits("count")])
    if PLAIN.fullmatch(spelling):
        assert adapter.validate_python(spelling) == int(spelling)
    else:
        with pytest.raises(ValidationError, match="count must be a whole number in plain digits"):
            adapter.validate_python(spelling)
