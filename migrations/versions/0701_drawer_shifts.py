"""drawer shifts: counted float, pickups and paid-outs, blind count, sign-off, adjustments

Revision ID: 0701
Revises: 0501
Create Date: 2026-11-23 00:28:15.375281
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0701"
down_revision: str | None = "0501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("drawer_code", sa.String(length=16), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("float_cents", sa.Integer(), nullable=False),
        sa.Column("float_count", sa.JSON(), nullable=False),
        sa.Column("pickup_limit_cents", sa.Integer(), nullable=False),
        sa.Column("reason_threshold_cents", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_shift_staff_id_staff")),
        sa.ForeignKeyConstraint(
            ["station_code"], ["station.code"], name=op.f("fk_shift_station_code_station")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift")),
    )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shift_status"), ["status"], unique=False)

    op.create_table(
        "cash_movement",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("gl_account", sa.String(length=32), nullable=False),
        sa.Column("count", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_cash_movement_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_cash_movement_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movement")),
    )
    with op.batch_alter_table("cash_movement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_movement_shift_id"), ["shift_id"], unique=False)

    op.create_table(
        "shift_adjustment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supervisor_id", sa.String(length=36), nullable=False),
        sa.Column("tender_kind", sa.String(length=16), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_shift_adjustment_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["staff.id"], name=op.f("fk_shift_adjustment_supervisor_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_adjustment")),
    )
    with op.batch_alter_table("shift_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_adjustment_shift_id"), ["shift_id"], unique=False
        )

    op.create_table(
        "shift_close",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supervisor_id", sa.String(length=36), nullable=False),
        sa.Column("over_short_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("z_report", sa.JSON(), nullable=False),
        sa.Column("deposit", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_shift_close_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["staff.id"], name=op.f("fk_shift_close_supervisor_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_close")),
        sa.UniqueConstraint("shift_id", name=op.f("uq_shift_close_shift_id")),
    )
    op.create_table(
        "shift_count",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("cash_count", sa.JSON(), nullable=False),
        sa.Column("cheques", sa.JSON(), nullable=False),
        sa.Column("counted", sa.JSON(), nullable=False),
        sa.Column("expected", sa.JSON(), nullable=False),
        sa.Column("over_short_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shift.id"], name=op.f("fk_shift_count_shift_id_shift")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_shift_count_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_count")),
        sa.UniqueConstraint("shift_id", name=op.f("uq_shift_count_shift_id")),
    )


def downgrade() -> None:
    op.drop_table("shift_count")
    op.drop_table("shift_close")
    with op.batch_alter_table("shift_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_adjustment_shift_id"))

    op.drop_table("shift_adjustment")
    with op.batch_alter_table("cash_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_movement_shift_id"))

    op.drop_table("cash_movement")
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_status"))
        batch_op.drop_index(batch_op.f("ix_shift_staff_id"))

    op.drop_table("shift")
