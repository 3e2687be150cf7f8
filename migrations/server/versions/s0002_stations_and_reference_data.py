"""registered stations and reference data with its change counter

Revision ID: s0002
Revises: s0001
Create Date: 2026-11-23 00:28:40
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0002"
down_revision: str | None = "s0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    counter = op.create_table(
        "change_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_counter")),
    )
    # The one row publishers lock and count on (counterapp.server.reference).
    op.bulk_insert(counter, [{"id": 1, "value": 0}])
    op.create_table(
        "reference_item",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_item")),
        sa.UniqueConstraint("entity", "key", name=op.f("uq_reference_item_entity")),
        sa.UniqueConstraint("version", name=op.f("uq_reference_item_version")),
    )
    op.create_table(
        "station",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("one_time_code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_tries", sa.Integer(), nullable=False),
        sa.Column("credential_hash", sa.String(length=64), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_contact_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("backlog", sa.BigInteger(), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=True),
        sa.Column("reference_version", sa.BigInteger(), nullable=True),
        sa.Column("protocol", sa.Integer(), nullable=True),
        sa.Column("schema_revision", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_station")),
    )
    op.create_index(op.f("ix_station_site_code"), "station", ["site_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_station_site_code"), table_name="station")
    op.drop_table("station")
    op.drop_table("reference_item")
    op.drop_table("change_counter")
