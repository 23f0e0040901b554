"""A refused value told in words: pydantic's errors said of the parameter, by its name.

The HTTP problems (`problems.py`) and the command line (`cli_commands.py`) both say what
is wrong through `in_words`, so a value refused on a route and on the command line reads
the same. Worded from each error's type and context, never from pydantic's message text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from countries.entrypoints.http.schemas.common import CODE_PATTERN

# A pattern a user never wrote: what it asks for, in words (README.md, "One country").
_PATTERN_WORDS = {
    CODE_PATTERN: "a country code: 2 or 3 letters (ARG, ar) or up to 3 digits (032)",
}


def _pattern(name: str, ctx: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    words = _PATTERN_WORDS.get(ctx.get("pattern", ""), "in the form the API documents")
    return f"{name} must be {words}"


def _unknown(name: str, ctx: Mapping[str, Any], loc: tuple[Any, ...]) -> str:
    if loc[:1] == ("body",):
        return f"{name} is not a field of this body"
    return f"{name} is not a parameter of this route"


_WORDS: dict[str, Callable[[str, Mapping[str, Any], tuple[Any, ...]], str]] = {
    "string_pattern_mismatch": _pattern,
    "extra_forbidden": _unknown,
    "missing": lambda name, ctx, loc: f"{name} is required",
    "less_than_equal": lambda name, ctx, loc: f"{name} must be at most {ctx['le']}",
    "greater_than_equal": lambda name, ctx, loc: f"{name} must be at least {ctx['ge']}",
    "enum": lambda name, ctx, loc: f"{name} must be {ctx['expected']}",
    "literal_error": lambda name, ctx, loc: f"{name} must be {ctx['expected']}",
    "string_too_long": lambda name, ctx, loc: (
        f"{name} must have at most {ctx['max_length']} characters"
    ),
    "string_too_short": lambda name, ctx, loc: (
        f"{name} must have at least {ctx['min_length']} characters"
    ),
}


def in_words(name: str, error: Mapping[str, Any]) -> str:
    """What is wrong with `name`, from one of pydantic's errors (`ValidationError.errors()`)."""
    worded = _WORDS.get(error.get("type", ""))
    if worded is not None:
        try:
            return worded(name, error.get("ctx") or {}, tuple(error.get("loc", ())))
        except KeyError:  # a context without what the words need: pydantic's own message
            pass
    # Our own validators' messages already name the field ("q is blank: …").
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")
