"""the foundation's tables: received records, sales, lines, tenders, audit

A server database made with create_all before migrations existed is
stamped at this revision (counterapp.server.migrate).

Revision ID: s0001
Revises:
Create Date: 2026-11-23 00:28:40
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "s0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(
        op.f("ix_audit_entry_station_code"), "audit_entry", ["station_code"], unique=False
    )
    op.create_table(
        "received_record",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_record")),
    )
    op.create_index(
        op.f("ix_received_record_station_code"), "received_record", ["station_code"], unique=False
    )
    op.create_table(
        "sale",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("receipt_no", sa.String(length=32), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subtotal_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("rounding_cents", sa.BigInteger(), nullable=False),
        sa.Column("change_cents", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("original_sale_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("shift_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_sale_receipt_no")),
    )
    op.create_index(op.f("ix_sale_completed_at"), "sale", ["completed_at"], unique=False)
    op.create_index(op.f("ix_sale_original_sale_id"), "sale", ["original_sale_id"], unique=False)
    op.create_index(op.f("ix_sale_shift_id"), "sale", ["shift_id"], unique=False)
    op.create_index(op.f("ix_sale_station_code"), "sale", ["station_code"], unique=False)
    op.create_table(
        "sale_line",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_fee_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_code", sa.String(length=8), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("gl_account", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sale.id"], name=op.f("fk_sale_line_sale_id_sale")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sale_line")),
    )
    op.create_index(op.f("ix_sale_line_sale_id"), "sale_line", ["sale_id"], unique=False)
    op.create_table(
        "tender",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tendered_cents", sa.BigInteger(), nullable=False),
        sa.Column("applied_cents", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sale.id"], name=op.f("fk_tender_sale_id_sale")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tender")),
    )
    op.create_index(op.f("ix_tender_sale_id"), "tender", ["sale_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tender_sale_id"), table_name="tender")
    op.drop_table("tender")
    op.drop_index(op.f("ix_sale_line_sale_id"), table_name="sale_line")
    op.drop_table("sale_line")
    op.drop_index(op.f("ix_sale_station_code"), table_name="sale")
    op.drop_index(op.f("ix_sale_shift_id"), table_name="sale")
    op.drop_index(op.f("ix_sale_original_sale_id"), table_name="sale")
    op.drop_index(op.f("ix_sale_completed_at"), table_name="sale")
    op.drop_table("sale")
    op.drop_index(op.f("ix_received_record_station_code"), table_name="received_record")
    op.drop_table("received_record")
    op.drop_index(op.f("ix_audit_entry_station_code"), table_name="audit_entry")
    op.drop_table("audit_entry")
