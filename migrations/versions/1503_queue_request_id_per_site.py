"""a walk-in ticket's request id is unique per site, not across sites

A request id is the station's guard against a double press; it was unique
across every site, so one site's id could hand it another site's ticket (the
look-up had no site either) or stand in its way. A station holds one site's
queue, but the tables and the engine are the server's too: one definition.

Revision ID: 1503
Revises: 1502
Create Date: 2026-12-02 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "1503"
down_revision: str | None = "1502"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("queue_ticket") as batch:
        batch.drop_constraint(op.f("uq_queue_ticket_request_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_queue_ticket_site_code_request_id"), ["site_code", "request_id"]
        )


def downgrade() -> None:
    # Fails if two sites have used the same request id since (nothing is dropped for it).
    with op.batch_alter_table("queue_ticket") as batch:
        batch.drop_constraint(op.f("uq_queue_ticket_site_code_request_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_queue_ticket_request_id"), ["request_id"])
