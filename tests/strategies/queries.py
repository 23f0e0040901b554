"""Strategies for country queries: filters likely to match, every sort, with or without a page."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from countries.domain.facets import FILTER_NAMES
from countries.domain.query import (
    CountryFilter,
    CountryQuery,
    SortField,
    SortOrder,
    SortSpec,
)
from tests.strategies.text import ODD_ALPHABET


def search_terms() -> st.SearchStrategy[str]:
    """A filter term: blank, or short and likely to match some of the pools of `text`."""
    return st.one_of(
        st.sampled_from(("", " ", "A", "å", "LAND", "bogotá", "%", "_", "/", "\\", "é")),
        st.sampled_from(("kibris", "KIBRIS", "thors", "lodz", "ss", "ae", "oe")),
        st.text(alphabet=ODD_ALPHABET, max_size=3),
    )


# The values each full-record filter is drawn from; the text filters take `search_terms`.
_FILTER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "codes": st.lists(
        st.sampled_from(("AR", "ARG", "032", "ax", "001")), min_size=1, max_size=3
    ).map(tuple),
    "independent": st.booleans(),
    "un_member": st.booleans(),
    "landlocked": st.booleans(),
    "borders": st.sampled_from(("AR", "arg", "AAA", "000")),
}


def country_filters() -> st.SearchStrategy[CountryFilter]:
    """At most two of the filters at once, so that many queries still match something."""
    fields = st.sets(st.sampled_from(FILTER_NAMES), max_size=2)
    return fields.flatmap(
        lambda chosen: st.fixed_dictionaries(
            {f: _FILTER_VALUES.get(f, search_terms()) for f in sorted(chosen)}
        ).map(lambda terms: CountryFilter(**terms))
    )


def country_queries() -> st.SearchStrategy[CountryQuery]:
    """Any query: filters, every sort field and order, with or without a page."""
    return st.builds(
        CountryQuery,
        filter=country_filters(),
        sort=st.builds(
            SortSpec, field=st.sampled_from(SortField), order=st.sampled_from(SortOrder)
        ),
        limit=st.one_of(st.none(), st.integers(min_value=1, max_value=8)),
        offset=st.one_of(st.just(0), st.integers(min_value=0, max_value=12)),
    )
