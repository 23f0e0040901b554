"""Deciding what a sync changes: a pure diff between the stored and the fetched countries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from countries.domain.errors import EmptyPayload, TooManyRemovals
from countries.domain.model import Country

# A sync may retire at most this share of the known countries. An upstream that
# suddenly lists far fewer countries is broken far more often than the world is.
MAX_REMOVAL_SHARE = 0.1


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeSet:
    """The writes a sync makes, and the codes it leaves untouched."""

    inserted: tuple[Country, ...] = ()
    updated: tuple[Country, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def changes_anything(self) -> bool:
        return bool(self.inserted or self.updated or self.removed)


def diff(known: Mapping[str, Country], fetched: Iterable[Country]) -> ChangeSet:
    """Compare the stored countries with the fetched ones; refuse a payload that would lose data."""
    incoming = {c.code: c for c in fetched}
    if not incoming:
        raise EmptyPayload
    removed = sorted(code for code in known if code not in incoming)
    limit = int(len(known) * MAX_REMOVAL_SHARE)
    if len(removed) > limit:
        raise TooManyRemovals(removing=len(removed), known=len(known), limit=limit)
    inserted, updated, unchanged = [], [], []
    for code in sorted(incoming):
        country = incoming[code]
        if code not in known:
            inserted.append(country)
        elif known[code] != country:
            updated.append(country)
        else:
            unchanged.append(code)
    return ChangeSet(
        inserted=tuple(inserted),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
    )
