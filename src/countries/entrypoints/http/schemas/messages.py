"""A refused value told in words: pydantic's errors said of the parameter, by its name.

The HTTP problems (`problems.py`) and the command line (`cli_commands.py`) both say what
is wrong through `in_words`, so a value refused on a route and on the command line reads
the same. Worded from each error's type and context, never from pydantic's message text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from countries.entrypoints.http.schemas.common import CODE_PATTERN

# A pattern a user never wrote: what it asks for, in words (README.md, "One country").
_PATTERN_WORDS = {
    CODE_PATTERN: "a country code: 2 or 3 letters (ARG, ar) or up to 3 digits (032)",
}

# The words for an error type, filled from the parameter's name and the error's context.
_TEMPLATES = {
    "missing": "{name} is required",
    "less_than_equal": "{name} must be at most {le}",
    "greater_than_equal": "{name} must be at least {ge}",
    "enum": "{name} must be {expected}",
    "literal_error": "{name} must be {expected}",
    "string_too_long": "{name} must have at most {max_length} characters",
    "string_too_short": "{name} must have at least {min_length} characters",
}


def in_words(name: str, error: Mapping[str, Any]) -> str:
    """What is wrong with `name`, from one of pydantic's errors (`ValidationError.errors()`)."""
    kind, ctx = error.get("type"), error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(ctx.get("pattern", ""), "in the form the API documents")
        return f"{name} must be {words}"
    if kind == "extra_forbidden":
        if tuple(error.get("loc", ()))[:1] == ("body",):
            return f"{name} is not a field of this body"
        return f"{name} is not a parameter of this route"
    template = _TEMPLATES.get(kind or "")
    if template is not None:
        try:
            return template.format(name=name, **ctx)
        except KeyError:  # a context without what the words need: pydantic's own message
            pass
    # Our own validators' messages already name the field ("q is blank: …").
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")
