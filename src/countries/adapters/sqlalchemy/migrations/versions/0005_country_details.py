"""Countries keep their full record: a `details` document beside the core fields.

The column is nullable and has no default: NULL marks a row written before this
revision, which reads as empty details until the seed or the next sync fills it (README,
"Where the data comes from"). Adding such a column is a plain ALTER TABLE on SQLite too:
batch mode does not rebuild the table, which would fail inside the migration's
transaction while activities reference it (see the note on flag_png in tables.py).
Dropping a column would make batch mode rebuild, so the downgrade leaves batch mode for
SQLite's own ALTER TABLE … DROP COLUMN (3.35 and later), which keeps the table in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _document() -> sa.types.TypeEngine[Any]:
    # A frozen copy of the document type in tables.py as of this revision.
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("countries") as batch:
        batch.add_column(sa.Column("details", _document(), nullable=True))


def downgrade() -> None:
    # Outside batch mode: a plain ALTER TABLE … DROP COLUMN on either database.
    op.drop_column("countries", "details")
