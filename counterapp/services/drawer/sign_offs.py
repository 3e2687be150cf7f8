"""The supervisor's sign-off (stores the Z report and deposit slip as issued)
and corrections of a closed shift (adjusting entries, never edits)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from counterapp.db.models import Shift, ShiftAdjustment, ShiftClose, ShiftCount, Staff
from counterapp.db.uow import UnitOfWork
from counterapp.domain.money import MAX_AMOUNT_CENTS
from counterapp.domain.reconciliation import TENDER_ORDER
from counterapp.i18n import Message
from counterapp.ids import uuid7
from counterapp.services import site
from counterapp.services.approval import SupervisorApproval, check_approval, guarded
from counterapp.services.drawer.common import _station
from counterapp.services.drawer.documents import _deposit_slip, _z_report
from counterapp.services.drawer.figures import _figures
from counterapp.services.drawer.movements import _movements
from counterapp.services.drawer.outbox import _adjustment_payload, _close_payload, write_fact
from counterapp.services.drawer.shift import _shift_for_update
from counterapp.services.errors import ServiceError


@dataclass(frozen=True, slots=True)
class SignOff:
    shift_id: str
    supervisor: SupervisorApproval
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CloseResult:
    shift_id: str
    z_report: dict[str, Any]
    deposit: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AdjustShift:
    shift_id: str
    supervisor: SupervisorApproval
    tender_kind: str
    amount_cents: int  # + the drawer held more than was counted, − less
    reason: str


def _shift_owner(uow: UnitOfWork, shift_id: str) -> str:
    with uow:
        shift = uow.session.get(Shift, shift_id)
        return shift.staff_id if shift is not None else ""


def sign_off(uow: UnitOfWork, cmd: SignOff, *, now: datetime | None = None) -> CloseResult:
    """A supervisor (not the shift's associate) accepts the count; the shift locks."""
    when = now or datetime.now(UTC)
    owner = _shift_owner(uow, cmd.shift_id)
    return guarded(uow, owner, "shift sign-off", when, lambda: _sign_off(uow, cmd, when))


def _sign_off(uow: UnitOfWork, cmd: SignOff, now: datetime) -> CloseResult:
    reason = cmd.reason.strip()
    if len(reason) > 200:
        raise ServiceError("Keep the reason under 200 characters.")
    with uow:
        s = uow.session
        station = _station(s)
        shift = _shift_for_update(s, cmd.shift_id)
        if shift.status == "closed":
            raise ServiceError(
                "This shift is already closed; a closed shift cannot be closed again."
            )
        if shift.status != "counted":
            raise ServiceError("The drawer has not been counted yet: the blind count comes first.")
        supervisor = check_approval(
            s, cmd.supervisor, what="shift sign-off", owner_id=shift.staff_id
        )
        count = s.scalars(select(ShiftCount).where(ShiftCount.shift_id == shift.id)).one()
        if abs(count.over_short_cents) > shift.reason_threshold_cents and not reason:
            raise ServiceError(
                "The drawer is {over_short}: more than {threshold_cents} needs a reason.",
                over_short=_over_short_words(count.over_short_cents),
                threshold_cents=shift.reason_threshold_cents,
            )
        associate = s.get(Staff, shift.staff_id)
        assert associate is not None
        figures = _figures(s, shift, until=count.at)
        movements = _movements(s, shift.id)
        zone = site.zone(s)
        z = _z_report(
            station, shift, associate, supervisor, figures, count, movements, now, reason,
            zone, site.hst_registration(s),
        )  # fmt: skip
        deposit = _deposit_slip(station, shift, associate, count, movements, now, zone)
        row = ShiftClose(
            id=uuid7(),
            shift_id=shift.id,
            at=now,
            supervisor_id=supervisor.id,
            over_short_cents=count.over_short_cents,
            reason=reason,
            z_report=z,
            deposit=deposit,
        )
        shift.status = "closed"
        shift.closed_at = now
        write_fact(
            s,
            row,
            "shift_close",
            lambda: _close_payload(row, station.code),
            station_code=station.code,
            staff_id=supervisor.id,
            action="shift.signed_off",
            entity="shift",
            entity_id=shift.id,
            detail={"over_short_cents": count.over_short_cents},
            at=now,
        )
        uow.commit()
        return CloseResult(shift.id, z, deposit)


def adjust_shift(uow: UnitOfWork, cmd: AdjustShift, *, now: datetime | None = None) -> str:
    """A supervisor's correction of a closed shift's count, as a new entry."""
    when = now or datetime.now(UTC)
    owner = _shift_owner(uow, cmd.shift_id)
    return guarded(uow, owner, "shift correction", when, lambda: _adjust(uow, cmd, when))


def _adjust(uow: UnitOfWork, cmd: AdjustShift, now: datetime) -> str:
    reason = cmd.reason.strip()
    if not reason:
        raise ServiceError("A correction needs a reason.")
    if len(reason) > 200:
        raise ServiceError("Keep the reason under 200 characters.")
    if cmd.tender_kind not in TENDER_ORDER:
        raise ServiceError("'{tender}' is not a tender kind.", tender=cmd.tender_kind)
    if cmd.amount_cents == 0 or abs(cmd.amount_cents) > MAX_AMOUNT_CENTS:
        raise ServiceError("A correction must be a non-zero amount the counter accepts.")
    with uow:
        s = uow.session
        station = _station(s)
        shift = _shift_for_update(s, cmd.shift_id)
        if shift.status != "closed":
            raise ServiceError(
                "Only a closed shift is corrected with an adjustment; "
                "an open shift is simply counted at close."
            )
        supervisor = check_approval(
            s, cmd.supervisor, what="shift correction", owner_id=shift.staff_id
        )
        row = ShiftAdjustment(
            id=uuid7(),
            shift_id=shift.id,
            at=now,
            supervisor_id=supervisor.id,
            tender_kind=cmd.tender_kind,
            amount_cents=cmd.amount_cents,
            reason=reason,
        )
        write_fact(
            s,
            row,
            "shift_adjustment",
            lambda: _adjustment_payload(row, station.code),
            station_code=station.code,
            staff_id=supervisor.id,
            action="shift.adjusted",
            entity="shift",
            entity_id=shift.id,
            detail={"tender": cmd.tender_kind, "amount_cents": cmd.amount_cents},
            at=now,
        )
        uow.commit()
        return row.id


def _over_short_words(cents: int) -> Message:
    if cents > 0:
        return Message("over by {amount_cents}", amount_cents=cents)
    if cents < 0:
        return Message("short by {amount_cents}", amount_cents=-cents)
    return Message("balanced")
