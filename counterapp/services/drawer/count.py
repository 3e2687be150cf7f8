"""The associate's blind count: it fixes the expected figures at that moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from counterapp.db.models import Shift, ShiftCount
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount, CountError
from counterapp.domain.money import MAX_AMOUNT_CENTS
from counterapp.domain.reconciliation import (
    TENDER_ORDER,
    TenderVariance,
    reconcile,
    total_over_short,
)
from counterapp.ids import uuid7
from counterapp.services.auth import StaffIdentity
from counterapp.services.drawer.common import TENDER_NAMES, _station
from counterapp.services.drawer.figures import _figures
from counterapp.services.drawer.outbox import _count_payload, write_fact
from counterapp.services.drawer.shift import ShiftInfo, _info, _open_shift_of, _shift_for_update
from counterapp.services.errors import ServiceError


@dataclass(frozen=True, slots=True)
class ChequeCount:
    reference: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class SubmitCount:
    """The blind count: everything in the drawer and the card batch totals."""

    staff: StaffIdentity
    cash: CashCount
    cheques: tuple[ChequeCount, ...] = ()
    other: dict[str, int] = field(default_factory=dict)  # debit, credit, etransfer, money_order


@dataclass(frozen=True, slots=True)
class CountResult:
    shift_id: str
    variances: tuple[TenderVariance, ...]
    over_short_cents: int
    reason_threshold_cents: int

    @property
    def reason_required(self) -> bool:
        return abs(self.over_short_cents) > self.reason_threshold_cents


def submit_count(uow: UnitOfWork, cmd: SubmitCount, *, now: datetime | None = None) -> CountResult:
    """Record the associate's blind count; only then are the expected figures revealed.

    The count is final once submitted (the associate has seen the expected
    figures); a mistake is corrected by a supervisor's adjustment after close.
    """
    now = now or datetime.now(UTC)
    counted = _counted(cmd)
    with uow:
        s = uow.session
        shift = _open_shift_of(s, _station(s).code, cmd.staff.id)
        if shift is None:
            raise ServiceError("You have no open drawer at this station to close.")
        if shift.status != "open":
            raise ServiceError(
                "This drawer is already counted; a count cannot be entered twice. "
                "A supervisor signs it off, then corrects it with an adjustment if needed."
            )
        station = _station(s)
        figures = _figures(s, shift, until=now)
        variances = reconcile(figures.expected, counted)
        over_short = total_over_short(variances)
        row = ShiftCount(
            id=uuid7(),
            shift_id=shift.id,
            at=now,
            staff_id=cmd.staff.id,
            cash_count=cmd.cash.to_dict(),
            cheques=[
                {"reference": c.reference, "amount_cents": c.amount_cents} for c in cmd.cheques
            ],
            counted=counted,
            expected={k: figures.expected.get(k, 0) for k in TENDER_ORDER},
            over_short_cents=over_short,
        )
        shift.status = "counted"
        write_fact(
            s,
            row,
            "shift_count",
            lambda: _count_payload(row, station.code),
            station_code=station.code,
            staff_id=cmd.staff.id,
            action="shift.counted",
            entity="shift",
            entity_id=shift.id,
            detail={"over_short_cents": over_short},
            at=now,
        )
        uow.commit()
        return CountResult(shift.id, variances, over_short, shift.reason_threshold_cents)


def _counted(cmd: SubmitCount) -> dict[str, int]:
    for cheque in cmd.cheques:
        if cheque.amount_cents <= 0:
            raise CountError("Each cheque's amount must be more than zero.")
        if len(cheque.reference) > 40:
            raise CountError("A cheque number has at most 40 characters.")
    counted = dict.fromkeys(TENDER_ORDER, 0)
    counted["cash"] = cmd.cash.total_cents
    counted["cheque"] = sum(c.amount_cents for c in cmd.cheques)
    for kind, cents in cmd.other.items():
        if kind not in counted or kind in ("cash", "cheque"):
            raise CountError("'{kind}' is not a tender counted here.", kind=kind)
        if isinstance(cents, bool) or not isinstance(cents, int):
            raise CountError("The {tender} total must be in cents.", tender=TENDER_NAMES[kind])
        if cents < 0:
            raise CountError("The {tender} total cannot be negative.", tender=TENDER_NAMES[kind])
        if cents > MAX_AMOUNT_CENTS:
            raise CountError(
                "The {tender} total is more than the counter accepts.", tender=TENDER_NAMES[kind]
            )
        counted[kind] = cents
    return counted


def awaiting_sign_off(uow: UnitOfWork) -> list[ShiftInfo]:
    """Shifts at this station counted and waiting for a supervisor, oldest first."""
    with uow:
        station = _station(uow.session)
        rows = uow.session.scalars(
            select(Shift)
            .where(Shift.station_code == station.code, Shift.status == "counted")
            .order_by(Shift.opened_at)
        )
        return [_info(shift) for shift in rows]


def stored_count(uow: UnitOfWork, shift_id: str) -> CountResult:
    """A recorded blind count against what was expected, for the supervisor's review."""
    with uow:
        shift = _shift_for_update(uow.session, shift_id)
        count = uow.session.scalars(
            select(ShiftCount).where(ShiftCount.shift_id == shift_id)
        ).first()
        if count is None:
            raise ServiceError("This drawer has not been counted yet.")
        variances = reconcile(count.expected, count.counted)
        return CountResult(
            shift.id, variances, total_over_short(variances), shift.reason_threshold_cents
        )
