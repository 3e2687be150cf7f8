"""knowledge-base articles' sections, tier-1 inquiries, ticket notes (issue 16)

Revision ID: 1601
Revises: 0601
Create Date: 2026-12-01 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1601"
down_revision: str | None = "0601"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT_COLUMNS = ("summary", "bring", "fees", "hours", "eligibility")


def upgrade() -> None:
    with op.batch_alter_table("kb_article") as batch:
        batch.add_column(
            sa.Column("language", sa.String(length=5), nullable=False, server_default="en")
        )
        batch.add_column(
            sa.Column("department", sa.String(length=60), nullable=False, server_default="")
        )
        for name in _TEXT_COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("key_points", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "inquiry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("article_id", sa.String(length=36), nullable=False),
        sa.Column("article_title", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiry")),
    )
    op.create_index(op.f("ix_inquiry_at"), "inquiry", ["at"], unique=False)
    with op.batch_alter_table("queue_ticket") as batch:  # a warm transfer's notes
        batch.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("queue_appointment") as batch:  # how to reach the visitor
        batch.add_column(
            sa.Column("contact", sa.String(length=120), nullable=False, server_default="")
        )
    with op.batch_alter_table("intake") as batch:  # a warm hand-off's details
        batch.add_column(sa.Column("documents", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("callback", sa.String(length=120), nullable=False, server_default="")
        )
    op.create_table(
        "intake_update",
        sa.Column("reference_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("reference_no", name=op.f("pk_intake_update")),
    )


def downgrade() -> None:
    op.drop_table("intake_update")
    with op.batch_alter_table("intake") as batch:
        batch.drop_column("callback")
        batch.drop_column("documents")
    with op.batch_alter_table("queue_appointment") as batch:
        batch.drop_column("contact")
    with op.batch_alter_table("queue_ticket") as batch:
        batch.drop_column("notes")
    op.drop_index(op.f("ix_inquiry_at"), table_name="inquiry")
    op.drop_table("inquiry")
    with op.batch_alter_table("kb_article") as batch:
        batch.drop_column("key_points")
        for name in reversed(_TEXT_COLUMNS):
            batch.drop_column(name)
        batch.drop_column("department")
        batch.drop_column("language")
