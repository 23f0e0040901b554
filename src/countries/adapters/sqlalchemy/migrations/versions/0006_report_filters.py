"""Report subscriptions keep the full-record filters: a `filter_more` JSON text column.

The four filters of earlier releases keep their columns; the others (`currency`,
`codes`, `independent`, …) are stored together as the JSON object of their query
parameters. The column is nullable: NULL (every row written before this revision) means
none of them, so old subscriptions read back as they were. Adding a nullable column is a
plain ALTER TABLE on SQLite too (see 0005).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("report_subscriptions", sa.Column("filter_more", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("report_subscriptions", "filter_more")
