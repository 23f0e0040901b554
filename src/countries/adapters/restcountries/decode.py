"""Turning upstream bytes into Python values, with every failure reported as `SourceInvalid`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import orjson
from pydantic import ValidationError

from countries.application.errors import SourceInvalid
from countries.domain.model import Country

# Enough to locate a problem in a log line without flooding it.
SHOWN_ERRORS = 3

# The other codes a lookup finds a country by: two countries sharing one would answer
# each other's lookups. An empty one (None here) is no code, so any number may lack one.
OTHER_CODES: tuple[tuple[str, Callable[[Country], str | None]], ...] = (
    ("alpha-2", lambda country: country.cca2),
    ("numeric", lambda country: country.ccn3),
    ("IOC", lambda country: country.details.cioc),
)


def parse_json(body: bytes, *, what: str) -> object:
    """The JSON value in `body`; non-JSON, truncated or non-UTF-8 bodies raise SourceInvalid."""
    try:
        value: object = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        excerpt = body[:60].decode("utf-8", "replace")
        raise SourceInvalid(
            f"{what} is not valid JSON ({exc.msg} at byte {exc.pos} of {len(body)}): "
            f"starts with {excerpt!r}"
        ) from None
    return value


def invalid_payload(error: ValidationError, *, what: str) -> SourceInvalid:
    """A concise SourceInvalid naming the first few fields that failed validation."""
    problems = error.errors(include_url=False, include_context=False, include_input=False)
    shown = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc']) or '(root)'}: {problem['msg']}"
        for problem in problems[:SHOWN_ERRORS]
    )
    more = f" (and {len(problems) - SHOWN_ERRORS} more)" if len(problems) > SHOWN_ERRORS else ""
    return SourceInvalid(f"{what} failed validation: {shown}{more}")


def duplicated(codes: Iterable[str]) -> list[str]:
    """The codes that occur more than once, sorted."""
    return sorted(code for code, count in Counter(codes).items() if count > 1)


def refuse_duplicates(countries: list[Country], *, what: str) -> list[Country]:
    """`countries` unchanged, or SourceInvalid when two of them share an alpha-3 or OTHER_CODES code."""
    twice = duplicated(country.code for country in countries)
    if twice:
        raise SourceInvalid(f"{what} lists some countries twice: {', '.join(twice[:10])}")
    for kind, code_of in OTHER_CODES:
        holders: dict[str, Country] = {}
        for country in countries:
            code = code_of(country)
            if not code:
                continue
            first = holders.setdefault(code, country)
            if first is not country:
                raise SourceInvalid(
                    f"{what} gives two countries the {kind} code {code}: "
                    f"{first.code} ({first.name[:40]}) and {country.code} ({country.name[:40]})"
                )
    return countries
