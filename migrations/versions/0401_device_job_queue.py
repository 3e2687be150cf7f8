"""device job queue: print, drawer and display jobs that survive a restart

Revision ID: 0401
Revises: 0304
Create Date: 2026-11-23 00:27:16.916026
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0401"
down_revision: str | None = "0304"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_job",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("device", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("document", sa.JSON(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("coalesce_key", sa.String(length=40), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_job")),
    )
    with op.batch_alter_table("device_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_job_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("device_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_job_state"))
    op.drop_table("device_job")
