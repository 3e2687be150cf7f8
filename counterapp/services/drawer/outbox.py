"""The drawer's records as they travel to head office (built from the wire models)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from counterapp.db.models import (
    CashMovement,
    OutboxEntry,
    Shift,
    ShiftAdjustment,
    ShiftClose,
    ShiftCount,
)
from counterapp.services import audit
from counterapp.services.drawer.common import _aware
from counterapp.sync.wire import (
    CashMovementPayload,
    ShiftAdjustmentPayload,
    ShiftClosePayload,
    ShiftCountPayload,
    ShiftPayload,
    record_payload,
)


def write_fact(
    session: Session,
    row: Any,
    kind: str,
    payload: Callable[[], dict[str, Any]],
    *,
    station_code: str,
    staff_id: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
    at: datetime,
) -> None:
    """A drawer fact as each one is written, in the caller's transaction: the row, its
    outbox entry for head office (``payload`` is read after the flush, when the row's
    defaults are set) and its audit entry."""
    session.add(row)
    session.flush()
    _outbox(session, kind, row.id, payload(), at)
    audit.record(
        session,
        station_code=station_code,
        staff_id=staff_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        at=at,
    )


def _outbox(
    session: Session, kind: str, record_id: str, payload: dict[str, Any], at: datetime
) -> None:
    session.add(OutboxEntry(id=record_id, kind=kind, payload=payload, created_at=at))


def _shift_payload(shift: Shift, site_code: str) -> dict[str, Any]:
    return record_payload(
        ShiftPayload, shift, site_code=site_code, opened_at=_aware(shift.opened_at)
    )


def _movement_payload(row: CashMovement, station_code: str) -> dict[str, Any]:
    return record_payload(CashMovementPayload, row, station_code=station_code, at=_aware(row.at))


def _count_payload(row: ShiftCount, station_code: str) -> dict[str, Any]:
    return record_payload(ShiftCountPayload, row, station_code=station_code, at=_aware(row.at))


def _close_payload(row: ShiftClose, station_code: str) -> dict[str, Any]:
    return record_payload(ShiftClosePayload, row, station_code=station_code, at=_aware(row.at))


def _adjustment_payload(row: ShiftAdjustment, station_code: str) -> dict[str, Any]:
    return record_payload(ShiftAdjustmentPayload, row, station_code=station_code, at=_aware(row.at))
