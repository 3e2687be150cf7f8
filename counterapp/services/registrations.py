"""Recreation program registrations: find them, cancel them by the program's
refund rule (catalogue data, ``rules["registration"]["refund"]``).

Taking a seat (or a waitlist place when the program is full) happens in the
sale itself (``services.sales``, ``services.issuing``). Cancelling:

- a waitlist place: no money moved, no approval needed;
- a seat, ``full_days_before`` days or more before the program starts: the
  whole fee back; later but before the start: the fee less
  ``admin_fee_cents``; once it has started: nothing back (the seat is still
  released). Money back is a refund record with a supervisor's approval, in
  the same transaction that marks the registration cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from counterapp.db.models import OutboxEntry, Registration, Sale, SaleLine, Service
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import fold
from counterapp.domain.clock import site_day
from counterapp.domain.money import format_cents
from counterapp.ids import uuid7
from counterapp.services import audit, site
from counterapp.services.approval import SupervisorApproval, approve, guarded
from counterapp.services.auth import StaffIdentity
from counterapp.services.corrections import RefundLine, RefundSale, refund_in
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.errors import ServiceError
from counterapp.services.issuing import registration_payload
from counterapp.services.sales import SaleResult
from counterapp.services.waitlist import make_offers


def _participant(session: Any, registration_id: str) -> str:
    reg = session.get(Registration, registration_id)
    return reg.participant_name if reg is not None else ""


@dataclass(frozen=True, slots=True)
class RegistrationView:
    id: str
    service_code: str
    program: str
    participant_name: str
    status: str  # enrolled|waitlisted|cancelled
    receipt_no: str
    paid_cents: int
    starts: str


@dataclass(frozen=True, slots=True)
class CancelRegistration:
    staff: StaffIdentity
    registration_id: str
    reason: str
    approval: SupervisorApproval | None = None  # needed when money goes back
    to_cash: bool = False
    receipt_route: ReceiptRoute | None = None  # the refund's receipt, in its own commit


@dataclass(frozen=True, slots=True)
class CancelResult:
    registration_id: str
    refund_cents: int
    refund: SaleResult | None  # the refund record, when money went back
    offered_to: tuple[str, ...] = ()  # who the freed seat is offered to (issue 16)


def refund_due(paid_cents: int, rule: dict[str, int], starts: date, on: date) -> tuple[int, str]:
    """What cancelling on ``on`` gives back of ``paid_cents``, and why."""
    days = (starts - on).days
    if days <= 0:
        return 0, "the program has started: no refund"
    if days >= int(rule.get("full_days_before", 0)):
        return paid_cents, "a full refund"
    fee = int(rule.get("admin_fee_cents", 0))
    back = max(0, paid_cents - fee)
    return back, f"the fee less the {format_cents(fee)} administration charge"


def find_registrations(uow: UnitOfWork, text: str, *, limit: int = 30) -> list[RegistrationView]:
    """Registrations by participant's name or receipt number (newest first)."""
    words = fold(text).split()
    with uow:
        s = uow.session
        query = (
            select(Registration, Sale.receipt_no, SaleLine, Service)
            .join(Sale, Sale.id == Registration.sale_id)
            .join(SaleLine, SaleLine.id == Registration.sale_line_id)
            .join(Service, Service.code == Registration.service_code)
            .order_by(Registration.at.desc())
        )
        rows = s.execute(query.limit(500)).all()
        out = []
        for reg, receipt_no, line, svc in rows:
            if words and not (
                all(w in fold(reg.participant_name) for w in words)
                or text.strip().upper() == receipt_no
            ):
                continue
            out.append(
                RegistrationView(
                    id=reg.id,
                    service_code=reg.service_code,
                    program=svc.name,
                    participant_name=reg.participant_name,
                    status="cancelled" if reg.cancelled_at else reg.status,
                    receipt_no=receipt_no,
                    paid_cents=line.amount_cents + line.tax_cents,
                    starts=str(svc.rules.get("registration", {}).get("starts", "")),
                )
            )
            if len(out) >= limit:
                break
        return out


def cancel_registration(
    uow: UnitOfWork, cmd: CancelRegistration, *, now: datetime | None = None
) -> CancelResult:
    when = now or datetime.now(UTC)
    reason = " ".join(cmd.reason.split())
    if not reason:
        raise ServiceError("Say why: a cancellation needs a reason.")

    def run() -> CancelResult:
        with uow:
            s = uow.session
            reg = s.get(Registration, cmd.registration_id)
            if reg is None:
                raise ServiceError("That registration is not at this station.")
            if reg.cancelled_at is not None:
                raise ServiceError(
                    "{participant}'s registration is already cancelled.",
                    participant=reg.participant_name,
                )
            svc = s.get(Service, reg.service_code)
            assert svc is not None
            rule = dict(svc.rules.get("registration", {}))
            line = s.get(SaleLine, reg.sale_line_id)
            sale = s.get(Sale, reg.sale_id)
            assert line is not None and sale is not None
            paid = line.amount_cents + line.tax_cents
            back = 0
            refund: SaleResult | None = None
            if reg.status == "enrolled" and paid > 0:
                starts = date.fromisoformat(str(rule.get("starts", "1970-01-01")))
                back, _why = refund_due(paid, dict(rule.get("refund", {})), starts,
                                        site_day(when, site.zone(uow.session)))  # fmt: skip
                if back > 0:
                    if cmd.approval is None:
                        raise ServiceError(
                            "{back_cents} goes back: a supervisor approves the refund.",
                            back_cents=back,
                        )
                    approver = approve(uow, cmd.approval, cmd.staff, "refund")
                    refund = refund_in(
                        uow,
                        RefundSale(
                            cmd.staff,
                            sale.receipt_no,
                            (RefundLine(line.line_no, back),),
                            f"Registration cancelled: {reason}",
                            cmd.approval,
                            cmd.to_cash,
                            cmd.receipt_route,
                        ),
                        approver,
                        f"Registration cancelled: {reason}"[:200],
                        when,
                    )
            reg.cancelled_at = when
            reg.cancel_sale_id = refund.sale_id if refund else None
            record_id = uuid7()
            s.add(
                OutboxEntry(
                    id=record_id,
                    kind="registration",
                    payload=registration_payload(
                        reg, sale.station_code, record_id, "cancelled", when
                    ),  # fmt: skip
                    created_at=when,
                )
            )
            audit.record(
                s,
                station_code=sale.station_code,
                staff_id=cmd.staff.id,
                action="registration.cancelled",
                entity="registration",
                entity_id=reg.id,
                detail={"refund_cents": back, "service_code": reg.service_code},
                at=when,
            )
            offered: tuple[str, ...] = ()
            if reg.status == "enrolled":  # a seat frees: the waitlist's first is offered it
                made = make_offers(s, reg.service_code, cmd.staff.id, sale.station_code, when)
                offered = tuple(_participant(s, o.registration_id) for o in made)
            uow.commit()
            return CancelResult(reg.id, back, refund, offered)

    result: CancelResult = guarded(uow, cmd.staff, "refund", when, run)
    return result
