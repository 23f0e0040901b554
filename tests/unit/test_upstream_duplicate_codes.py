"""Upstream codes: two countries sharing an alpha-2, numeric or IOC code refuse the payload.

For both payload shapes: a lookup by a shared code would answer the wrong country. An empty
code is no code (many countries have no IOC code), and the real data shares none.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countries.adapters.restcountries.decode import refuse_duplicates
from countries.adapters.restcountries.payloads_v5 import parse_page
from countries.adapters.restcountries.payloads_v31 import parse_records
from countries.adapters.snapshot import load_snapshot
from countries.application.errors import SourceInvalid
from countries.domain.model import Country
from tests.upstream import Record, fixture_records

V31, V5 = fixture_records()
# Each example parses the 250 records (~0.3 s), so fewer examples than elsewhere.
FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def v31_countries(records: list[Record]) -> list[Country]:
    """What the v3.1 source (and the snapshot) make of an answer."""
    return parse_records(records)


def v5_countries(records: list[Record]) -> list[Country]:
    """What the v5 source makes of its pages: each parsed, then all checked together."""
    envelope = {"data": {"objects": records, "meta": {"total": len(records), "more": False}}}
    return refuse_duplicates(parse_page(envelope).countries, what="the v5 answer")


# Per shape: how it reads, its records, where a record holds its alpha-3 and each other code.
Shape = tuple[Callable[[list[Record]], list[Country]], list[Record], dict[str, tuple[str, ...]]]
V31_SHAPE: Shape = (
    v31_countries,
    V31,
    {"alpha-3": ("cca3",), "alpha-2": ("cca2",), "numeric": ("ccn3",), "IOC": ("cioc",)},
)
V5_SHAPE: Shape = (
    v5_countries,
    V5,
    {
        "alpha-3": ("codes", "alpha_3"),
        "alpha-2": ("codes", "alpha_2"),
        "numeric": ("codes", "ccn3"),
        "IOC": ("codes", "cioc"),
    },
)
KINDS = ("alpha-2", "numeric", "IOC")


def get(record: Record, path: tuple[str, ...]) -> Any:
    value: Any = record
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def with_code(record: Record, path: tuple[str, ...], code: str) -> Record:
    """A copy of `record` whose code at `path` is `code`."""
    changed = copy.deepcopy(record)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = code
    return changed


@st.composite
def shared_codes(draw: st.DrawFn) -> tuple[Shape, str, int, int]:
    """A shape, a kind of code, a country that has one, and another country to give it too."""
    shape = draw(st.sampled_from((V31_SHAPE, V5_SHAPE)))
    kind = draw(st.sampled_from(KINDS))
    _, records, paths = shape
    holders = [i for i, record in enumerate(records) if get(record, paths[kind])]
    holder = draw(st.sampled_from(holders))
    taker = draw(st.integers(0, len(records) - 1).filter(lambda i: i != holder))
    return shape, kind, holder, taker


@FEW
@given(shared_codes())
def test_a_code_two_countries_share_is_refused_naming_the_code_and_both(
    case: tuple[Shape, str, int, int],
) -> None:
    (read, records, paths), kind, holder, taker = case
    code = get(records[holder], paths[kind])
    changed = list(records)
    changed[taker] = with_code(records[taker], paths[kind], code)

    with pytest.raises(SourceInvalid) as refused:
        read(changed)

    message = str(refused.value)
    assert f"the {kind} code {code}:" in message
    for country in (records[holder], records[taker]):
        assert get(country, paths["alpha-3"]) in message


@pytest.mark.parametrize("shape", [V31_SHAPE, V5_SHAPE], ids=["v3.1", "v5"])
def test_argentina_given_brazils_alpha_2_is_refused(shape: Shape) -> None:
    read, records, paths = shape
    changed = [
        with_code(r, paths["alpha-2"], "BR") if get(r, paths["alpha-3"]) == "ARG" else r
        for r in records
    ]
    with pytest.raises(SourceInvalid, match=r"alpha-2 code BR: (ARG .*BRA|BRA .*ARG) \("):
        read(changed)


@pytest.mark.parametrize("shape", [V31_SHAPE, V5_SHAPE], ids=["v3.1", "v5"])
def test_empty_codes_are_no_codes_and_the_real_data_shares_none(shape: Shape) -> None:
    read, records, paths = shape
    assert len(read(records)) == 250
    emptied = [with_code(with_code(r, paths["numeric"], ""), paths["IOC"], "") for r in records]
    countries = read(emptied)
    assert {(c.ccn3, c.details.cioc) for c in countries} == {(None, None)}


def test_the_bundled_snapshot_shares_no_code() -> None:
    assert len(load_snapshot()) == 250
