"""The drawer's records as they travel to head office (built from the wire models)."""

from __future__ import annotations

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
from counterapp.services.drawer.common import _aware
from counterapp.sync.wire import (
    CashMovementPayload,
    ShiftAdjustmentPayload,
    ShiftClosePayload,
    ShiftCountPayload,
    ShiftPayload,
    record_payload,
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
