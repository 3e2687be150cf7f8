"""program seats settled at head office: overflow of oversold programs (issue 16)

Every enrolment already received is copied in; the programs are settled on
the next batch that touches them.

Revision ID: s1603
Revises: s1602
Create Date: 2026-12-02 01:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from counterapp.db.types import UTCDateTime

revision: str = "s1603"
down_revision: str | None = "s1602"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def upgrade() -> None:
    seats = op.create_table(
        "program_seat",
        sa.Column("registration_id", sa.String(length=36), nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("participant_name", sa.String(length=120), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("flagged_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_program_seat")),
    )
    op.create_index(
        op.f("ix_program_seat_service_code"), "program_seat", ["service_code"], unique=False
    )
    record = sa.table(
        "received_record",
        sa.column("id", sa.String),
        sa.column("kind", sa.String),
        sa.column("payload", sa.JSON),
    )
    rows: dict[str, dict[str, Any]] = {}
    cancelled: dict[str, datetime] = {}
    for (p,) in op.get_bind().execute(
        sa.select(record.c.payload).where(record.c.kind == "registration").order_by(record.c.id)
    ):
        if p.get("status") == "enrolled":
            rows.setdefault(
                p["registration_id"],
                {
                    "registration_id": p["registration_id"],
                    "service_code": p["service_code"],
                    "station_code": p["station_code"],
                    "participant_name": p["participant_name"],
                    "sale_id": p["sale_id"],
                    "enrolled_at": _when(p["at"]),
                    "cancelled_at": None,
                    "state": "seated",
                    "flagged_at": None,
                },
            )
        elif p.get("status") == "cancelled":
            cancelled[p["registration_id"]] = _when(p["at"])
    for rid, at in cancelled.items():
        if rid in rows:
            rows[rid]["cancelled_at"] = at
    if rows:
        op.bulk_insert(seats, list(rows.values()))


def downgrade() -> None:
    op.drop_index(op.f("ix_program_seat_service_code"), table_name="program_seat")
    op.drop_table("program_seat")
