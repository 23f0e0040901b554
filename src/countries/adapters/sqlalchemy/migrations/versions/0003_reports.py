"""Report subscriptions and the delivery log of the daily report.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("filter_name", sa.Text(), nullable=True),
        sa.Column("filter_capital", sa.Text(), nullable=True),
        sa.Column("filter_continent", sa.Text(), nullable=True),
        sa.Column("filter_q", sa.Text(), nullable=True),
        sa.Column("sort_field", sa.String(20), nullable=False),
        sa.Column("sort_order", sa.String(4), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_subscriptions"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "report_deliveries",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["report_subscriptions.id"],
            name="fk_report_deliveries_subscription_id_report_subscriptions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subscription_id", "day", name="pk_report_deliveries"),
    )


def downgrade() -> None:
    op.drop_table("report_deliveries")
    op.drop_table("report_subscriptions")
