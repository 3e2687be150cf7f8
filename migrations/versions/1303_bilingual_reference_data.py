"""French beside the English in head office's reference data (issue 13): service
names, categories and checklist items; a French article names the English one it
translates. Existing rows keep their data and get "" (the English is shown).

Revision ID: 1303
Revises: 1304
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1303"
down_revision: str | None = "1304"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service") as batch:
        batch.add_column(
            sa.Column("name_fr", sa.String(length=120), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("category_fr", sa.String(length=40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("checklist_fr", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("kb_article") as batch:
        batch.add_column(
            sa.Column("translation_of", sa.String(length=36), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("kb_article") as batch:
        batch.drop_column("translation_of")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("checklist_fr")
        batch.drop_column("category_fr")
        batch.drop_column("name_fr")
