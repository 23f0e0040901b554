"""Folded search and sort columns recomputed: `fold` now spells ı, ø, æ, œ, ł, đ, þ as readers do.

The search_* and sort_* columns hold `domain.query.search_texts` and `sort_keys` of each
row, computed in Python on write (see tables.py), so a database synced before this
release holds the old folding: `kibris` would not find Kıbrıs until the next sync changed
that country. Upgrading recomputes them, retired rows too, from the stored data with the
new `fold`; downgrading recomputes them with the fold of revision 0003, frozen below, so
the older release finds what it expects.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from countries.domain.text import SEPARATOR, fold

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Fold = Callable[[str], str]

# The countries table as this revision knows it: its stored data and its derived columns.
DATA = ("name", "official_name", "region")
DOCUMENTS = ("alt_names", "capitals", "continents", "currencies", "languages")
DERIVED = (
    *("search_name", "search_capital", "search_continent"),
    *("sort_name", "sort_capital", "sort_currency", "sort_continent", "sort_language"),
    "sort_region",
)
countries = sa.table(
    "countries",
    sa.column("code", sa.Text()),
    *(sa.column(name, sa.Text()) for name in (*DATA, *DOCUMENTS, *DERIVED)),
)


def fold_0003(text: str) -> str:
    """`fold` as revision 0003 shipped it, before the letters Unicode does not decompose."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = (
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch)[0] != "C"
    )
    return " ".join("".join(kept).casefold().split())


def _document(value: Any) -> Any:
    # Documents are declared as text above, so drivers hand them over undecoded.
    return json.loads(value) if isinstance(value, str) else value


def derived_columns(row: dict[str, Any], fold: Fold) -> dict[str, str | None]:
    """The search and sort columns of one stored row, as `domain.query` derives them."""

    def joined(values: Iterable[str]) -> str:
        return SEPARATOR.join(fold(value) for value in values)

    def first(values: Iterable[str]) -> str | None:
        return next((fold(v) for v in values if fold(v)), None)

    return {
        "search_name": joined((row["name"], row["official_name"], *row["alt_names"])),
        "search_capital": joined(row["capitals"]),
        "search_continent": joined((*row["continents"], row["region"])),
        "sort_name": fold(row["name"]),
        "sort_capital": first(row["capitals"]),
        "sort_currency": first(currency["name"] for currency in row["currencies"]),
        "sort_continent": first(row["continents"]),
        "sort_language": first(language["name"] for language in row["languages"]),
        "sort_region": first((row["region"],)),
    }


def recompute(fold: Fold) -> None:
    """Rewrite every row's search and sort columns with `fold`."""
    connection = op.get_bind()
    read = sa.select(countries.c.code, *(countries.c[name] for name in (*DATA, *DOCUMENTS)))
    rows = connection.execute(read).mappings().all()
    changes = []
    for row in rows:
        stored = {name: row[name] for name in DATA}
        stored |= {name: _document(row[name]) for name in DOCUMENTS}
        changes.append({"match_code": row["code"], **derived_columns(stored, fold)})
    if not changes:
        return
    write = (
        sa.update(countries)
        .where(countries.c.code == sa.bindparam("match_code"))
        .values({name: sa.bindparam(name) for name in DERIVED})
    )
    connection.execute(write, changes)


def upgrade() -> None:
    recompute(fold)


def downgrade() -> None:
    recompute(fold_0003)
