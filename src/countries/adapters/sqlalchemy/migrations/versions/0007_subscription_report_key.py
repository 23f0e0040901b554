"""One subscription per report: a unique `report_key` on report subscriptions.

Two replicas adding the same subscription at once each found none stored and both
inserted it, and its address got the same mail twice a day. The key is
`ReportSubscription.report_key()` (the address, filters and sort as they are matched),
and the unique index makes the database refuse the second. Every stored row gets its key,
made by the domain's `report_key_of` from the row's own columns (as this revision has
them), so the keys are the ones new rows will compare against. A duplicate an earlier release stored is kept, as its owner made it, with a NULL
key (a unique index allows any number of NULLs, on SQLite and PostgreSQL alike); deleting
one of them stops its mail as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countries.domain.reports import report_key_of

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "ix_report_subscriptions_report_key"  # the name tables.py's convention gives it


def upgrade() -> None:
    op.add_column("report_subscriptions", sa.Column("report_key", sa.Text(), nullable=True))
    subscriptions = sa.table(
        "report_subscriptions", sa.column("id", sa.Integer), sa.column("report_key", sa.Text)
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT {', '.join(_COLUMNS)} FROM report_subscriptions ORDER BY id"))
    seen: set[str] = set()
    for row in rows.mappings().all():
        key = _report_key(row)
        if key in seen:
            continue  # a duplicate stored before the key existed: kept, with no key
        seen.add(key)
        bind.execute(
            subscriptions.update().where(subscriptions.c.id == row["id"]).values(report_key=key)
        )
    op.create_index(_INDEX, "report_subscriptions", ["report_key"], unique=True)


# The columns of a subscription at revision 0006: its filters are the four of the first
# release, and the others as the JSON object of their query parameters.
_FILTERS = ("name", "capital", "continent", "q")
_COLUMNS = ("id", "email", *(f"filter_{name}" for name in _FILTERS), "filter_more", "sort_field", "sort_order")


def _report_key(row: sa.RowMapping) -> str:
    params = {name: row[f"filter_{name}"] for name in _FILTERS if row[f"filter_{name}"] is not None}
    params |= json.loads(row["filter_more"]) if row["filter_more"] else {}
    return report_key_of(row["email"], params, row["sort_field"], row["sort_order"])


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="report_subscriptions")
    op.drop_column("report_subscriptions", "report_key")
