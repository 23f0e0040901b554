"""One subscription per report: a unique `report_key` on report subscriptions.

Two replicas adding the same subscription at once each found none stored and both
inserted it, and its address got the same mail twice a day. The key is
`ReportSubscription.report_key()` (the address, filters and sort as they are matched),
and the unique index makes the database refuse the second. Every stored row gets its key,
read through the adapter's own mapping so the keys are the ones new rows will compare
against. A duplicate an earlier release stored is kept, as its owner made it, with a NULL
key (a unique index allows any number of NULLs, on SQLite and PostgreSQL alike); deleting
one of them stops its mail as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from countries.adapters.sqlalchemy.reports import row_to_subscription

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
    rows = bind.execute(sa.text("SELECT * FROM report_subscriptions ORDER BY id")).mappings()
    seen: set[str] = set()
    for row in rows.all():
        key = row_to_subscription(row).report_key()
        if key in seen:
            continue  # a duplicate stored before the key existed: kept, with no key
        seen.add(key)
        bind.execute(
            subscriptions.update().where(subscriptions.c.id == row["id"]).values(report_key=key)
        )
    op.create_index(_INDEX, "report_subscriptions", ["report_key"], unique=True)


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="report_subscriptions")
    op.drop_column("report_subscriptions", "report_key")
