"""The HTTP schemas: the fast country mapper says exactly what `CountryOut` documents."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from countries.domain.query import CountryPage
from countries.entrypoints.http.schemas.countries import (
    CountryOut,
    CountryPageOut,
    country_json,
    page_json,
)
from tests.strategies import countries


def assert_documented_by(model: type[BaseModel], served: dict[str, Any]) -> None:
    """What the route serves reads back through `model` unchanged: names, order and values."""
    documented = model.model_validate(served).model_dump(mode="json")
    assert documented == served
    # orjson keeps dict order, so equal bytes also mean the same key order at every level.
    assert orjson.dumps(documented) == orjson.dumps(served)


# The one field whose API name differs from the domain's.
DOMAIN_NAME = {"capital": "capitals"}


def documented_from_domain(country: Country) -> dict[str, Any]:
    """`CountryOut` filled field by field from the domain country, as JSON data."""
    fields = asdict(country)
    by_api_name = {name: fields[DOMAIN_NAME.get(name, name)] for name in CountryOut.model_fields}
    return CountryOut.model_validate(by_api_name).model_dump(mode="json")


def assert_served_as_documented(country: Country) -> None:
    served = country_json(country)
    assert_documented_by(CountryOut, served)
    assert served == documented_from_domain(country)


@pytest.mark.parametrize("country", load_snapshot(), ids=lambda c: c.code)
def test_every_bundled_country_is_served_as_country_out_documents_it(country: Country) -> None:
    assert_served_as_documented(country)


@given(countries())
def test_any_country_is_served_as_country_out_documents_it(country: Country) -> None:
    assert_served_as_documented(country)


@given(
    st.lists(countries(), max_size=3),
    st.one_of(st.none(), st.integers(1, 500)),
    st.integers(0, 10),
)
def test_a_page_is_served_as_country_page_out_documents_it(
    found: list[Country], limit: int | None, offset: int
) -> None:
    page = CountryPage(total=len(found) + offset, limit=limit, offset=offset, items=tuple(found))
    assert_documented_by(CountryPageOut, page_json(page))
