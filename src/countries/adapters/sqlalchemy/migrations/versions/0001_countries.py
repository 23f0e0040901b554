"""Countries and the sync state.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the column types in tables.py as of this revision: a migration must
# not change meaning when tables.py moves on.


def _code_point_text(length: int | None = None) -> sa.types.TypeEngine[str]:
    # Compares by code point, like Python: SQLite's BINARY default, PostgreSQL's "C".
    return sa.String(length).with_variant(sa.String(length, collation="C"), "postgresql")


def _document() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "countries",
        sa.Column("code", _code_point_text(3), nullable=False),
        sa.Column("cca2", sa.String(2), nullable=False),
        sa.Column("ccn3", sa.String(3), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("official_name", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("subregion", sa.Text(), nullable=True),
        sa.Column("population", sa.BigInteger(), nullable=False),
        sa.Column("flag_emoji", sa.Text(), nullable=False),
        sa.Column("flag_png", sa.Text(), nullable=False),
        sa.Column("flag_svg", sa.Text(), nullable=False),
        sa.Column("flag_alt", sa.Text(), nullable=True),
        sa.Column("capitals", _document(), nullable=False),
        sa.Column("currencies", _document(), nullable=False),
        sa.Column("continents", _document(), nullable=False),
        sa.Column("languages", _document(), nullable=False),
        sa.Column("alt_names", _document(), nullable=False),
        sa.Column("search_name", sa.Text(), nullable=False),
        sa.Column("search_capital", sa.Text(), nullable=False),
        sa.Column("search_continent", sa.Text(), nullable=False),
        sa.Column("sort_name", _code_point_text(), nullable=False),
        sa.Column("sort_capital", _code_point_text(), nullable=True),
        sa.Column("sort_currency", _code_point_text(), nullable=True),
        sa.Column("sort_continent", _code_point_text(), nullable=True),
        sa.Column("sort_language", _code_point_text(), nullable=True),
        sa.Column("sort_region", _code_point_text(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.Column("retired_at", _timestamp(), nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_countries"),
    )
    op.create_index("ix_countries_cca2", "countries", ["cca2"])
    op.create_index("ix_countries_ccn3", "countries", ["ccn3"])
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("synced_at", _timestamp(), nullable=True),
        sa.Column("last_attempt_at", _timestamp(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_state"),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    op.drop_index("ix_countries_ccn3", table_name="countries")
    op.drop_index("ix_countries_cca2", table_name="countries")
    op.drop_table("countries")
