"""Audit entries, written in the same commit as the change they describe."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from counterapp.db.models import AuditEntry, OutboxEntry
from counterapp.ids import uuid7


def record(
    session: Session,
    *,
    station_code: str,
    staff_id: str | None,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add an audit entry and its outbox entry to ``session`` (no commit).

    ``detail`` must hold no personal data: ids, codes and amounts only.
    """
    # The wire models (pydantic) load on the first audited act, a sign-in, not at
    # start-up: the sign-in window shows without them (bench/startup.py).
    from counterapp.sync.wire import AuditPayload, outbox_payload

    entry = AuditEntry(
        id=uuid7(),
        at=at or datetime.now(UTC),
        station_code=station_code,
        staff_id=staff_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail or {},
    )
    session.add(entry)
    session.add(
        OutboxEntry(
            id=entry.id,
            kind="audit",
            payload=outbox_payload(
                AuditPayload(
                    id=entry.id,
                    at=entry.at,
                    station_code=station_code,
                    staff_id=staff_id,
                    action=action,
                    entity=entity,
                    entity_id=entity_id,
                    detail=entry.detail,
                )
            ),
            created_at=entry.at,
        )
    )
    return entry
