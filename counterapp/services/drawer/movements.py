"""Cash moved out of an open drawer: pickups to the safe and paid-outs (with a
supervisor), and what the drawer should hold now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from counterapp.db.models import CashMovement, Sale, Shift, Tender
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount, CountError
from counterapp.domain.reconciliation import direction
from counterapp.ids import uuid7
from counterapp.services import device_jobs, site
from counterapp.services.approval import ApprovalNeeded, SupervisorApproval, check_approval, guarded
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.drawer.common import _station
from counterapp.services.drawer.documents import _count_lines, _local
from counterapp.services.drawer.outbox import _movement_payload, write_fact
from counterapp.services.drawer.shift import ShiftInfo, _info, _open_shift_of, _require_open
from counterapp.services.errors import ServiceError
from counterapp.services.preferences import language_in
from printing.words import slip_title


@dataclass(frozen=True, slots=True)
class RecordPickup:
    staff: StaffIdentity
    count: CashCount
    receipt_route: ReceiptRoute | None = None  # the slip, queued in the pickup's commit


@dataclass(frozen=True, slots=True)
class RecordPaidOut:
    staff: StaffIdentity
    amount_cents: int
    reason: str
    gl_account: str = ""
    approval: SupervisorApproval | None = None  # a paid-out needs a supervisor (ApprovalNeeded)
    receipt_route: ReceiptRoute | None = None  # the slip, queued in the paid-out's commit


@dataclass(frozen=True, slots=True)
class MovementResult:
    id: str
    kind: str
    seq: int
    amount_cents: int
    slip: dict[str, Any]  # the printed slip (pickups and paid-outs alike)
    cash_in_drawer_cents: int
    print_jobs: tuple[str, ...] = ()  # the slip's device job, same commit


@dataclass(frozen=True, slots=True)
class DrawerStatus:
    shift: ShiftInfo
    cash_in_drawer_cents: int

    @property
    def pickup_due(self) -> bool:
        return self.cash_in_drawer_cents > self.shift.pickup_limit_cents


def _movements(session: Session, shift_id: str) -> list[CashMovement]:
    return list(
        session.scalars(
            select(CashMovement).where(CashMovement.shift_id == shift_id).order_by(CashMovement.seq)
        )
    )


def _cash_in_drawer(session: Session, shift: Shift) -> int:
    """The cash the drawer should hold now: one grouped query, asked after every sale.

    The same rule as ``shift_figures`` (its expected cash), in the form the
    database can sum: float + cash applied (signed per record) − movements.
    """
    per_sale = session.execute(
        select(
            Sale.kind,
            Sale.total_cents,
            func.sum(Tender.applied_cents),
            func.sum(case((Tender.kind == "cash", Tender.applied_cents), else_=0)),
        )
        .join(Tender, Tender.sale_id == Sale.id)
        .where(Sale.shift_id == shift.id)
        .group_by(Sale.id)
    ).all()
    cash = sum(
        direction(kind, int(applied or 0), total) * int(cash_applied or 0)
        for kind, total, applied, cash_applied in per_sale
    )
    moved = session.scalar(
        select(func.coalesce(func.sum(CashMovement.amount_cents), 0)).where(
            CashMovement.shift_id == shift.id
        )
    )
    return shift.float_cents + cash - int(moved or 0)


def drawer_status(uow: UnitOfWork, staff_id: str) -> DrawerStatus | None:
    """The associate's open drawer and the cash it should hold now (for the pickup prompt)."""
    with uow:
        shift = _open_shift_of(uow.session, _station(uow.session).code, staff_id)
        if shift is None:
            return None
        return DrawerStatus(_info(shift), _cash_in_drawer(uow.session, shift))


def _record_movement(
    uow: UnitOfWork,
    staff: StaffIdentity,
    kind: str,
    amount_cents: int,
    *,
    reason: str = "",
    gl_account: str = "",
    count: CashCount | None = None,
    approval: SupervisorApproval | None = None,
    receipt_route: ReceiptRoute | None = None,
    now: datetime | None,
) -> MovementResult:
    now = now or datetime.now(UTC)
    with uow:
        s = uow.session
        shift = _require_open(s, staff)
        station = _station(s)
        zone = site.zone(s)
        approver = (
            check_approval(s, approval, what=kind.replace("_", "-"), owner_id=staff.id).id
            if approval is not None
            else None
        )
        in_drawer = _cash_in_drawer(s, shift)
        if amount_cents > in_drawer:
            raise ServiceError(
                "The drawer should hold only {in_drawer_cents} in cash; {amount_cents} cannot "
                "come out of it.",
                in_drawer_cents=in_drawer,
                amount_cents=amount_cents,
            )
        seq = 1 + (
            s.scalar(
                select(func.count())
                .select_from(CashMovement)
                .where(CashMovement.shift_id == shift.id, CashMovement.kind == kind)
            )
            or 0
        )
        row = CashMovement(
            id=uuid7(),
            shift_id=shift.id,
            kind=kind,
            seq=seq,
            at=now,
            staff_id=staff.id,
            amount_cents=amount_cents,
            reason=reason,
            gl_account=gl_account,
            count=count.to_dict() if count else {},
        )
        write_fact(
            s,
            row,
            "cash_movement",
            lambda: _movement_payload(row, station.code),
            station_code=station.code,
            staff_id=staff.id,
            action=f"drawer.{kind}",
            entity="cash_movement",
            entity_id=row.id,
            detail={"shift_id": shift.id, "amount_cents": amount_cents, "seq": seq}
            | ({"approved_by": approver} if approver else {}),
            at=now,
        )
        slip = {
            "kind": kind,
            "title": "CASH PICKUP" if kind == "pickup" else "PAID-OUT",
            "site_name": station.site_name,
            "station_code": station.code,
            "drawer_code": shift.drawer_code,
            "shift_name": f"Drawer {shift.drawer_code}, {staff.receipt_name}, "
            f"opened {_local(shift.opened_at, zone)}",
            "seq": seq,
            "at": _local(now, zone),
            "associate": staff.receipt_name,
            "amount_cents": amount_cents,
            "reason": reason,
            "count": _count_lines(count) if count else [],
        }
        language = language_in(s, staff.id) or "en"  # the slip's and its job's
        jobs = (
            [
                device_jobs.add_job(
                    s,
                    device=receipt_route.device,
                    kind="drawer_slip",
                    document={"slip": slip, "language": language},
                    reference=f"{slip_title(kind, language)} {seq}",
                    max_attempts=2,
                    staff_id=staff.id,
                )
            ]
            if receipt_route is not None
            else []
        )
        uow.commit()
    return MovementResult(
        row.id, kind, seq, amount_cents, slip, in_drawer - amount_cents, tuple(jobs)
    )


def record_pickup(
    uow: UnitOfWork, cmd: RecordPickup, *, now: datetime | None = None
) -> MovementResult:
    """Cash dropped to the safe, counted by denomination; a slip goes with the bag."""
    amount = cmd.count.total_cents
    if amount <= 0:
        raise CountError("Count the cash you are taking to the safe.")
    return _record_movement(
        uow, cmd.staff, "pickup", amount, count=cmd.count, receipt_route=cmd.receipt_route,
        now=now,
    )  # fmt: skip


def record_paid_out(
    uow: UnitOfWork, cmd: RecordPaidOut, *, now: datetime | None = None
) -> MovementResult:
    """Cash paid out of the drawer (petty cash, a refund of a deposit…), with its reason."""
    reason = cmd.reason.strip()
    if not reason:
        raise ServiceError("Say what the paid-out is for.")
    if len(reason) > 200:
        raise ServiceError("Keep the reason under 200 characters.")
    if cmd.amount_cents <= 0:
        raise ServiceError("The paid-out must be more than zero.")
    if cmd.amount_cents % 5:
        raise ServiceError("Cash is paid out in multiples of 5 cents (no pennies).")
    if cmd.approval is None:
        raise ApprovalNeeded(
            "A paid-out of {amount_cents} needs a supervisor's approval.",
            amount_cents=cmd.amount_cents,
        )
    when = now or datetime.now(UTC)
    return guarded(
        uow,
        cmd.staff,
        "paid-out",
        when,
        lambda: _record_movement(
            uow,
            cmd.staff,
            "paid_out",
            cmd.amount_cents,
            reason=reason,
            gl_account=cmd.gl_account.strip(),
            approval=cmd.approval,
            receipt_route=cmd.receipt_route,
            now=when,
        ),
    )
