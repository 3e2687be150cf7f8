"""audit trail's chain: no unique index on audit_entry.hash

The chain never looks a row up by its hash (``counterapp audit verify`` reads
the whole trail), and a copied row is refused by its id (the primary key) or
shows as changed (its hash covers its id). The index cost every audit row an
insert at a random place in a B-tree: one more page written to the WAL per
sale, and more to read back as the trail grows (bench/chain.py).

Revision ID: 1502
Revises: 1303
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "1502"
down_revision: str | None = "1303"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint(op.f("uq_audit_entry_hash"), type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.create_unique_constraint(op.f("uq_audit_entry_hash"), ["hash"])
