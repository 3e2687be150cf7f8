"""head office's users, sessions, tokens, audit, deposits and drafts (issue 14)

Revision ID: s1401
Revises: s1601
Create Date: 2026-12-01 21:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from counterapp.db.types import UTCDateTime

revision: str = "s1401"
down_revision: str | None = "s1601"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hq_user",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_user")),
        sa.UniqueConstraint("username", name=op.f("uq_hq_user_username")),
    )
    op.create_table(
        "hq_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["hq_user.id"], name=op.f("fk_hq_session_user_id_hq_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_session")),
    )
    op.create_index(op.f("ix_hq_session_user_id"), "hq_session", ["user_id"], unique=False)
    op.create_table(
        "hq_token",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["hq_user.id"], name=op.f("fk_hq_token_user_id_hq_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_hq_token_token_hash")),
    )
    op.create_index(op.f("ix_hq_token_user_id"), "hq_token", ["user_id"], unique=False)
    op.create_table(
        "hq_audit",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_audit")),
    )
    op.create_index(op.f("ix_hq_audit_at"), "hq_audit", ["at"], unique=False)
    op.create_table(
        "hq_deposit",
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("slip_cents", sa.BigInteger(), nullable=False),
        sa.Column("bank_cents", sa.BigInteger(), nullable=False),
        sa.Column("bank_date", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("marked_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", name=op.f("pk_hq_deposit")),
    )
    op.create_table(
        "hq_draft",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("base_version", sa.BigInteger(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_draft")),
        sa.UniqueConstraint("entity", "key", name=op.f("uq_hq_draft_entity")),
    )
    op.create_table(
        "hq_line_total",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bucket", UTCDateTime(timezone=True), nullable=False),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("sale_kind", sa.String(length=8), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=120), nullable=False),
        sa.Column("gl_account", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_line_total")),
        sa.UniqueConstraint(
            "bucket",
            "station_code",
            "sale_kind",
            "service_code",
            "description",
            "gl_account",
            "department",
            name="uq_hq_line_total_key",
        ),  # fmt: skip
    )
    op.create_index(op.f("ix_hq_line_total_bucket"), "hq_line_total", ["bucket"], unique=False)
    op.create_table(
        "hq_sale_total",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bucket", UTCDateTime(timezone=True), nullable=False),
        sa.Column("site_code", sa.String(length=8), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("sale_kind", sa.String(length=8), nullable=False),
        sa.Column("tender_kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("tax_cents", sa.BigInteger(), nullable=False),
        sa.Column("rounding_cents", sa.BigInteger(), nullable=False),
        sa.Column("applied_cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hq_sale_total")),
        sa.UniqueConstraint(
            "bucket", "station_code", "sale_kind", "tender_kind", name="uq_hq_sale_total_key"
        ),
    )
    op.create_index(op.f("ix_hq_sale_total_bucket"), "hq_sale_total", ["bucket"], unique=False)
    _backfill_totals()
    # Finance reads shifts, counts, sign-offs and cash movements by kind. A
    # database made with create_all before migrations already has it.
    existing = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("received_record")}
    if "ix_received_record_kind" not in existing:
        op.create_index("ix_received_record_kind", "received_record", ["kind"], unique=False)


def _backfill_totals() -> None:
    """The running totals of the sales already held, a thousand at a time
    (the tables as this revision knows them, not the newest models)."""
    from sqlalchemy.orm import Session

    from counterapp.server.hq.totals import add_sales

    c = sa.column
    sale = sa.table(
        "sale", c("id"), c("station_code"), c("site_code"), c("completed_at", UTCDateTime()),
        c("kind"), c("total_cents"), c("tax_cents"), c("rounding_cents"),
    )  # fmt: skip
    line = sa.table(
        "sale_line", c("sale_id"), c("service_code"), c("description"), c("gl_account"),
        c("department"), c("quantity"), c("amount_cents"), c("tax_cents"),
    )  # fmt: skip
    tender = sa.table("tender", c("sale_id"), c("kind"), c("applied_cents"))
    session = Session(bind=op.get_bind())
    ids = list(session.scalars(sa.select(sale.c.id).order_by(sale.c.id)))
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]

        def rows(
            table: sa.TableClause, key: sa.ColumnClause, chunk: list[str] = chunk
        ) -> list[dict]:
            return [
                dict(r._mapping) for r in session.execute(sa.select(table).where(key.in_(chunk)))
            ]

        add_sales(
            session,
            rows(sale, sale.c.id),
            rows(line, line.c.sale_id),
            rows(tender, tender.c.sale_id),
        )
    session.flush()


def downgrade() -> None:
    op.drop_index(op.f("ix_hq_sale_total_bucket"), table_name="hq_sale_total")
    op.drop_table("hq_sale_total")
    op.drop_index(op.f("ix_hq_line_total_bucket"), table_name="hq_line_total")
    op.drop_table("hq_line_total")
    op.drop_index("ix_received_record_kind", table_name="received_record")
    op.drop_table("hq_draft")
    op.drop_table("hq_deposit")
    op.drop_index(op.f("ix_hq_audit_at"), table_name="hq_audit")
    op.drop_table("hq_audit")
    op.drop_index(op.f("ix_hq_token_user_id"), table_name="hq_token")
    op.drop_table("hq_token")
    op.drop_index(op.f("ix_hq_session_user_id"), table_name="hq_session")
    op.drop_table("hq_session")
    op.drop_table("hq_user")
