"""Correcting mistakes: voids and refunds, each a new record that references
the original (nothing is edited or deleted), each with a reason and a
supervisor's approval checked here, in the service layer.

The supervisor approves at the associate's station with their own user name
and either their password or their PIN; they cannot approve their own
correction. A refused approval is audited (without the name typed) even
though nothing else is written.

A void returns the whole sale the way it was paid and must be the same day
(the drawer's shift belongs to the end-of-day work; when a sale carries a
shift, the void takes the same one). A refund returns part or all of chosen
lines, to the original tenders or in cash, never more than was paid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import (
    Sale,
    SaleLine,
    Shift,
    Staff,
    Tender,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import DATE_TIME, format_site_time, site_day
from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from counterapp.domain.refund import LinePaid, RefundError, refund_tenders, split_refund
from counterapp.domain.tender import AppliedTender, Settlement, TenderKind
from counterapp.i18n import Message
from counterapp.ids import uuid7
from counterapp.services import audit, device_jobs, drawer, site
from counterapp.services.approval import (
    SupervisorApproval,
    action_words,
    approve,
    guarded,
)
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.errors import ServiceError
from counterapp.services.sales import (
    TENDER_LABELS,
    SaleResult,
    take_receipt_number,
    write_sale,
)

MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class VoidSale:
    staff: StaffIdentity
    receipt_no: str
    reason: str
    approval: SupervisorApproval
    receipt_route: ReceiptRoute | None = None  # queued in the void's own commit


@dataclass(frozen=True, slots=True)
class RefundLine:
    line_no: int
    amount_cents: int | None = None  # tax included; None: all that is left of the line


@dataclass(frozen=True, slots=True)
class RefundSale:
    staff: StaffIdentity
    receipt_no: str
    lines: tuple[RefundLine, ...]
    reason: str
    approval: SupervisorApproval
    to_cash: bool = False  # otherwise back to the tenders it was paid with
    receipt_route: ReceiptRoute | None = None  # queued in the refund's own commit


@dataclass(frozen=True, slots=True)
class SaleSummary:
    """What the corrections dialog shows of an original sale."""

    sale_id: str
    receipt_no: str
    completed_at: datetime
    total_cents: int
    lines: tuple[tuple[int, str, int, int], ...]  # line no, description, paid, still refundable
    tenders: tuple[tuple[str, int], ...]  # label, applied
    voided_by: str  # the void's receipt number, or ""
    refunded_cents: int


# --- look-ups ----------------------------------------------------------------------


def _original(uow: UnitOfWork, receipt_no: str) -> Sale:
    # A scanned receipt QR holds "RECEIPT-NO CHECK-CODE": the number comes first.
    number = (receipt_no.strip().upper().split() or [""])[0]
    if not number:
        raise ServiceError("Enter or scan the receipt number.")
    sale = uow.session.scalars(select(Sale).where(Sale.receipt_no == number)).first()
    if sale is None:
        raise ServiceError("No receipt {number} at this station.", number=number)
    if sale.kind != "sale":
        raise ServiceError(
            "Receipt {number} is itself a {kind}; find the original sale.",
            number=number,
            kind=sale.kind,
        )
    return sale


def _corrections_of(uow: UnitOfWork, sale_id: str) -> list[Sale]:
    return list(uow.session.scalars(select(Sale).where(Sale.original_sale_id == sale_id)))


def _lines(uow: UnitOfWork, sale_id: str) -> list[SaleLine]:
    return list(
        uow.session.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no)
        )
    )


def _tenders(uow: UnitOfWork, sale_id: str) -> list[Tender]:
    return list(
        uow.session.scalars(select(Tender).where(Tender.sale_id == sale_id).order_by(Tender.seq))
    )


def _refunded_by_line(uow: UnitOfWork, refund_ids: list[str]) -> dict[int, tuple[int, int]]:
    """Original line no → (amount, tax) already refunded (positive)."""
    done: dict[int, tuple[int, int]] = {}
    if not refund_ids:
        return done
    for row in uow.session.scalars(select(SaleLine).where(SaleLine.sale_id.in_(refund_ids))):
        n = int(row.detail.get("original_line_no", 0))
        amount, tax = done.get(n, (0, 0))
        done[n] = (amount - row.amount_cents, tax - row.tax_cents)
    return done


def sale_summary(uow: UnitOfWork, receipt_no: str) -> SaleSummary:
    """The original sale, what was paid per line and what is left to refund."""
    with uow:
        sale = _original(uow, receipt_no)
        later = _corrections_of(uow, sale.id)
        voids = [c for c in later if c.kind == "void"]
        refunds = [c.id for c in later if c.kind == "refund"]
        refunded = _refunded_by_line(uow, refunds)
        lines = []
        for ln in _lines(uow, sale.id):
            a, t = refunded.get(ln.line_no, (0, 0))
            paid = LinePaid(ln.amount_cents, ln.tax_cents, a, t)
            left = 0 if voids else paid.refundable_cents
            lines.append((ln.line_no, ln.description, ln.amount_cents + ln.tax_cents, left))
        return SaleSummary(
            sale_id=sale.id,
            receipt_no=sale.receipt_no,
            completed_at=sale.completed_at.replace(tzinfo=sale.completed_at.tzinfo or UTC),
            total_cents=sale.total_cents,
            lines=tuple(lines),
            tenders=tuple(
                (TENDER_LABELS[TenderKind(t.kind)], t.applied_cents) for t in _tenders(uow, sale.id)
            ),
            voided_by=voids[0].receipt_no if voids else "",
            refunded_cents=sum(a + t for a, t in refunded.values()),
        )


# --- approval ----------------------------------------------------------------------------


def _reason(text: str, what: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise ServiceError("Say why: a {what} needs a reason.", what=action_words(what))
    if len(reason) > MAX_REASON:
        raise ServiceError("Keep the reason under {limit} characters.", limit=MAX_REASON)
    return reason


# --- writing the correction ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    original: SaleLine
    amount_cents: int  # negative
    tax_cents: int  # negative
    quantity: int


def _write(
    uow: UnitOfWork,
    *,
    kind: str,
    original: Sale,
    who: StaffIdentity,
    approver: Staff,
    reason: str,
    lines: list[_Line],
    tenders: list[tuple[TenderKind, int, str]],  # kind, applied (negative), reference
    rounding_cents: int,
    now: datetime,
    receipt_route: ReceiptRoute | None = None,
) -> SaleResult:
    s = uow.session
    station, seq, receipt_no = take_receipt_number(uow)
    shift_id = _correction_shift(s, kind, original, station.code, who, tenders)
    sale_id = uuid7()
    subtotal = sum(x.amount_cents for x in lines)
    tax = sum(x.tax_cents for x in lines)
    line_rows = []
    for i, x in enumerate(lines, start=1):
        detail: dict[str, Any] = {
            "original_line_no": x.original.line_no,
            "receipt_detail": f"{kind.capitalize()} of line {x.original.line_no}, "
            f"receipt {original.receipt_no}",
        }
        if "account_id" in x.original.detail:
            for key in ("account_id", "account_kind", "account_number"):
                detail[key] = x.original.detail[key]
        line_rows.append(
            SaleLine(
                id=uuid7(),
                sale_id=sale_id,
                line_no=i,
                service_code=x.original.service_code,
                description=x.original.description,
                quantity=x.quantity,
                unit_fee_cents=x.amount_cents // x.quantity,
                tax_code=x.original.tax_code,
                tax_cents=x.tax_cents,
                amount_cents=x.amount_cents,
                gl_account=x.original.gl_account,
                department=x.original.department,
                detail=detail,
            )
        )
    tender_rows = [
        Tender(
            id=uuid7(),
            sale_id=sale_id,
            seq=i,
            kind=k.value,
            tendered_cents=applied,
            applied_cents=applied,
            reference=ref,
        )
        for i, (k, applied, ref) in enumerate(tenders, start=1)
    ]
    receipt = Receipt(
        receipt_no=receipt_no,
        site_name=station.site_name,
        address_lines=tuple(station.address_lines),
        issued_at=format_site_time(now, DATE_TIME, site.zone(s)),
        associate=who.receipt_name,
        lines=tuple(
            ReceiptLine(r.description, r.amount_cents, r.quantity, str(r.detail["receipt_detail"]))
            for r in line_rows
        ),
        subtotal_cents=subtotal,
        tax_cents=tax,
        total_cents=subtotal + tax,
        rounding_cents=rounding_cents,
        tenders=tuple(
            ReceiptTender(TENDER_LABELS[TenderKind(t.kind)], t.applied_cents, t.reference)
            for t in tender_rows
        ),
        change_cents=0,
        footer=(
            f"{kind.capitalize()} of receipt {original.receipt_no}",
            f"Reason: {reason}",
            f"Approved by {_receipt_name(approver.display_name)}",
        ),
        void=kind == "void",
        refund=kind == "refund",
        hst_registration=site.hst_registration(s) if tax else "",
    )
    sale = Sale(
        id=sale_id,
        kind=kind,
        original_sale_id=original.id,
        reason=reason,
        approved_by=approver.id,
        shift_id=shift_id,
        receipt_no=receipt_no,
        station_code=station.code,
        seq=seq,
        staff_id=who.id,
        completed_at=now,
        subtotal_cents=subtotal,
        tax_cents=tax,
        total_cents=subtotal + tax,
        rounding_cents=rounding_cents,
        change_cents=0,
        receipt_doc=receipt.to_dict(),
    )
    code, jobs = write_sale(
        s, sale, line_rows, tender_rows, site_code=station.site_code, now=now,
        receipt_route=receipt_route,
    )  # fmt: skip
    receipt = replace(receipt, check_code=code)
    audit.record(
        s,
        station_code=station.code,
        staff_id=who.id,
        action="sale.voided" if kind == "void" else "sale.refunded",
        entity="sale",
        entity_id=sale_id,
        detail={
            "receipt_no": receipt_no,
            "original_receipt_no": original.receipt_no,
            "approved_by": approver.id,
            "total_cents": subtotal + tax,
        },
        at=now,
    )
    settlement = Settlement(
        subtotal + tax,
        rounding_cents,
        tuple(
            AppliedTender(TenderKind(t.kind), t.tendered_cents, t.applied_cents, t.reference)
            for t in tender_rows
        ),
        0,
    )
    return SaleResult(sale_id, receipt_no, receipt, settlement, tuple(jobs))


def _correction_shift(
    session: Session,
    kind: str,
    original: Sale,
    station_code: str,
    who: StaffIdentity,
    tenders: list[tuple[TenderKind, int, str]],
) -> str | None:
    """The drawer shift the money comes back out of.

    A void undoes the sale in the drawer it went into, so that shift must still
    be open; a refund is paid from the refunding associate's own open drawer
    (the same rule as a sale: cash needs an open shift once the station keeps one).
    """
    if kind == "void":
        if original.shift_id is not None:
            status = session.scalar(select(Shift.status).where(Shift.id == original.shift_id))
            if status != "open":
                raise ServiceError(
                    "Receipt {receipt} was taken in a drawer that is already counted or closed: "
                    "refund it instead of voiding it.",
                    receipt=original.receipt_no,
                )
        return original.shift_id
    return drawer.shift_for_sale(session, station_code, who.id, {k.value for k, _, _ in tenders})


def _receipt_name(display_name: str) -> str:
    parts = display_name.split()
    return display_name if len(parts) < 2 else f"{parts[0]} {parts[-1][0]}."


# --- void --------------------------------------------------------------------------------------


def void_sale(uow: UnitOfWork, cmd: VoidSale, *, now: datetime | None = None) -> SaleResult:
    """Void a whole sale of today: a new "void" record with every line and tender negated."""
    when = now or datetime.now(UTC)
    reason = _reason(cmd.reason, "void")

    def run() -> SaleResult:
        with uow:
            original = _original(uow, cmd.receipt_no)
            approver = approve(uow, cmd.approval, cmd.staff, "void")
            later = _corrections_of(uow, original.id)
            voided = [c for c in later if c.kind == "void"]
            if voided:
                raise ServiceError(
                    "Receipt {receipt} was already voided (receipt {void_receipt}).",
                    receipt=original.receipt_no,
                    void_receipt=voided[0].receipt_no,
                )
            if later:
                raise ServiceError(
                    "Receipt {receipt} has a refund already; refund what is left instead of "
                    "voiding it.",
                    receipt=original.receipt_no,
                )
            zone = site.zone(uow.session)
            sold = site_day(original.completed_at, zone)
            if sold != site_day(when, zone):
                raise ServiceError(
                    "Only today's sales can be voided; receipt {receipt} is from {day}. Refund "
                    "it instead.",
                    receipt=original.receipt_no,
                    day=sold.isoformat(),
                )
            lines = [
                _Line(ln, -ln.amount_cents, -ln.tax_cents, ln.quantity)
                for ln in _lines(uow, original.id)
            ]
            tenders = [
                (TenderKind(t.kind), -t.applied_cents, t.reference)
                for t in _tenders(uow, original.id)
                if t.applied_cents
            ]
            result = _write(
                uow,
                kind="void",
                original=original,
                who=cmd.staff,
                approver=approver,
                reason=reason,
                lines=lines,
                tenders=tenders,
                rounding_cents=-original.rounding_cents,
                now=when,
                receipt_route=cmd.receipt_route,
            )
            uow.commit()
            return result

    result: SaleResult = guarded(uow, cmd.staff, "void", when, run)
    return result


# --- refund -----------------------------------------------------------------------------------


def refund_sale(uow: UnitOfWork, cmd: RefundSale, *, now: datetime | None = None) -> SaleResult:
    """Refund part or all of chosen lines: a new "refund" record, never more than was paid."""
    when = now or datetime.now(UTC)
    reason = _reason(cmd.reason, "refund")
    if not cmd.lines:
        raise ServiceError("Choose the lines to refund.")
    if len({x.line_no for x in cmd.lines}) != len(cmd.lines):
        raise ServiceError("Each line can be refunded once per refund.")

    def run() -> SaleResult:
        with uow:
            approver = approve(uow, cmd.approval, cmd.staff, "refund")
            result = refund_in(uow, cmd, approver, reason, when)
            _seats_refunded(uow, cmd, result, when)
            uow.commit()
            return result

    result: SaleResult = guarded(uow, cmd.staff, "refund", when, run)
    return result


def _seats_refunded(uow: UnitOfWork, cmd: RefundSale, refund: SaleResult, when: datetime) -> None:
    """A refund of a program seat's line is the registration cancelled (issue
    16), like a refunded facility booking: the seat frees and is offered to the
    waitlist, in the refund's transaction."""
    from counterapp.db.models import OutboxEntry, Registration
    from counterapp.services.issuing import registration_payload
    from counterapp.services.waitlist import make_offers

    s = uow.session
    original = _original(uow, cmd.receipt_no)
    numbers = {x.line_no for x in cmd.lines}
    line_ids = [ln.id for ln in _lines(uow, original.id) if ln.line_no in numbers]
    seats = s.scalars(
        select(Registration).where(
            Registration.sale_line_id.in_(line_ids),
            Registration.status == "enrolled",
            Registration.cancelled_at.is_(None),
        )
    ).all()
    for reg in seats:
        reg.cancelled_at = when
        reg.cancel_sale_id = refund.sale_id
        record_id = uuid7()
        payload = registration_payload(reg, original.station_code, record_id, "cancelled", when)
        s.add(OutboxEntry(id=record_id, kind="registration", payload=payload, created_at=when))
        audit.record(
            s,
            station_code=original.station_code,
            staff_id=cmd.staff.id,
            action="registration.cancelled",
            entity="registration",
            entity_id=reg.id,
            detail={"by_refund": refund.receipt_no, "service_code": reg.service_code},
            at=when,
        )
    for code in sorted({r.service_code for r in seats}):
        make_offers(s, code, cmd.staff.id, original.station_code, when)


def refund_in(
    uow: UnitOfWork, cmd: RefundSale, approver: Staff, reason: str, when: datetime
) -> SaleResult:
    """The refund written in ``uow``'s open transaction (the caller approves and commits)."""
    original = _original(uow, cmd.receipt_no)
    later = _corrections_of(uow, original.id)
    voided = [c for c in later if c.kind == "void"]
    if voided:
        raise ServiceError(
            "Receipt {receipt} was voided (receipt {void_receipt}); there is nothing to refund.",
            receipt=original.receipt_no,
            void_receipt=voided[0].receipt_no,
        )
    refund_ids = [c.id for c in later if c.kind == "refund"]
    refunded = _refunded_by_line(uow, refund_ids)
    by_no = {ln.line_no: ln for ln in _lines(uow, original.id)}
    lines: list[_Line] = []
    for req in cmd.lines:
        ln = by_no.get(req.line_no)
        if ln is None:
            raise ServiceError(
                "Receipt {receipt} has no line {line}.",
                receipt=original.receipt_no,
                line=req.line_no,
            )
        a, t = refunded.get(ln.line_no, (0, 0))
        paid = LinePaid(ln.amount_cents, ln.tax_cents, a, t)
        want = paid.refundable_cents if req.amount_cents is None else req.amount_cents
        if want <= 0 and req.amount_cents is None:
            raise ServiceError(
                "Line {line} ({description}) is fully refunded.",
                line=ln.line_no,
                description=ln.description,
            )
        try:
            amount, tax = split_refund(paid, want)
        except RefundError as exc:
            raise ServiceError(
                "Line {line} ({description}): {exc}",
                line=ln.line_no,
                description=ln.description,
                exc=exc,
            ) from None
        lines.append(_Line(ln, -amount, -tax, 1))
    owed = -sum(x.amount_cents + x.tax_cents for x in lines)
    # What each original tender can still take back (earlier refunds deducted).
    back: dict[str, int] = {}
    if refund_ids:
        for row in uow.session.scalars(select(Tender).where(Tender.sale_id.in_(refund_ids))):
            back[row.kind] = back.get(row.kind, 0) - row.applied_cents
    paid_by: list[tuple[TenderKind, int]] = []
    for row in _tenders(uow, original.id):
        given_back = min(back.get(row.kind, 0), row.applied_cents)
        back[row.kind] = back.get(row.kind, 0) - given_back
        paid_by.append((TenderKind(row.kind), row.applied_cents - given_back))
    try:
        plan = refund_tenders(paid_by, owed, to_cash=cmd.to_cash)
    except RefundError as exc:
        raise ServiceError(exc.template, **exc.values) from None
    refs = {row.kind: row.reference for row in _tenders(uow, original.id)}
    result = _write(
        uow,
        kind="refund",
        original=original,
        who=cmd.staff,
        approver=approver,
        reason=reason,
        lines=lines,
        tenders=[(b.kind, -b.applied_cents, refs.get(b.kind.value, "")) for b in plan.tenders],
        rounding_cents=-plan.rounding_cents,
        now=when,
        receipt_route=cmd.receipt_route,
    )
    return result


def reprint_receipt(
    uow: UnitOfWork,
    staff: StaffIdentity,
    receipt_no: str,
    *,
    now: datetime | None = None,
    receipt_route: ReceiptRoute | None = None,
) -> Receipt:
    """A stored receipt marked COPY, the reprint audited (who, which receipt) and, with
    ``receipt_route``, queued for the printer in the same commit."""
    when = now or datetime.now(UTC)
    with uow:
        sale = uow.session.scalars(
            select(Sale).where(Sale.receipt_no == receipt_no.strip().upper())
        ).first()
        if sale is None:
            raise ServiceError(
                "No receipt {receipt} at this station.", receipt=receipt_no.strip().upper()
            )
        audit.record(
            uow.session,
            station_code=sale.station_code,
            staff_id=staff.id,
            action="receipt.reprinted",
            entity="sale",
            entity_id=sale.id,
            detail={"receipt_no": sale.receipt_no},
            at=when,
        )
        copy = Receipt.from_dict({**dict(sale.receipt_doc), "copy": True})
        device_jobs.queue_transaction_receipt(
            uow.session, receipt_route, copy, cash=False, staff_id=staff.id
        )
        uow.commit()
    return copy


def refund_summary_text(summary: SaleSummary) -> Message:
    """One line for the associate: what the sale was and what is left (a message:
    the window shows it in its language, money in its form)."""
    if summary.voided_by:
        state = Message("voided by {void_receipt}", void_receipt=summary.voided_by)
    elif summary.refunded_cents:
        state = Message("{refunded_cents} refunded so far", refunded_cents=summary.refunded_cents)
    else:
        state = Message("no corrections yet")
    return Message(
        "Receipt {receipt}: {total_cents}, {state}.",
        receipt=summary.receipt_no, total_cents=summary.total_cents, state=state,
    )  # fmt: skip
