"""A drawer shift: what is open, for whom, and opening it with a counted float."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import Shift
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount, CountError
from counterapp.domain.money import MAX_AMOUNT_CENTS
from counterapp.ids import uuid7
from counterapp.services import site
from counterapp.services.auth import StaffIdentity
from counterapp.services.drawer.common import _aware, _station
from counterapp.services.drawer.outbox import _shift_payload, write_fact
from counterapp.services.errors import ServiceError


@dataclass(frozen=True, slots=True)
class OpenShift:
    staff: StaffIdentity
    float_count: CashCount
    drawer_code: str = "1"
    pickup_limit_cents: int = 50_000
    reason_threshold_cents: int = 500


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    id: str
    drawer_code: str
    staff_id: str
    status: str
    opened_at: datetime
    float_cents: int
    pickup_limit_cents: int
    reason_threshold_cents: int


def _info(shift: Shift) -> ShiftInfo:
    return ShiftInfo(
        shift.id,
        shift.drawer_code,
        shift.staff_id,
        shift.status,
        _aware(shift.opened_at),
        shift.float_cents,
        shift.pickup_limit_cents,
        shift.reason_threshold_cents,
    )


def _open_shift_of(session: Session, station_code: str, staff_id: str) -> Shift | None:
    return session.scalars(
        select(Shift).where(
            Shift.station_code == station_code, Shift.staff_id == staff_id, Shift.status != "closed"
        )
    ).first()


def current_shift(uow: UnitOfWork, staff_id: str) -> ShiftInfo | None:
    """The signed-in associate's shift at this station that is not yet closed."""
    with uow:
        shift = _open_shift_of(uow.session, _station(uow.session).code, staff_id)
        return _info(shift) if shift else None


class NoOpenShift(ServiceError):
    """Money was offered with no open drawer shift: the window offers to open one."""


def shift_for_sale(
    session: Session, station_code: str, staff_id: str, tender_kinds: Iterable[str]
) -> str | None:
    """The shift a sale's money goes into, or a refusal (called inside ``complete_sale``,
    and for voids and refunds).

    The rule: no money is taken outside an accountable drawer. Every tender —
    cash, cheque, money order, debit, credit, e-transfer — needs the seller's
    own open shift from the first sale of the day, so every dollar is on one
    Z report and the end of day is the sum of them. A visit with nothing to
    pay (no tender) attaches to the open shift when there is one and needs
    none otherwise. A site head office set as drawerless (site setting
    ``drawers`` = "none") sells without shifts: a setting, never an accident.
    """
    shift = _open_shift_of(session, station_code, staff_id)
    if shift is not None and shift.status == "open":
        return shift.id
    if not set(tender_kinds):
        return None
    if not site.keeps_drawers(session):
        return None
    if shift is not None:
        raise ServiceError(
            "Your drawer is counted and waiting for sign-off; it takes no more money. "
            "Have a supervisor sign it off, then open a new shift."
        )
    raise NoOpenShift(
        "You have no open drawer at this station: open a shift (Drawer menu, Ctrl+Shift+O) "
        "before taking any payment."
    )


def _shift_for_update(session: Session, shift_id: str) -> Shift:
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise ServiceError("No such shift at this station.")
    return shift


def _require_open(session: Session, staff: StaffIdentity) -> Shift:
    shift = _open_shift_of(session, _station(session).code, staff.id)
    if shift is None:
        raise ServiceError("You have no open drawer at this station; open a shift first.")
    if shift.status != "open":
        raise ServiceError("Your drawer is already counted; a closed or counted shift is locked.")
    return shift


def open_shift(uow: UnitOfWork, cmd: OpenShift, *, now: datetime | None = None) -> ShiftInfo:
    """Open the associate's drawer with the float they counted and confirmed."""
    now = now or datetime.now(UTC)
    if cmd.float_count.total_cents <= 0:
        raise CountError("Count the opening float: the drawer cannot open empty.")
    if cmd.float_count.total_cents > MAX_AMOUNT_CENTS:
        raise CountError("That float is more than the counter accepts; count again.")
    drawer_code = cmd.drawer_code.strip() or "1"
    with uow:
        s = uow.session
        station = _station(s)
        mine = _open_shift_of(s, station.code, cmd.staff.id)
        if mine is not None:
            raise ServiceError(
                "You already have drawer {drawer} open at this station; close it before opening "
                "another.",
                drawer=mine.drawer_code,
            )
        taken = s.scalars(
            select(Shift).where(
                Shift.station_code == station.code,
                Shift.drawer_code == drawer_code,
                Shift.status != "closed",
            )
        ).first()
        if taken is not None:
            raise ServiceError(
                "Drawer {drawer} is still in another associate's shift; it must be counted and "
                "signed off first.",
                drawer=drawer_code,
            )
        shift = Shift(
            id=uuid7(),
            station_code=station.code,
            drawer_code=drawer_code,
            staff_id=cmd.staff.id,
            status="open",
            opened_at=now,
            float_cents=cmd.float_count.total_cents,
            float_count=cmd.float_count.to_dict(),
            pickup_limit_cents=cmd.pickup_limit_cents,
            reason_threshold_cents=cmd.reason_threshold_cents,
        )
        write_fact(
            s,
            shift,
            "shift",
            lambda: _shift_payload(shift, station.site_code),
            station_code=station.code,
            staff_id=cmd.staff.id,
            action="shift.opened",
            entity="shift",
            entity_id=shift.id,
            detail={"drawer": drawer_code, "float_cents": shift.float_cents},
            at=now,
        )
        uow.commit()
        return _info(shift)
