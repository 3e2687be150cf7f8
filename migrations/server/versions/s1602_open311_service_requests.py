"""the town's service requests for Open311, its API keys and numbering (issue 16)

Every request and complaint already received from a counter is copied in,
with the department's status where head office has published one.

Revision ID: s1602
Revises: s1501
Create Date: 2026-12-02 01:20:00
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from counterapp.db.types import UTCDateTime

revision: str = "s1602"
down_revision: str | None = "s1501"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOSED = {"closed", "fixed", "resolved", "completed", "done", "fermé", "fermée"}


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "x"


def _when(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def upgrade() -> None:
    requests = op.create_table(
        "service_request",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference_no", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=60), nullable=False),
        sa.Column("service_code", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("callback", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=250), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("long", sa.Float(), nullable=True),
        sa.Column("media_url", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("api_key_id", sa.String(length=36), nullable=True),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("status_text", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request")),
        sa.UniqueConstraint("reference_no", name=op.f("uq_service_request_reference_no")),
    )
    op.create_index(
        op.f("ix_service_request_service_code"), "service_request", ["service_code"], unique=False
    )
    op.create_index(
        op.f("ix_service_request_requested_at"), "service_request", ["requested_at"], unique=False
    )
    op.create_table(
        "open311_key",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_key")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_open311_key_key_hash")),
    )
    op.create_table(
        "open311_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_counter")),
    )
    _copy_intakes(requests)


def _copy_intakes(requests: sa.Table) -> None:
    bind = op.get_bind()
    record = sa.table(
        "received_record",
        sa.column("id", sa.String),
        sa.column("kind", sa.String),
        sa.column("station_code", sa.String),
        sa.column("payload", sa.JSON),
    )
    item = sa.table(
        "reference_item",
        sa.column("entity", sa.String),
        sa.column("key", sa.String),
        sa.column("deleted", sa.Boolean),
        sa.column("data", sa.JSON),
    )
    statuses = {
        key: data
        for key, data in bind.execute(
            sa.select(item.c.key, item.c.data).where(
                item.c.entity == "intake_status", item.c.deleted.is_(False)
            )
        )
        if data
    }
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rid, station, p in bind.execute(
        sa.select(record.c.id, record.c.station_code, record.c.payload)
        .where(record.c.kind == "intake")
        .order_by(record.c.id)
    ):
        if p.get("kind") not in ("request", "complaint") or p["reference_no"] in seen:
            continue
        seen.add(p["reference_no"])
        parts = [p["subject"]]
        parts += [p["summary"]] if p.get("summary") else []
        parts += [f"Documents: {p['documents']}"] if p.get("documents") else []
        parts += [f"Call back: {p['callback']}"] if p.get("callback") else []
        at = _when(p["at"])
        st = statuses.get(p["reference_no"]) or {}
        word = str(st.get("status", "Received"))
        rows.append(
            {
                "id": rid,
                "reference_no": p["reference_no"],
                "kind": p["kind"],
                "department": p["department"],
                "service_code": f"{p['kind']}-{_slug(p['department'])}"[:80],
                "subject": p["subject"],
                "summary": p.get("summary", ""),
                "documents": p.get("documents", ""),
                "callback": p.get("callback", ""),
                "description": "\n\n".join(parts),
                "contact_name": p.get("contact_name", ""),
                "contact": p.get("contact", ""),
                "email": "",
                "phone": "",
                "address": "",
                "lat": None,
                "long": None,
                "media_url": "",
                "source": "counter",
                "station_code": station,
                "api_key_id": None,
                "requested_at": at,
                "status": "closed" if word.strip().lower() in CLOSED else "open",
                "status_text": word[:40],
                "answer": str(st.get("answer", "")),
                "updated_at": _when(st["status_at"]) if st.get("status_at") else at,
            }
        )
    if rows:
        op.bulk_insert(requests, rows)


def downgrade() -> None:
    op.drop_table("open311_counter")
    op.drop_table("open311_key")
    op.drop_index(op.f("ix_service_request_requested_at"), table_name="service_request")
    op.drop_index(op.f("ix_service_request_service_code"), table_name="service_request")
    op.drop_table("service_request")
