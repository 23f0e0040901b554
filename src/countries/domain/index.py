"""Running a `CountryQuery` over countries held in memory: the reference semantics.

`CountryIndex` folds each country once (its search texts, sort keys and facets) and makes
each sort order once, on first use. A query then costs one pass over the countries,
testing each against terms folded once per query, an ordering of the matches by their
place in the sort made once, and a slice: no folding per query. `passing` and `in_order`
are those two steps apart, so that a caller may keep what a filter passes. The dataset
held per version (`caching.dataset`) keeps one index for as long as its version holds;
`run_query` builds one for a single query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from countries.domain.facets import FILTER_NAMES, Facets, facets_of, neighbours_of, passes_facets
from countries.domain.model import Country
from countries.domain.query import (
    CountryFilter,
    CountryPage,
    CountryQuery,
    SearchField,
    SortField,
    SortOrder,
    SortSpec,
    search_texts,
    sort_keys,
)
from countries.domain.text import SEPARATOR, fold

# The filters `passes_facets` tests: the ones beyond the three search fields and `q`.
_FACET_FILTERS = tuple(name for name in FILTER_NAMES if name not in {*SearchField, "q"})


@dataclass(frozen=True, slots=True)
class Indexed:
    """A country with its folded search texts and sort keys, computed once."""

    country: Country
    texts: dict[SearchField, str]
    any_text: str  # every search text joined: what `q` matches (fold never yields SEPARATOR)
    keys: dict[SortField, str | int | float | None]
    tie_break: tuple[str, str]
    facets: Facets

    @classmethod
    def of(cls, country: Country) -> Indexed:
        texts = search_texts(country)
        return cls(
            country=country,
            texts=texts,
            any_text=SEPARATOR.join(texts.values()),
            keys=sort_keys(country),
            tie_break=(fold(country.name), country.code),
            facets=facets_of(country),
        )


class CountryIndex:
    """Countries ready to be queried many times: folded once, each sort order made once."""

    __slots__ = ("_orders", "entries")

    def __init__(self, countries: Iterable[Country]) -> None:
        self.entries = tuple(Indexed.of(country) for country in countries)
        # Per sort: every country in its order, and each entry's place in it.
        self._orders: dict[SortSpec, tuple[tuple[Country, ...], list[int]]] = {}

    def matching(self, flt: CountryFilter, spec: SortSpec) -> tuple[Country, ...]:
        """Every country passing `flt`, in `spec`'s order."""
        return self.in_order(self.passing(flt), spec)

    def passing(self, flt: CountryFilter) -> tuple[int, ...]:
        """The positions in `entries` of the countries passing `flt`, for `in_order`."""
        passes = _predicate(flt, self.entries)
        if passes is None:
            return tuple(range(len(self.entries)))
        return tuple(i for i, entry in enumerate(self.entries) if passes(entry))

    def in_order(self, positions: tuple[int, ...], spec: SortSpec) -> tuple[Country, ...]:
        """The countries at these positions in `entries`, in `spec`'s order.

        `matching` in two steps, so that a caller may keep what a filter passes and order
        it again for another sort without testing every country again.
        """
        everyone, place = self._order(spec)
        if len(positions) == len(self.entries):
            return everyone
        return tuple(self.entries[i].country for i in sorted(positions, key=place.__getitem__))

    def _order(self, spec: SortSpec) -> tuple[tuple[Country, ...], list[int]]:
        """Every country in `spec`'s order, and each entry's place in it (made once)."""
        held = self._orders.get(spec)
        if held is None:
            order = _sorted(self.entries, spec)
            place = [0] * len(order)
            for rank, position in enumerate(order):
                place[position] = rank
            everyone = tuple(self.entries[i].country for i in order)
            held = self._orders[spec] = (everyone, place)
        return held

    def run(self, query: CountryQuery) -> CountryPage:
        """Filter, sort and page the countries exactly as `query` says."""
        return page_of(self.matching(query.filter, query.sort), query)


def page_of(found: Sequence[Country], query: CountryQuery) -> CountryPage:
    """The page of `found` (every match, in order) that `query` asks for."""
    end = None if query.limit is None else query.offset + query.limit
    return CountryPage(
        total=len(found),
        limit=query.limit,
        offset=query.offset,
        items=tuple(found[query.offset : end]),
    )


def run_query(countries: Sequence[Country], query: CountryQuery) -> CountryPage:
    """Filter, sort and page `countries` exactly as `query` says."""
    return CountryIndex(countries).run(query)


def matches(country: Country, flt: CountryFilter, among: Sequence[Country] = ()) -> bool:
    """Whether `country` passes every filter of `flt` (`borders` is looked up `among`)."""
    passes = _predicate(flt, CountryIndex(among).entries)
    return passes is None or passes(Indexed.of(country))


def _predicate(flt: CountryFilter, entries: Sequence[Indexed]) -> Callable[[Indexed], bool] | None:
    """The test an entry must pass for `flt`, its terms folded once; None when all pass."""
    terms = tuple(flt.terms().items())
    q = flt.any_term()
    faceted = any(getattr(flt, name) is not None for name in _FACET_FILTERS)
    if not terms and q is None and not faceted:
        return None
    neighbours = None
    if flt.borders is not None:
        neighbours = neighbours_of(flt.borders, ((e.country, e.facets) for e in entries))

    def passes(entry: Indexed) -> bool:
        texts = entry.texts
        for field, term in terms:  # a loop, not any(): this runs for every country
            if term not in texts[field]:
                return False
        if q is not None and q not in entry.any_text:
            return False
        return not faceted or passes_facets(entry.facets, flt, neighbours)

    return passes


def _sorted(entries: Sequence[Indexed], spec: SortSpec) -> tuple[int, ...]:
    """The positions of `entries` sorted by `spec`: missing values last in either order,
    ties by name, then by code."""
    keyed = sorted(range(len(entries)), key=lambda i: entries[i].tie_break)
    present = [i for i in keyed if entries[i].keys[spec.field] is not None]
    # Python's sort is stable even with reverse=True, so the name order above
    # survives as the tie-break in both directions.
    present.sort(key=lambda i: entries[i].keys[spec.field], reverse=spec.order is SortOrder.DESC)  # type: ignore[arg-type,return-value]
    absent = [i for i in keyed if entries[i].keys[spec.field] is None]
    return (*present, *absent)
