"""Activities one can do in each country.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types in tables.py as of this revision.


def _code_point_text(length: int | None = None) -> sa.types.TypeEngine[str]:
    # Compares by code point, like Python: SQLite's BINARY default, PostgreSQL's "C".
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("country_code", _code_point_text(3), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name="fk_activities_country_code_countries",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_activities"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_activities_country_code", "activities", ["country_code"])


def downgrade() -> None:
    op.drop_index("ix_activities_country_code", table_name="activities")
    op.drop_table("activities")
