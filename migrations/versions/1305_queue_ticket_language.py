"""walk-in tickets keep the visitor's language (issue 13)

Revision ID: 1305
Revises: 1301
Create Date: 2026-12-02 04:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1305"
down_revision: str | None = "1301"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: tickets issued before have none; the site's usual language stands in.
    with op.batch_alter_table("queue_ticket") as batch:
        batch.add_column(sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("queue_ticket") as batch:
        batch.drop_column("language")
