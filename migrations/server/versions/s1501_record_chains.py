"""record chains: received records keep their hashes; each station's head; problems for finance

Revision ID: s1501
Revises: s1401
Create Date: 2026-12-01 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s1501"
down_revision: str | None = "s1401"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("received_record") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_received_record_hash"), ["hash"], unique=False)
    op.create_table(
        "station_chain",
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=True),
        sa.Column("head_seq", sa.BigInteger(), nullable=True),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("station_code", name=op.f("pk_station_chain")),
    )
    op.create_table(
        "chain_problem",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_problem")),
    )
    op.create_index(
        op.f("ix_chain_problem_station_code"), "chain_problem", ["station_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_chain_problem_station_code"), table_name="chain_problem")
    op.drop_table("chain_problem")
    op.drop_table("station_chain")
    with op.batch_alter_table("received_record") as batch:
        batch.drop_index(batch.f("ix_received_record_hash"))
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
