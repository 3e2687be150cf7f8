"""queue tickets carry a warm transfer's notes; appointments a contact (issue 16)

Revision ID: s1601
Revises: s1201
Create Date: 2026-12-01 22:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s1601"
down_revision: str | None = "s1201"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("queue_ticket") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("queue_appointment") as batch:
        batch.add_column(
            sa.Column("contact", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("queue_appointment") as batch:
        batch.drop_column("contact")
    with op.batch_alter_table("queue_ticket") as batch:
        batch.drop_column("notes")
