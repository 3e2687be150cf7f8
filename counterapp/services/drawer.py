"""Drawers and shifts: open with a counted float, pickups, paid-outs, blind
count, supervisor sign-off, corrections after close.

A shift moves open → counted → closed. While open it takes the sales of its
associate (``shift_for_sale``), pickups and paid-outs. The associate's blind
count fixes the expected figures at the same moment (``submit_count``), so
nothing that happens afterwards can move them; the supervisor then signs off
(``sign_off``), which stores the Z report and deposit slip as issued. A
closed shift is locked: a correction is a supervisor's adjusting entry
(``adjust_shift``), never an edit.

Every fact is written with its audit entry and its outbox entry in one commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from counterapp.db.models import (
    AuditEntry,
    CashMovement,
    OutboxEntry,
    Sale,
    SaleLine,
    Shift,
    ShiftAdjustment,
    ShiftClose,
    ShiftCount,
    Staff,
    Station,
    Tender,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount, CountError
from counterapp.domain.clock import DATE_TIME, day_bounds, format_site_time
from counterapp.domain.gl import GlAccounts, GlRow, gl_csv, gl_distribution
from counterapp.domain.money import MAX_AMOUNT_CENTS, format_cents
from counterapp.domain.reconciliation import (
    TENDER_ORDER,
    Movement,
    ShiftFigures,
    TenderVariance,
    Transaction,
    TxLine,
    TxTender,
    direction,
    reconcile,
    shift_figures,
    total_over_short,
)
from counterapp.ids import uuid7
from counterapp.services import audit, device_jobs, site
from counterapp.services.approval import (
    ApprovalNeeded,
    SupervisorApproval,
    check_approval,
    guarded,
)
from counterapp.services.auth import Role, StaffIdentity
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.errors import ServiceError
from counterapp.sync.wire import (
    CashMovementPayload,
    ShiftAdjustmentPayload,
    ShiftClosePayload,
    ShiftCountPayload,
    ShiftPayload,
    record_payload,
)

NO_SALE_ACTION = "drawer.no_sale"  # recorded by the device work (a supervisor's no-sale open)
# Tenders that go into the drawer and are counted at close.
DRAWER_TENDERS = frozenset({"cash", "cheque", "money_order"})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})

TENDER_NAMES = {
    "cash": "Cash",
    "cheque": "Cheques",
    "debit": "Debit",
    "credit": "Credit",
    "etransfer": "e-Transfer",
    "money_order": "Money orders",
}


def _short_name(display_name: str) -> str:
    parts = display_name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else display_name


# --- commands and results ------------------------------------------------------------


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


# --- look-ups -------------------------------------------------------------------------


def _station(session: Session) -> Station:
    station = session.scalars(select(Station)).first()
    if station is None:
        raise ServiceError("This station has no identity yet; load its reference data first.")
    return station


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
            Shift.station_code == station_code,
            Shift.staff_id == staff_id,
            Shift.status != "closed",
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


# --- open ------------------------------------------------------------------------------


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
                f"You already have drawer {mine.drawer_code} open at this station; "
                "close it before opening another."
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
                f"Drawer {drawer_code} is still in another associate's shift; "
                "it must be counted and signed off first."
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
        s.add(shift)
        s.flush()
        _outbox(s, "shift", shift.id, _shift_payload(shift, station.site_code), now)
        audit.record(
            s,
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


# --- during the shift ------------------------------------------------------------------


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
                f"The drawer should hold only {format_cents(in_drawer)} in cash; "
                f"{format_cents(amount_cents)} cannot come out of it."
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
        s.add(row)
        s.flush()
        _outbox(s, "cash_movement", row.id, _movement_payload(row, station.code), now)
        audit.record(
            s,
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
        jobs = (
            [
                device_jobs.add_job(
                    s,
                    device=receipt_route.device,
                    kind="drawer_slip",
                    document={"slip": slip},
                    reference=f"{slip['title']} {seq}",
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
            f"A paid-out of {format_cents(cmd.amount_cents)} needs a supervisor's approval."
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


# --- the figures ------------------------------------------------------------------------


def _transactions(session: Session, shift_id: str) -> list[Transaction]:
    return _load_transactions(session, Sale.shift_id == shift_id)


def _load_transactions(session: Session, condition: ColumnElement[bool]) -> list[Transaction]:
    """Sales, voids and refunds matching ``condition``, with lines and tenders (three queries)."""
    sales = list(
        session.execute(
            select(
                Sale.id,
                Sale.receipt_no,
                Sale.kind,
                Sale.total_cents,
                Sale.tax_cents,
                Sale.rounding_cents,
                Sale.change_cents,
            )
            .where(condition)
            .order_by(Sale.seq)
        )
    )
    lines: dict[str, list[TxLine]] = {}
    for row in session.execute(
        select(
            SaleLine.sale_id,
            SaleLine.gl_account,
            SaleLine.department,
            SaleLine.amount_cents,
            SaleLine.tax_cents,
            SaleLine.service_code,
            SaleLine.description,
            SaleLine.quantity,
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(condition)
    ):
        lines.setdefault(row[0], []).append(TxLine(*row[1:]))
    tenders: dict[str, list[TxTender]] = {}
    for trow in session.execute(
        select(
            Tender.sale_id,
            Tender.kind,
            Tender.tendered_cents,
            Tender.applied_cents,
            Tender.reference,
        )
        .join(Sale, Sale.id == Tender.sale_id)
        .where(condition)
        .order_by(Tender.sale_id, Tender.seq)
    ):
        tenders.setdefault(trow[0], []).append(TxTender(*trow[1:]))
    return [
        Transaction(
            receipt_no=sid_no,
            kind=kind,
            total_cents=total,
            tax_cents=tax,
            rounding_cents=rounding,
            change_cents=change,
            lines=tuple(lines.get(sid, ())),
            tenders=tuple(tenders.get(sid, ())),
        )
        for sid, sid_no, kind, total, tax, rounding, change in sales
    ]


def _no_sales(session: Session, shift: Shift, until: datetime | None) -> int:
    query = (
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == NO_SALE_ACTION,
            AuditEntry.station_code == shift.station_code,
            AuditEntry.at >= shift.opened_at,
        )
    )
    if until is not None:
        query = query.where(AuditEntry.at <= until)
    return int(session.scalar(query) or 0)


def _as_movement(m: CashMovement) -> Movement:
    return Movement(m.kind, m.amount_cents, m.reason, m.gl_account)


def _figures(session: Session, shift: Shift, until: datetime | None) -> ShiftFigures:
    return shift_figures(
        shift.float_cents,
        _transactions(session, shift.id),
        [_as_movement(m) for m in _movements(session, shift.id)],
        no_sales=_no_sales(session, shift, until),
    )


# --- close: the blind count, then the sign-off ------------------------------------------


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
        s.add(row)
        s.flush()
        _outbox(s, "shift_count", row.id, _count_payload(row, station.code), now)
        audit.record(
            s,
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
            raise CountError(f"'{kind}' is not a tender counted here.")
        if isinstance(cents, bool) or not isinstance(cents, int):
            raise CountError(f"The {TENDER_NAMES[kind]} total must be in cents.")
        if cents < 0:
            raise CountError(f"The {TENDER_NAMES[kind]} total cannot be negative.")
        if cents > MAX_AMOUNT_CENTS:
            raise CountError(f"The {TENDER_NAMES[kind]} total is more than the counter accepts.")
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
                f"The drawer is {_over_short_words(count.over_short_cents)}: "
                f"more than {format_cents(shift.reason_threshold_cents)} needs a reason."
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
        s.add(row)
        s.flush()
        _outbox(s, "shift_close", row.id, _close_payload(row, station.code), now)
        audit.record(
            s,
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
        raise ServiceError(f"'{cmd.tender_kind}' is not a tender kind.")
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
        s.add(row)
        s.flush()
        _outbox(s, "shift_adjustment", row.id, _adjustment_payload(row, station.code), now)
        audit.record(
            s,
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


def _over_short_words(cents: int) -> str:
    if cents > 0:
        return f"over by {format_cents(cents)}"
    if cents < 0:
        return f"short by {format_cents(-cents)}"
    return "balanced"


# --- documents ------------------------------------------------------------------------


def _local(at: datetime, zone: tzinfo) -> str:
    return format_site_time(at, DATE_TIME, zone)


def shift_name(drawer_code: str, associate: str, opened_at: str, closed_at: str = "") -> str:
    """How a shift is named on paper and on screen: drawer, associate and times."""
    span = (
        f"{opened_at}–{closed_at[-5:]}"
        if closed_at[:10] == opened_at[:10] and closed_at
        else (f"{opened_at} – {closed_at}" if closed_at else f"opened {opened_at}")
    )
    return f"Drawer {drawer_code}, {associate}, {span}"


def _count_lines(count: CashCount) -> list[dict[str, Any]]:
    return [
        {"label": d.label, "form": d.form, "pieces": p, "rolls": r, "cents": c}
        for d, p, r, c in count.lines()
        if p or r
    ]


def _z_report(
    station: Station,
    shift: Shift,
    associate: Staff,
    supervisor: Staff,
    figures: ShiftFigures,
    count: ShiftCount,
    movements: list[CashMovement],
    now: datetime,
    reason: str,
    zone: tzinfo,
    hst_registration: str = "",
) -> dict[str, Any]:
    variances = reconcile(count.expected, count.counted)
    return {
        "title": "Z REPORT",
        "site_name": station.site_name,
        "station_code": station.code,
        "drawer_code": shift.drawer_code,
        "shift_id": shift.id,
        "associate": _short_name(associate.display_name),
        "supervisor": _short_name(supervisor.display_name),
        "opened_at": _local(shift.opened_at, zone),
        "counted_at": _local(count.at, zone),
        "closed_at": _local(now, zone),
        "shift_name": shift_name(
            shift.drawer_code,
            _short_name(associate.display_name),
            _local(shift.opened_at, zone),
            _local(now, zone),
        ),
        "hst_registration": hst_registration if figures.tax_cents else "",
        "float_cents": figures.float_cents,
        "sales_count": figures.sales_count,
        "sales_cents": figures.sales_cents,
        "voids_count": figures.voids_count,
        "voids_cents": figures.voids_cents,
        "refunds_count": figures.refunds_count,
        "refunds_cents": figures.refunds_cents,
        "no_sales": figures.no_sales,
        "tax_cents": figures.tax_cents,
        "rounding_cents": figures.rounding_cents,
        "cash_in_cents": figures.cash_in_cents,
        "change_cents": figures.change_cents,
        "cash_out_cents": figures.cash_out_cents,
        "paid_outs_cents": figures.paid_outs_cents,
        "pickups_cents": figures.pickups_cents,
        "paid_outs": [
            {"seq": m.seq, "reason": m.reason, "amount_cents": m.amount_cents}
            for m in movements
            if m.kind == "paid_out"
        ],
        "pickups": [
            {"seq": m.seq, "at": _local(m.at, zone), "amount_cents": m.amount_cents}
            for m in movements
            if m.kind == "pickup"
        ],
        "tenders": [
            {
                "kind": v.kind,
                "label": TENDER_NAMES.get(v.kind, v.kind),
                "net_cents": figures.by_tender.get(v.kind, 0),
                "expected_cents": v.expected_cents,
                "counted_cents": v.counted_cents,
                "over_short_cents": v.over_short_cents,
            }
            for v in variances
        ],
        "services": [
            {
                "gl_account": t.gl_account,
                "department": t.department,
                "description": t.description,
                "quantity": t.quantity,
                "amount_cents": t.amount_cents,
            }
            for t in figures.by_service
        ],
        "gl": [
            {"gl_account": gl, "department": dept, "amount_cents": cents}
            for (gl, dept), cents in figures.by_gl.items()
        ],
        "over_short_cents": count.over_short_cents,
        "reason": reason,
        "copy": False,
    }


def _deposit_slip(
    station: Station,
    shift: Shift,
    associate: Staff,
    count: ShiftCount,
    movements: list[CashMovement],
    now: datetime,
    zone: tzinfo,
) -> dict[str, Any]:
    """What goes to the bank: the closing count and the pickups, less the float kept."""
    pieces: dict[str, int] = {}
    rolls: dict[str, int] = {}
    for source in [count.cash_count, *(m.count for m in movements if m.kind == "pickup")]:
        c = CashCount.from_dict(source) if source else CashCount()
        for code, n in c.pieces:
            pieces[code] = pieces.get(code, 0) + n
        for code, n in c.rolls:
            rolls[code] = rolls.get(code, 0) + n
    combined = CashCount.of(pieces, rolls)
    lines = _count_lines(combined)
    cheques = [
        {"reference": c["reference"], "amount_cents": c["amount_cents"]} for c in count.cheques
    ]
    money_orders = int(count.counted.get("money_order", 0))
    cash_deposit = combined.total_cents - shift.float_cents
    return {
        "title": "DEPOSIT SLIP",
        "site_name": station.site_name,
        "station_code": station.code,
        "drawer_code": shift.drawer_code,
        "shift_id": shift.id,
        "associate": _short_name(associate.display_name),
        "date": _local(now, zone)[:10],
        "prepared_at": _local(now, zone),
        "shift_name": shift_name(
            shift.drawer_code,
            _short_name(associate.display_name),
            _local(shift.opened_at, zone),
            _local(now, zone),
        ),
        "notes": [ln for ln in lines if ln["form"] == "note"],
        "coins": [ln for ln in lines if ln["form"] == "coin"],
        "notes_cents": combined.notes_cents(),
        "coins_cents": combined.coins_cents(),
        "cash_counted_cents": combined.total_cents,
        "float_kept_cents": shift.float_cents,
        "cash_deposit_cents": cash_deposit,
        "cheques": cheques,
        "cheques_cents": sum(c["amount_cents"] for c in cheques),
        "money_orders_cents": money_orders,
        "total_cents": cash_deposit + sum(c["amount_cents"] for c in cheques) + money_orders,
        "copy": False,
    }


@dataclass(frozen=True, slots=True)
class ClosedShift:
    shift_id: str
    drawer_code: str
    associate: str
    opened_at: str
    closed_at: str
    over_short_cents: int


def closed_shifts(uow: UnitOfWork, *, limit: int = 200) -> list[ClosedShift]:
    """The most recent closed shifts at this station, newest first (for reprints)."""
    with uow:
        rows = uow.session.execute(
            select(Shift, ShiftClose, Staff.display_name)
            .join(ShiftClose, ShiftClose.shift_id == Shift.id)
            .join(Staff, Staff.id == Shift.staff_id)
            .order_by(ShiftClose.at.desc())
            .limit(limit)
        ).all()
        zone = site.zone(uow.session)
        return [
            ClosedShift(
                shift.id,
                shift.drawer_code,
                _short_name(name),
                _local(shift.opened_at, zone),
                _local(close.at, zone),
                close.over_short_cents,
            )
            for shift, close, name in rows
        ]


def stored_documents(uow: UnitOfWork, shift_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A closed shift's Z report and deposit slip as issued, marked COPY for a reprint."""
    with uow:
        close = uow.session.scalars(
            select(ShiftClose).where(ShiftClose.shift_id == shift_id)
        ).first()
        if close is None:
            raise ServiceError("That shift is not closed; it has no Z report yet.")
        return {**close.z_report, "copy": True}, {**close.deposit, "copy": True}


# --- end of day and GL ------------------------------------------------------------------


def _day_bounds(session: Session, day: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """A business day in the site's zone (``tz`` overrides it), as UTC instants."""
    return day_bounds(day, tz or site.zone(session))


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class GlExport:
    day: str
    site_code: str
    rows: tuple[GlRow, ...]
    csv: str

    @property
    def debits_cents(self) -> int:
        return sum(r.debit_cents for r in self.rows)

    @property
    def credits_cents(self) -> int:
        return sum(r.credit_cents for r in self.rows)


@dataclass(frozen=True, slots=True)
class _DayRecords:
    transactions: list[Transaction]
    shift_of: list[str | None]  # the shift of each transaction, in the same order
    movements: list[tuple[str, Movement]]  # (shift id, movement), in time order
    over_short: list[int]  # shifts signed off that day, then corrections made that day

    @property
    def plain_movements(self) -> list[Movement]:
        return [m for _shift, m in self.movements]


def _day_records(session: Session, start: datetime, end: datetime) -> _DayRecords:
    """Everything that moved money in the site day [start, end): the one set of
    records the end-of-day summary and the GL distribution are both made from."""
    condition = (Sale.completed_at >= start) & (Sale.completed_at < end)
    transactions = _load_transactions(session, condition)
    shift_of = list(session.scalars(select(Sale.shift_id).where(condition).order_by(Sale.seq)))
    movements = [
        (m.shift_id, _as_movement(m))
        for m in session.scalars(
            select(CashMovement)
            .where(CashMovement.at >= start, CashMovement.at < end)
            .order_by(CashMovement.at)
        )
    ]
    over_short = list(
        session.scalars(
            select(ShiftClose.over_short_cents).where(ShiftClose.at >= start, ShiftClose.at < end)
        )
    )
    over_short += list(
        session.scalars(
            select(ShiftAdjustment.amount_cents).where(
                ShiftAdjustment.at >= start, ShiftAdjustment.at < end
            )
        )
    )
    return _DayRecords(transactions, shift_of, movements, over_short)


def gl_export(
    uow: UnitOfWork,
    day: date,
    *,
    tz: tzinfo | None = None,
    accounts: GlAccounts | None = None,
) -> GlExport:
    """The day's GL distribution: every sale of the day, the paid-outs, the
    over/short of the shifts closed that day and the corrections made that day."""
    with uow:
        s = uow.session
        site_code = _station(s).site_code
        records = _day_records(s, *_day_bounds(s, day, tz))
    rows = gl_distribution(
        records.transactions,
        records.plain_movements,
        records.over_short,
        accounts,
    )
    text = gl_csv(rows, day=day.isoformat(), site_code=site_code)
    return GlExport(day.isoformat(), site_code, tuple(rows), text)


def day_summary(
    uow: UnitOfWork,
    day: date,
    *,
    tz: tzinfo | None = None,
    accounts: GlAccounts | None = None,
) -> dict[str, Any]:
    """The end-of-day summary: the site day's records at this station, by shift.

    Every figure comes from the same records as the GL distribution (sales,
    voids and refunds completed that day, movements made that day, shifts
    signed off that day), through the same rules as a Z report
    (``shift_figures``). Each shift's row holds its records of that day, so for
    shifts opened and closed within the day the rows are their Z reports.
    """
    with uow:
        s = uow.session
        station = _station(s)
        zone = tz or site.zone(s)
        start, end = day_bounds(day, zone)
        records = _day_records(s, start, end)
        by_shift: dict[str | None, list[Transaction]] = {}
        for tx, shift_id in zip(records.transactions, records.shift_of, strict=True):
            by_shift.setdefault(shift_id, []).append(tx)
        moves_by_shift: dict[str, list[Movement]] = {}
        for shift_id, m in records.movements:
            moves_by_shift.setdefault(shift_id, []).append(m)
        ids = set(by_shift) | set(moves_by_shift)
        shifts = s.execute(
            select(Shift, Staff.display_name)
            .join(Staff, Staff.id == Shift.staff_id)
            .where(
                Shift.id.in_([i for i in ids if i is not None])
                | ((Shift.opened_at >= start) & (Shift.opened_at < end))
                | ((Shift.closed_at >= start) & (Shift.closed_at < end))
            )
            .order_by(Shift.opened_at)
        ).all()
        closes = {
            c.shift_id: c
            for c in s.scalars(
                select(ShiftClose).where(ShiftClose.at >= start, ShiftClose.at < end)
            )
        }
        adjustments: dict[str, int] = {}
        for shift_id, cents in s.execute(
            select(ShiftAdjustment.shift_id, ShiftAdjustment.amount_cents).where(
                ShiftAdjustment.at >= start, ShiftAdjustment.at < end
            )
        ):
            adjustments[shift_id] = adjustments.get(shift_id, 0) + cents
        rows = []
        for shift, name in shifts:
            figures = shift_figures(
                shift.float_cents,
                by_shift.get(shift.id, []),
                moves_by_shift.get(shift.id, []),
            )
            close = closes.get(shift.id)
            adjusted = adjustments.get(shift.id, 0)
            opened = _local(shift.opened_at, zone)
            closed = _local(shift.closed_at, zone) if shift.closed_at else ""
            rows.append(
                {
                    "drawer_code": shift.drawer_code,
                    "associate": _short_name(name),
                    "shift_name": shift_name(shift.drawer_code, _short_name(name), opened, closed),
                    "status": shift.status,
                    "opened_at": opened,
                    "closed_at": closed,
                    "sales_cents": figures.sales_cents,
                    "net_cents": figures.net_cents,
                    "over_short_cents": (close.over_short_cents if close else 0) + adjusted,
                    "adjustments_cents": adjusted,
                }
            )
        unshifted = by_shift.get(None, [])
        if unshifted:
            figures = shift_figures(0, unshifted)
            rows.append(
                {
                    "drawer_code": "",
                    "associate": "",
                    "shift_name": "No drawer (no-charge visits"
                    + ("" if site.keeps_drawers(s) else "; this site keeps no drawers")
                    + ")",
                    "status": "",
                    "opened_at": "",
                    "closed_at": "",
                    "sales_cents": figures.sales_cents,
                    "net_cents": figures.net_cents,
                    "over_short_cents": 0,
                    "adjustments_cents": 0,
                }
            )
        site_name, station_code = station.site_name, station.code
        hst = site.hst_registration(s)
    day_figures = shift_figures(0, records.transactions, records.plain_movements)
    gl_rows = gl_distribution(
        records.transactions,
        records.plain_movements,
        records.over_short,
        accounts,
    )
    return {
        "title": "END OF DAY",
        "site_name": site_name,
        "station_code": station_code,
        "date": day.isoformat(),
        "shifts": rows,
        "open_shifts": sum(1 for r in rows if r["status"] in ("open", "counted")),
        "tenders": [
            {"kind": k, "label": TENDER_NAMES[k], "net_cents": v}
            for k, v in day_figures.by_tender.items()
            if v
        ],
        "sales_count": day_figures.sales_count,
        "sales_cents": day_figures.sales_cents,
        "voids_cents": day_figures.voids_cents,
        "refunds_cents": day_figures.refunds_cents,
        "tax_cents": day_figures.tax_cents,
        "rounding_cents": day_figures.rounding_cents,
        "net_cents": day_figures.net_cents,
        "paid_outs_cents": day_figures.paid_outs_cents,
        "pickups_cents": day_figures.pickups_cents,
        "over_short_cents": sum(records.over_short),
        "hst_registration": hst if day_figures.tax_cents else "",
        "gl": [
            {
                "gl_account": r.gl_account,
                "department": r.department,
                "description": r.description,
                "debit_cents": r.debit_cents,
                "credit_cents": r.credit_cents,
            }
            for r in gl_rows
        ],
        "gl_debits_cents": sum(r.debit_cents for r in gl_rows),
        "gl_credits_cents": sum(r.credit_cents for r in gl_rows),
    }


# --- head office --------------------------------------------------------------------------


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
