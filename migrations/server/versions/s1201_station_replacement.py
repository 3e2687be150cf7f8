"""replacing a counter PC: the receipt numbers a station reported, where a replacement goes on

Revision ID: s1201
Revises: s0003
Create Date: 2026-12-01 21:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s1201"
down_revision: str | None = "s0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipts_reported", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("receipt_floor", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_column("replaced_at")
        batch_op.drop_column("receipt_floor")
        batch_op.drop_column("receipts_reported")
