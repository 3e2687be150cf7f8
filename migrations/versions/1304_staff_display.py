"""each user's display at this station: high contrast, text size (issue 13)

Revision ID: 1304
Revises: 1305
Create Date: 2026-12-02 04:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1304"
down_revision: str | None = "1305"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A user may choose a display without ever choosing a language: language may be unset.
    with op.batch_alter_table("staff_preference") as batch:
        batch.alter_column("language", existing_type=sa.String(length=5), nullable=True)
        batch.add_column(sa.Column("theme", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("text_size", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM staff_preference WHERE language IS NULL")
    with op.batch_alter_table("staff_preference") as batch:
        batch.drop_column("text_size")
        batch.drop_column("theme")
        batch.alter_column("language", existing_type=sa.String(length=5), nullable=False)
