"""The HTTP schemas: the fast country mapper says what `CountryOut` documents; report addresses."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from countries.adapters.snapshot import load_snapshot
from countries.domain.model import Country
from countries.domain.query import CountryPage
from countries.entrypoints.http.schemas.countries import (
    CountryOut,
    CountryPageOut,
    country_json,
    page_body,
    page_json,
)
from countries.entrypoints.http.schemas.reports import SubscriptionIn
from tests.strategies import countries


def assert_documented_by(model: type[BaseModel], served: dict[str, Any]) -> None:
    """What the route serves reads back through `model` unchanged: names, order and values."""
    documented = model.model_validate(served).model_dump(mode="json")
    assert documented == served
    # orjson keeps dict order, so equal bytes also mean the same key order at every level.
    assert orjson.dumps(documented) == orjson.dumps(served)


# The one field whose API name differs from the domain's.
DOMAIN_NAME = {"capital": "capitals"}


# The record's mappings, held as sorted (key, value) pairs in the domain.
PAIRED = frozenset({"native_names", "translations", "demonyms", "gini"})


def documented_from_domain(country: Country) -> dict[str, Any]:
    """`CountryOut` filled field by field from the domain country, as JSON data."""
    fields = asdict(country)
    fields |= fields.pop("details")
    for name in PAIRED:
        fields[name] = dict(fields[name])
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


def accepted_address(address: str) -> str | None:
    """The address a subscription keeps, or None when it is refused."""
    try:
        return SubscriptionIn(email=address).email
    except ValidationError:
        return None


RESERVED_DOMAINS = ("x.test", "printer.local", "localhost", "x.invalid", "x.onion", "x.arpa")


@pytest.mark.parametrize("domain", RESERVED_DOMAINS)
def test_a_reserved_domain_is_accepted_and_normalized_like_any_other(domain: str) -> None:
    assert accepted_address(f'"Ana"@{domain.upper()}') == f"Ana@{domain}"


@pytest.mark.parametrize("domain", RESERVED_DOMAINS)
def test_a_display_name_is_refused_on_a_reserved_domain_too(domain: str) -> None:
    assert accepted_address(f"Ana <ana@{domain}>") is None


mailbox_chars = st.sampled_from('abcXYZ019.!#$%&*+-/=?^_`{|}~"\\ (),:;<>@[]é\t')


mailboxes = st.text(mailbox_chars, min_size=1, max_size=12)


@given(st.one_of(mailboxes, mailboxes.map('"{}"'.format)), st.sampled_from(RESERVED_DOMAINS))
def test_a_mailbox_on_a_reserved_domain_fares_as_on_an_ordinary_one(
    mailbox: str, reserved: str
) -> None:
    ordinary = accepted_address(f"{mailbox}@example.com")
    expected = None if ordinary is None else ordinary.removesuffix("@example.com") + f"@{reserved}"
    assert accepted_address(f"{mailbox}@{reserved}") == expected


@given(st.lists(countries(), max_size=3), st.one_of(st.none(), st.integers(1, 500)))
def test_a_page_encoded_from_the_memo_is_the_page_json_encoded(
    found: list[Country], limit: int | None
) -> None:
    page = CountryPage(total=len(found), limit=limit, offset=0, items=tuple(found))
    assert page_body(page) == orjson.dumps(page_json(page))
    assert page_body(page) == page_body(page)  # the second time from the memo
