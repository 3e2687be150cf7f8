"""a walk-in ticket's request id is unique per site, not across sites

A request id is a station's guard against a double press; it was unique
across every site of the server, so a station of one site sending another
site's id got that site's ticket back, visitor's name and all (the look-up had
no site either), and an id one site used first stood in the other's way.

Revision ID: s1503
Revises: s1305
Create Date: 2026-12-02 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "s1503"
down_revision: str | None = "s1305"
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
