"""each user's window language at this station (issue 13)

Revision ID: 1301
Revises: 1602
Create Date: 2026-12-02 01:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1301"
down_revision: str | None = "1602"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_preference",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_staff_preference")),
    )


def downgrade() -> None:
    op.drop_table("staff_preference")
