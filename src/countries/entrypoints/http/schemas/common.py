"""The one definition of what the service accepts: text, search terms, integers, codes and ids.

Every route's parameters and bodies, and the command line's filters, use these types, so
a value is accepted or refused alike wherever it is given. The rules, in plain words:

- text holds only assigned, printable characters: no control character (a description may
  hold tabs and line breaks), no private-use or unassigned code point, no noncharacter, and
  no U+FFFD, which is what invalid UTF-8 in a query string decodes to;
- a search term, an activity's name and its city are never blank: something must remain
  once `fold` has set case, accents, spaces and invisible characters aside;
- an integer in a query or a path is plain decimal digits (`0`, `10`), nothing else.

Each rule's message names the field and says what is wrong; the OpenAPI document carries
the same rules as patterns, derived from the same functions, so schema-driven clients agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from fastapi import Path
from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from countries.domain.text import fold

# The largest INTEGER both databases store: ids, and offsets into what they number.
MAX_ID = 2**31 - 1

REPLACEMENT_CHARACTER = "\ufffd"
# What a text with line breaks (a description) may hold that one-line text refuses.
LINE_BREAKS = "\t\n\r\u2028\u2029"
_LAST_CODE_POINT = 0x10FFFF
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


def _is_noncharacter(code_point: int) -> bool:
    return 0xFDD0 <= code_point <= 0xFDEF or code_point & 0xFFFE == 0xFFFE


def character_fault(character: str) -> str | None:
    """What is wrong with one character of text, in plain words; None when it is usable."""
    code_point = ord(character)
    if character == REPLACEMENT_CHARACTER:
        return "is not valid UTF-8 (it holds U+FFFD, what undecodable bytes become)"
    category = unicodedata.category(character)
    if category == "Cc":
        return f"holds a control character (U+{code_point:04X})"
    if category in ("Zl", "Zp"):
        # Unicode's line and paragraph separators start a new line in browsers, editors
        # and JSON read as JavaScript, as a line feed does.
        return f"holds a line break (U+{code_point:04X}): it is one line"
    if category == "Cs":
        # Only undecodable bytes make one (a file name or argument read with surrogateescape).
        return f"is not valid UTF-8 (it holds a lone surrogate, U+{code_point:04X})"
    if _is_noncharacter(code_point):
        return f"holds a noncharacter (U+{code_point:04X})"
    if category == "Co":
        return f"holds a private-use character (U+{code_point:04X})"
    if category == "Cn":
        return f"holds an unassigned code point (U+{code_point:04X})"
    return None


def _field(info: ValidationInfo, fallback: str = "the value") -> str:
    return info.field_name or fallback


@dataclass(frozen=True, slots=True)
class TextRule:
    """One kind of text: a string annotation that enforces the rules above and documents them.

    `Annotated[str, TextRule(...)]` validates, and names the rule in the OpenAPI document as
    the schema `schema_name`, so its long pattern is written there once, not at every use.
    """

    schema_name: str
    max_length: int
    line_breaks: bool = False  # tabs and line breaks are allowed
    not_blank: bool = False  # something must remain once folded

    def usable_characters(self, value: Any, info: ValidationInfo) -> Any:
        """`value` as is, or an error naming the field and the first unusable character."""
        # Checked before pydantic's own string check, which refuses a lone surrogate in words
        # no user could act on.
        if not isinstance(value, str):
            return value
        for character in value:
            if self.line_breaks and character in LINE_BREAKS:
                continue
            fault = character_fault(character)
            if fault is not None:
                raise PydanticCustomError(
                    "unusable_text", "{field} {fault}", {"field": _field(info), "fault": fault}
                )
        return value

    def something_left(self, value: str, info: ValidationInfo) -> str:
        """`value` as is, or an error naming the field when it must not be blank and is."""
        if self.not_blank and not fold(value):
            raise PydanticCustomError(
                "blank_text",
                "{field} is blank: nothing is left once case, accents, spaces and invisible "
                "characters are set aside",
                {"field": _field(info)},
            )
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Usable characters, then a string of at most `max_length`, then something left."""
        string = core_schema.str_schema(max_length=self.max_length)
        return core_schema.with_info_before_validator_function(
            self.usable_characters,
            core_schema.with_info_after_validator_function(self.something_left, string),
            ref=self.schema_name,
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The string's schema with the pattern of exactly the text `validate` accepts."""
        reference = handler(schema)
        documented = handler.resolve_ref_schema(reference)
        documented["pattern"] = text_pattern(line_breaks=self.line_breaks, not_blank=self.not_blank)
        if self.not_blank:
            documented["minLength"] = 1
        return reference


# The same rules as character classes, for the OpenAPI document: computed in one pass over
# every code point (about a second), once, when the document is first asked for.
@cache
def _character_classes() -> dict[str, str]:
    """The usable code points, and those of them `fold` keeps (`solid`) or drops (`blank`)."""
    ranges: dict[str, list[list[int]]] = {"usable": [], "solid": [], "blank": []}
    category = unicodedata.category
    for code_point in range(_LAST_CODE_POINT + 1):
        character = chr(code_point)
        # The categories `character_fault` refuses whole (noncharacters are unassigned),
        # tested first: most code points are unassigned, and this is four times faster.
        if category(character) in _REFUSED_CATEGORIES or character_fault(character):
            continue
        kinds = ("usable", "solid" if fold(character) else "blank")
        for kind in kinds:
            spans = ranges[kind]
            if spans and spans[-1][1] == code_point - 1:
                spans[-1][1] = code_point
            else:
                spans.append([code_point, code_point])
    return {
        kind: "".join(_escaped(a) if a == b else f"{_escaped(a)}-{_escaped(b)}" for a, b in spans)
        for kind, spans in ranges.items()
    }


def _escaped(code_point: int) -> str:
    # `\uXXXX` reads the same in ECMA-262, Python and Rust patterns; beyond the BMP the
    # character itself does (ECMA-262 in its Unicode mode, as JSON Schema means).
    return f"\\u{code_point:04X}" if code_point <= 0xFFFF else chr(code_point)


@cache
def text_pattern(*, line_breaks: bool, not_blank: bool) -> str:
    """The pattern of exactly the text a `TextRule` with these flags accepts."""
    classes = _character_classes()
    usable = classes["usable"] + (r"\t\n\r\u2028\u2029" if line_breaks else "")
    if not_blank:
        return f"^[{classes['blank']}]*[{classes['solid']}][{usable}]*$"
    return f"^[{usable}]*$"


SearchText = Annotated[str, TextRule("SearchTerm", max_length=100, not_blank=True)]

_CANONICAL_INTEGER = re.compile(r"0|[1-9][0-9]*")


def plain_digits(parameter: str = "the value") -> BeforeValidator:
    """Refuses an integer spelled otherwise than in plain decimal digits (`+5`, `1_0`, `1.0`).

    `parameter` names it where pydantic does not know the name (path parameters).
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and not _CANONICAL_INTEGER.fullmatch(value):
            raise PydanticCustomError(
                "not_plain_digits",
                "{field} must be a whole number in plain digits, like 10: no sign, spaces, "
                "underscores, decimal point or leading zeros",
                {"field": _field(info, parameter)},
            )
        return value

    return BeforeValidator(check)


# One country code of any kind: alpha-2, alpha-3 (any case), or numeric with or without
# its leading zeros. Every parameter taking codes builds on it.
ONE_CODE = "(?:[A-Za-z]{2,3}|[0-9]{1,3})"
CODE_PATTERN = rf"^{ONE_CODE}$"
CODES_PATTERN = rf"^{ONE_CODE}(?:,{ONE_CODE})*$"
CodePath = Annotated[
    str,
    Path(pattern=CODE_PATTERN, description="alpha-3, alpha-2 or numeric code, any case"),
]


def id_path(description: str) -> Any:
    """A path parameter holding a database id (1..MAX_ID), described for the API docs."""
    return Path(ge=1, le=MAX_ID, description=description)
