"""A refused value told in words: pydantic's errors said of the parameter, by its name.

The HTTP problems (`problems.py`) and the command line (`cli_commands.py`) both say what
is wrong through `in_words`, so a value refused on a route and on the command line reads
the same. Worded from each error's type and context, never from pydantic's message text:
only our own validators' messages, which name the field, are passed on as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from pydantic_core.core_schema import ErrorType

from countries.entrypoints.http.schemas.common import CODE_PATTERN, CODES_PATTERN

# A pattern a user never wrote: what it asks for, in words (README.md, "One country").
_PATTERN_WORDS = {
    CODE_PATTERN: "a country code: 2 or 3 letters (ARG, ar) or up to 3 digits (032)",
    CODES_PATTERN: "country codes separated by commas, each 2 or 3 letters or up to 3 digits "
    "(ar,BRA,076)",
}

# pydantic's own error types: their messages are pydantic's words, never passed on.
_PYDANTIC_TYPES = frozenset(get_args(ErrorType)) - {"value_error"}

# The words for an error type, filled from the parameter's name and the error's context.
_TEMPLATES = {
    "missing": "{name} is required",
    "less_than_equal": "{name} must be at most {le}",
    "greater_than_equal": "{name} must be at least {ge}",
    "enum": "{name} must be {expected}",
    "literal_error": "{name} must be {expected}",
    "string_too_long": "{name} must have at most {max_length} characters",
    "string_too_short": "{name} must have at least {min_length} characters",
    "string_type": "{name} must be text",
    "int_type": "{name} must be a whole number",
    "int_parsing": "{name} must be a whole number",
    "int_from_float": "{name} must be a whole number",
    "bool_type": "{name} must be true or false",
    "bool_parsing": "{name} must be true or false",
    "date_type": "{name} must be a date (YYYY-MM-DD)",
    "date_parsing": "{name} must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "{name} must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "{name} must be a date (YYYY-MM-DD)",
    "model_attributes_type": "{name} must be a JSON object",
    "dict_type": "{name} must be a JSON object",
    "model_type": "{name} must be a JSON object",
    "list_type": "{name} must be a list",
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
        return f"{name or 'a parameter with no name'} is not a parameter of this route"
    template = _TEMPLATES.get(kind or "")
    if template is not None:
        try:
            return template.format(name=name, **ctx)
        except KeyError:  # a context without what the words need
            return f"{name} is not valid"
    if kind in _PYDANTIC_TYPES:  # one no route here should meet: said plainly
        return f"{name} is not valid"
    # Our own validators' messages already name the field ("q is blank: …").
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")
