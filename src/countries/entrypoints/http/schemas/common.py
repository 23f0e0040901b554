"""Field and path types shared by the resources: printable text, search terms, codes and ids."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import Field

# Printable text only: NUL and other control characters are rejected at the edge
# (PostgreSQL refuses NUL in text, and no country name holds a control character).
# (pydantic already refuses lone surrogates, which no database can store.)
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
# The same, but tabs and line breaks are allowed too.
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"

# The largest INTEGER both databases store: ids, and offsets into what they number.
MAX_ID = 2**31 - 1

SearchTerm = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=100,
        pattern=ONE_LINE_PATTERN,
        description="case- and accent-insensitive substring",
    ),
]

CODE_PATTERN = r"^([A-Za-z]{2,3}|[0-9]{1,3})$"
CodePath = Annotated[
    str,
    Path(pattern=CODE_PATTERN, description="alpha-3, alpha-2 or numeric code, any case"),
]


def id_path(description: str) -> Any:
    """A path parameter holding a database id (1..MAX_ID), described for the API docs."""
    return Path(ge=1, le=MAX_ID, description=description)
