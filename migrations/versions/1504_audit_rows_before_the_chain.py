"""audit trail's chain: the rows written before the chain began are pinned

Migration 1501 added the audit rows' hashes; the rows already there kept none.
``counterapp audit verify`` let every row without a hash pass, so a row slipped
in with no hash, or an edited row with its hashes cleared, passed too. This
pins exactly the rows without a hash now (on an upgraded station, those written
before 1501; on a new station, none): their count and one hash over them
(``domain.chain.legacy_audit_digest``) in ``chain_head`` under
``audit_legacy``. Verify holds the rows without a hash to it: one added,
removed or edited shows. The audit chain's head is written now if the chain
has no row yet, so that a missing head is always a problem.

Revision ID: 1504
Revises: 1503
Create Date: 2026-12-02 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from counterapp.domain.chain import AUDIT_CHAIN, AUDIT_LEGACY, legacy_audit_digest

revision: str = "1504"
down_revision: str | None = "1503"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As the station's model reads them (``db.models.AuditEntry``), so the values
# hashed here are the ones verify hashes (``db.chaining.audit_row``).
_audit = sa.table(
    "audit_entry",
    sa.column("id", sa.String(36)),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("station_code", sa.String(16)),
    sa.column("staff_id", sa.String(36)),
    sa.column("action", sa.String(40)),
    sa.column("entity", sa.String(40)),
    sa.column("entity_id", sa.String(36)),
    sa.column("detail", sa.JSON),
    sa.column("hash", sa.String(64)),
)
_heads = sa.table(
    "chain_head",
    sa.column("name", sa.String(16)),
    sa.column("hash", sa.String(64)),
    sa.column("length", sa.Integer),
)


def upgrade() -> None:
    from counterapp.db.chaining import _audit_values

    conn = op.get_bind()
    rows = [
        _audit_values(
            r.id, r.at, r.station_code, r.staff_id, r.action, r.entity, r.entity_id, r.detail
        )
        for r in conn.execute(sa.select(_audit).where(_audit.c.hash.is_(None)))
    ]
    conn.execute(sa.delete(_heads).where(_heads.c.name == AUDIT_LEGACY))
    conn.execute(
        sa.insert(_heads).values(
            name=AUDIT_LEGACY, hash=legacy_audit_digest(rows), length=len(rows)
        )
    )
    # The chain's own head from now on, even before its first row: a missing head
    # is then always a problem.
    if conn.scalar(sa.select(_heads.c.name).where(_heads.c.name == AUDIT_CHAIN)) is None:
        conn.execute(sa.insert(_heads).values(name=AUDIT_CHAIN, hash=None, length=0))


def downgrade() -> None:
    # The audit chain's head stays: the chain writes it with its first row anyway.
    op.get_bind().execute(sa.delete(_heads).where(_heads.c.name == AUDIT_LEGACY))
