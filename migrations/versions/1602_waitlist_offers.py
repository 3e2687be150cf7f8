"""a freed program seat offered to the waitlist (issue 16)

Revision ID: 1602
Revises: 1501
Create Date: 2026-12-02 01:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from counterapp.db.types import UTCDateTime

revision: str = "1602"
down_revision: str | None = "1501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "waitlist_offer",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("offered_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("ended_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_registration_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_waitlist_offer_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_offer")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_waitlist_offer_registration_id")),
    )
    op.create_index(
        op.f("ix_waitlist_offer_service_code"), "waitlist_offer", ["service_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_waitlist_offer_service_code"), table_name="waitlist_offer")
    op.drop_table("waitlist_offer")
