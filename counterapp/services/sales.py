"""Completing a sale: one SQLite transaction for the sale, its lines, its
tenders, its audit entry and its outbox entry (ARCHITECTURE.md, decision 3)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counterapp import i18n
from counterapp.db import chaining
from counterapp.db.models import (
    AccountPayment,
    OutboxEntry,
    Registration,
    Sale,
    SaleLine,
    Service,
    SiteSetting,
    Station,
    TaxRate,
    Tender,
    TenderLimit,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import AccountNumberError
from counterapp.domain.chain import check_code
from counterapp.domain.clock import site_day, to_site_time
from counterapp.domain.fees import FormError, check_answers, compute_fee, expiry, form_fields
from counterapp.domain.money import MAX_AMOUNT_CENTS, format_cents
from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from counterapp.domain.tender import TENDER_LABELS as TENDER_LABELS
from counterapp.domain.tender import Settlement, TenderInput, TenderKind, settle
from counterapp.domain.visit import PricedLine, VisitError, totals
from counterapp.ids import uuid7
from counterapp.services import audit, device_jobs, drawer, site
from counterapp.services.accounts import account_by_number, paid_message
from counterapp.services.approval import ApprovalNeeded, SupervisorApproval, approve, guarded
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.issuing import issue_line_records
from counterapp.sync.wire import SaleLinePayload, SalePayload, TenderPayload, outbox_payload


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One service the associate added to the visit."""

    service_code: str
    quantity: int = 1
    checklist_ticked: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    # A payment against an account: the account's number (check digit
    # included) and the amount the visitor pays.
    account_number: str = ""
    amount_cents: int | None = None


@dataclass(frozen=True, slots=True)
class CompleteSale:
    staff: StaffIdentity
    lines: tuple[LineRequest, ...]
    tenders: tuple[TenderInput, ...]
    # A supervisor's approval, for a tender over head office's limit (cash
    # over $3,000 …); asked for only when ``ApprovalNeeded`` says so.
    approval: SupervisorApproval | None = None
    # The receipt printer: the receipt (and the drawer kick for cash) is queued in the
    # sale's own commit, so no sale is ever saved with nothing queued to print.
    receipt_route: ReceiptRoute | None = None
    # The visitor's language for the receipt (issue 13); None: the site's default.
    language: str | None = None


@dataclass(frozen=True, slots=True)
class SaleResult:
    sale_id: str
    receipt_no: str
    receipt: Receipt
    settlement: Settlement
    print_jobs: tuple[str, ...] = ()  # the receipt's (and kick's) device jobs, same commit

    @property
    def open_drawer(self) -> bool:
        return any(t.kind is TenderKind.CASH for t in self.settlement.tenders)


def price_lines(
    uow: UnitOfWork,
    staff: StaffIdentity,
    lines: tuple[LineRequest, ...],
    *,
    on: date | None = None,
    at: datetime | None = None,
) -> list[PricedLine]:
    """Price the requested lines from the catalogue and check who may sell them.

    ``on`` is the (local) day paid, for fees that depend on the date.
    """
    on = on or site_day(datetime.now(UTC), site.zone(uow.session))
    if not lines:
        raise VisitError("The visit is empty: add a service first.")
    codes = {line.service_code for line in lines}
    services = {
        s.code: s for s in uow.session.scalars(select(Service).where(Service.code.in_(codes)))
    }
    rates = {r.code: r.basis_points for r in uow.session.scalars(select(TaxRate))}
    priced: list[PricedLine] = []
    paying: dict[str, int] = {}  # account id → paid so far in this visit
    seats: dict[str, int] = {}  # program → seats taken so far in this visit
    offers_used: set[str] = set()  # waitlist offers taken up by this visit's lines
    booked: list[tuple[str, str, int, int, str]] = []  # facility bookings in this visit
    for req in lines:
        svc = services.get(req.service_code)
        if svc is None or not svc.active:
            raise ServiceError(
                "The service '{service}' is not in the catalogue.", service=req.service_code
            )
        if svc.kind == "payment":
            priced.append(_price_payment(uow, svc, req, rates, paying))
            continue
        if svc.requires_commissioner and not staff.is_commissioner:
            raise NotPermitted(
                "{service}: only staff holding a commissioner appointment may do this.",
                service=svc.name,
            )
        missing = [item for item in svc.checklist if item not in req.checklist_ticked]
        if missing:
            raise ServiceError(
                "{service}: the eligibility checklist is not complete ({item}).",
                service=svc.name,
                item=missing[0],
            )
        detail = dict(req.detail)
        if svc.checklist:
            detail["checklist"] = list(svc.checklist)
        fee = svc.fee_cents
        fields = form_fields(svc.rules or {})
        if fields or (svc.rules or {}).get("fee"):
            try:
                answers = check_answers(fields, dict(req.detail.get("answers", {})))
            except FormError as exc:
                raise ServiceError("{service}: {exc}", service=svc.name, exc=exc) from None
            if req.quantity != 1:
                raise ServiceError(
                    "{service}: one per line; add it again for another.", service=svc.name
                )
            fee = compute_fee(svc.rules, base_cents=svc.fee_cents, answers=answers, on=on)
            detail["answers"] = answers
            expires = expiry(svc.rules, on)
            if expires:
                detail["expires"] = expires
        remit = (svc.rules or {}).get("remit")
        if remit:
            # Collected for another body (the Province's share of a marriage licence).
            detail["remit_cents"] = min(int(remit["cents"]), fee) * req.quantity
            detail["remit_to"] = str(remit.get("to", ""))
        if (svc.rules or {}).get("booking"):
            _check_booking(uow, svc, detail.get("answers", {}), booked)
        if (svc.rules or {}).get("registration"):
            status = _seat(uow, svc, seats, detail, at or datetime.now(UTC), offers_used)
            detail["registration_status"] = status
            if status == "waitlisted":
                fee = 0  # paid when a seat opens, not before
        priced.append(
            PricedLine(
                service_code=svc.code,
                description=svc.name,
                quantity=req.quantity,
                unit_fee_cents=fee,
                tax_code=svc.tax_code,
                tax_basis_points=rates[svc.tax_code],
                gl_account=svc.gl_account,
                department=svc.department,
                detail=detail,
            )
        )
    return priced


def service_names(session: Session, codes: set[str], language: str) -> dict[str, str]:
    """Each service's name in ``language`` (the English where head office gave no
    French), for what the visitor reads: the receipt."""
    rows = session.execute(
        select(Service.code, Service.name, Service.name_fr).where(Service.code.in_(codes))
    )
    return {code: i18n.in_language(name, name_fr or "", language) for code, name, name_fr in rows}


_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


def _check_booking(
    uow: UnitOfWork,
    svc: Service,
    answers: dict[str, str],
    booked: list[tuple[str, str, int, int, str]],
) -> None:
    """Refuse a facility booking that overlaps one already sold at this
    station (not voided, its line not refunded) or earlier in this visit.

    A refund of a booking's line is the booking cancelled: its slot is free
    again, whether the whole fee went back or a cancellation charge was kept."""
    rule = svc.rules["booking"]
    day = answers.get(rule["date"], "")
    m = _TIME.match(answers.get(rule["start"], "").strip())
    if not m:
        raise ServiceError("{service}: the starting time is a time like 18:00.", service=svc.name)
    start = int(m.group(1)) * 60 + int(m.group(2))
    hours = int(answers.get(rule["hours"], "0") or 0)
    if hours < 1:
        raise ServiceError("{service}: book at least one hour.", service=svc.name)
    end = start + 60 * hours
    if end > 24 * 60:
        raise ServiceError("{service}: a booking ends by midnight.", service=svc.name)
    voided = select(Sale.original_sale_id).where(
        Sale.kind == "void", Sale.original_sale_id.is_not(None)
    )
    rows = uow.session.execute(
        select(SaleLine.detail, Sale.receipt_no, Sale.id, SaleLine.line_no)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(
            SaleLine.service_code == svc.code,
            Sale.kind == "sale",
            Sale.id.not_in(voided),
        )
    ).all()
    refunded = {
        (original_id, int((detail or {}).get("original_line_no", 0)))
        for original_id, detail in uow.session.execute(
            select(Sale.original_sale_id, SaleLine.detail)
            .join(Sale, Sale.id == SaleLine.sale_id)
            .where(Sale.kind == "refund", SaleLine.service_code == svc.code)
        )
    }
    taken = [
        (svc.code, str(d.get("answers", {}).get(rule["date"], "")),
         *_span(d.get("answers", {}), rule), receipt_no)
        for d, receipt_no, sale_id, line_no in rows
        if (sale_id, line_no) not in refunded
    ] + booked  # fmt: skip
    for code, other_day, other_start, other_end, where in taken:
        if code == svc.code and other_day == day and start < other_end and other_start < end:
            span = {
                "service": svc.name,
                "day": day,
                "start": f"{other_start // 60:02d}:{other_start % 60:02d}",
                "end": f"{other_end // 60:02d}:{other_end % 60:02d}",
            }
            if where:
                raise ServiceError(
                    "{service} is already booked on {day} from {start} to {end} (receipt "
                    "{receipt}).",
                    receipt=where,
                    **span,
                )
            raise ServiceError(
                "{service} is already booked on {day} from {start} to {end} in this visit.", **span
            )
    booked.append((svc.code, day, start, end, ""))


def _span(answers: dict[str, str], rule: dict[str, str]) -> tuple[int, int]:
    m = _TIME.match(str(answers.get(rule["start"], "")).strip())
    if not m:
        return (0, 0)
    start = int(m.group(1)) * 60 + int(m.group(2))
    return start, start + 60 * int(answers.get(rule["hours"], "0") or 0)


def _seat(
    uow: UnitOfWork,
    svc: Service,
    seats: dict[str, int],
    detail: dict[str, Any],
    at: datetime,
    offers_used: set[str],
) -> str:
    """ "enrolled" while the program has room, else "waitlisted". Seats are head
    office's count as of its last update plus this station's enrolments since
    and the seats offered to its waitlist (issue 16); head office settles what
    stations oversold while offline. The person a seat is offered to takes
    that seat (``detail["offer_id"]``)."""
    from counterapp.services.waitlist import held_for, holding

    reg = svc.rules["registration"]
    answers = dict(detail.get("answers", {}))
    offer = held_for(uow.session, svc.code, str(answers.get("participant_name", "")), at)
    if offer is not None and offer.id not in offers_used:
        offers_used.add(offer.id)
        detail["offer_id"] = offer.id
        return "enrolled"
    local = uow.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.service_code == svc.code,
            Registration.status == "enrolled",
            Registration.cancelled_at.is_(None),
        )
    )
    taken = int(reg.get("seats_taken", 0)) + int(local or 0) + seats.get(svc.code, 0)
    taken += holding(uow.session, svc.code, at)
    if taken >= int(reg.get("capacity", 0)):
        return "waitlisted"
    seats[svc.code] = seats.get(svc.code, 0) + 1
    return "enrolled"


def preview_lines(
    uow: UnitOfWork,
    staff: StaffIdentity,
    lines: tuple[LineRequest, ...],
    *,
    now: datetime | None = None,
) -> list[PricedLine]:
    """Price and check lines without selling them: the window asks before a
    line joins the visit, so a refusal comes while the visitor is still there."""
    with uow:
        when = now or datetime.now(UTC)
        return price_lines(uow, staff, lines, on=site_day(when, site.zone(uow.session)), at=when)


def _price_payment(
    uow: UnitOfWork,
    svc: Service,
    req: LineRequest,
    rates: dict[str, int],
    paying: dict[str, int],
) -> PricedLine:
    """A payment against an account, checked against the catalogue's rules for it."""
    kind = str(svc.rules.get("account_kind", ""))
    if not kind:
        raise ServiceError(
            "{service} has no account kind in the catalogue; ask head office.", service=svc.name
        )
    if not req.account_number:
        raise ServiceError("{service}: find the account first.", service=svc.name)
    try:
        view = account_by_number(uow.session, kind, req.account_number)
    except AccountNumberError as exc:
        raise ServiceError(exc.template, **exc.values) from None
    amount = req.amount_cents
    if amount is None or amount <= 0:
        raise ServiceError("{service}: enter the amount the visitor pays.", service=svc.name)
    if amount > MAX_AMOUNT_CENTS:
        raise ServiceError(
            "{amount_cents} is more than the counter accepts in one amount.", amount_cents=amount
        )
    if req.quantity != 1:
        raise ServiceError("{service}: a payment is one line per account.", service=svc.name)
    if view.is_paid and not svc.rules.get("overpay", False):
        paid = paid_message(view)
        raise ServiceError(paid.template, **paid.values)
    owing = view.balance_cents - paying.get(view.id, 0)
    shown = f"{view.label} {view.display_number}"
    if not svc.rules.get("overpay", False):
        if owing <= 0:
            raise ServiceError("Nothing is owing on {account}.", account=shown)
        if amount > owing:
            raise ServiceError(
                "The payment on {account} cannot be more than the {owing_cents} owing.",
                account=shown,
                owing_cents=owing,
            )
    if not svc.rules.get("partial", False) and amount < owing:
        raise ServiceError(
            "{account} is paid in full: {owing_cents}.",
            account=shown.capitalize(),
            owing_cents=owing,
        )
    paying[view.id] = paying.get(view.id, 0) + amount
    after = owing - amount
    where = f", {view.address}" if view.kind != "ticket" and view.address else ""
    after_text = (
        f"credit {format_cents(-after)}" if after < 0 else f"balance after {format_cents(after)}"
    )
    return PricedLine(
        service_code=svc.code,
        description=svc.name,
        quantity=1,
        unit_fee_cents=amount,
        tax_code=svc.tax_code,
        tax_basis_points=rates[svc.tax_code],
        gl_account=svc.gl_account,
        department=svc.department,
        detail={
            **req.detail,
            "account_id": view.id,
            "account_kind": view.kind,
            "account_number": view.number,
            "balance_before_cents": owing,
            "balance_after_cents": after,
            "receipt_detail": f"{shown.capitalize()}{where}; {after_text}",
        },
    )


def _check_tender_limits(uow: UnitOfWork, cmd: CompleteSale, settlement: Settlement) -> str | None:
    """The approving supervisor's id when a tender is over its limit (or None
    when none is); ``ApprovalNeeded`` when one is over and nobody approved."""
    limits = {row.kind: row.approval_over_cents for row in uow.session.scalars(select(TenderLimit))}
    over = [
        t for t in settlement.tenders
        if t.kind.value in limits and t.tendered_cents > limits[t.kind.value]
    ]  # fmt: skip
    if not over:
        return None
    first = over[0]
    label = TENDER_LABELS[first.kind]
    if cmd.approval is None:
        raise ApprovalNeeded(
            "{label} of {amount_cents} is over the {limit_cents} a counter takes without a "
            "supervisor: a supervisor approves it.",
            label=label,
            amount_cents=first.tendered_cents,
            limit_cents=limits[first.kind.value],
        )
    return approve(uow, cmd.approval, cmd.staff, f"{label.lower()} tender over the limit").id


def survey_url(session: Session, receipt_no: str) -> str:
    """The site's satisfaction survey address for this receipt ("" when head office
    has set none): the site setting ``receipt_survey_url``, ``{receipt_no}`` filled in."""
    template = session.scalar(
        select(SiteSetting.value).where(SiteSetting.name == "receipt_survey_url")
    )
    if not isinstance(template, str) or not template:
        return ""
    return template.replace("{receipt_no}", receipt_no)


def take_receipt_number(uow: UnitOfWork) -> tuple[Station, int, str]:
    """The station, the next sequence number and the receipt number made of them.

    Gapless per station: the number is taken inside the caller's transaction
    (BEGIN IMMEDIATE holds the write lock), so a rollback returns it.
    """
    s = uow.session
    station = s.scalars(select(Station)).one()
    seq = station.last_receipt_seq + 1
    s.execute(update(Station).where(Station.code == station.code).values(last_receipt_seq=seq))
    return station, seq, f"{station.code}-{seq:06d}"


def complete_sale(uow: UnitOfWork, cmd: CompleteSale, *, now: datetime | None = None) -> SaleResult:
    """Validate, price and settle the visit, then commit it whole — or nothing.

    A supervisor's approval that does not check out is audited on its own.
    """
    when = now or datetime.now(UTC)
    return guarded(uow, cmd.staff, "tender over the limit", when, lambda: _complete(uow, cmd, when))


def _complete(uow: UnitOfWork, cmd: CompleteSale, now: datetime) -> SaleResult:
    with uow:
        s = uow.session
        zone = site.zone(s)
        priced = price_lines(uow, cmd.staff, cmd.lines, on=site_day(now, zone), at=now)
        t = totals(priced)
        if t.total_cents == 0:
            # Nothing to pay (a pension certificate signed, a waitlist place):
            # recorded and receipted all the same, with no tender.
            if cmd.tenders:
                raise ServiceError("There is nothing to pay in this visit; remove the tender.")
            settlement = Settlement(0, 0, (), 0)
        else:
            settlement = settle(t.total_cents, cmd.tenders)

        approver_id = _check_tender_limits(uow, cmd, settlement)
        station, seq, receipt_no = take_receipt_number(uow)
        sale_id = uuid7()
        kinds = {a.kind.value for a in settlement.tenders}
        shift_id = drawer.shift_for_sale(s, station.code, cmd.staff.id, kinds)  # refuses cash
        line_ids = [uuid7() for _ in priced]
        # Numbered stock, the commissioner's log and the receipt's detail line
        # for services whose catalogue rules ask for them.
        records = issue_line_records(
            uow, cmd.staff, station.code, sale_id, list(zip(line_ids, priced, strict=True)), now
        )

        line_rows = [
            SaleLine(
                id=line_ids[i - 1],
                sale_id=sale_id,
                line_no=i,
                service_code=p.service_code,
                description=p.description,
                quantity=p.quantity,
                unit_fee_cents=p.unit_fee_cents,
                tax_code=p.tax_code,
                tax_cents=p.tax_cents,
                amount_cents=p.amount_cents,
                gl_account=p.gl_account,
                department=p.department,
                detail=p.detail,
            )
            for i, p in enumerate(priced, start=1)
        ]
        tender_rows = [
            Tender(
                id=uuid7(),
                sale_id=sale_id,
                seq=i,
                kind=a.kind.value,
                tendered_cents=a.tendered_cents,
                applied_cents=a.applied_cents,
                reference=a.reference,
            )
            for i, a in enumerate(settlement.tenders, start=1)
        ]
        language = i18n.language_or_default(cmd.language or site.visitor_language(s))
        names = service_names(s, {p.service_code for p in priced}, language)
        receipt = Receipt(
            receipt_no=receipt_no,
            site_name=station.site_name,
            address_lines=tuple(station.address_lines),
            issued_at=i18n.datetime_text(to_site_time(now, zone), language, space=" "),
            associate=cmd.staff.receipt_name,
            lines=tuple(
                ReceiptLine(
                    # Head office's name in the visitor's language (the sale line keeps
                    # the English, as head office's records and the GL have it).
                    description=names.get(p.service_code) or p.description,
                    amount_cents=p.amount_cents,
                    quantity=p.quantity,
                    detail=(records.receipt_fr.get(line_id, "") if language == "fr" else "")
                    or str(p.detail.get("receipt_detail", "")),
                )
                for line_id, p in zip(line_ids, priced, strict=True)
            ),
            subtotal_cents=t.subtotal_cents,
            tax_cents=t.tax_cents,
            total_cents=t.total_cents,
            rounding_cents=settlement.rounding_cents,
            tenders=tuple(
                ReceiptTender(TENDER_LABELS[a.kind], a.tendered_cents, a.reference)
                for a in settlement.tenders
            ),
            change_cents=settlement.change_cents,
            footer=(i18n.THANKS[language],),
            survey_url=survey_url(s, receipt_no),
            hst_registration=site.hst_registration(s) if t.tax_cents else "",
            language=language,
        )
        sale = Sale(
            id=sale_id,
            kind="sale",
            reason="",
            approved_by=approver_id,
            receipt_no=receipt_no,
            station_code=station.code,
            seq=seq,
            staff_id=cmd.staff.id,
            completed_at=now,
            subtotal_cents=t.subtotal_cents,
            tax_cents=t.tax_cents,
            total_cents=t.total_cents,
            rounding_cents=settlement.rounding_cents,
            change_cents=settlement.change_cents,
            receipt_doc=receipt.to_dict(),
            shift_id=shift_id,
        )
        detail = {"receipt_no": receipt_no, "total_cents": t.total_cents} | (
            {"approved_by": approver_id} if approver_id else {}
        )
        code, jobs = write_sale(
            s, sale, line_rows, tender_rows, site_code=station.site_code, now=now,
            issued=records.write if records.writes_anything else None,
            receipt_route=cmd.receipt_route,
            audited=lambda session: audit.record(
                session, station_code=station.code, staff_id=cmd.staff.id,
                action="sale.completed", entity="sale", entity_id=sale_id, detail=detail, at=now,
            ),
        )  # fmt: skip
        receipt = replace(receipt, check_code=code)
        uow.commit()
    return SaleResult(sale_id, receipt_no, receipt, settlement, tuple(jobs))


def write_sale(
    session: Session,
    sale: Sale,
    line_rows: list[SaleLine],
    tender_rows: list[Tender],
    *,
    site_code: str,
    now: datetime,
    issued: Callable[[Session], None] | None = None,
    receipt_route: ReceiptRoute | None = None,
    audited: Callable[[Session], object] | None = None,
) -> tuple[str, list[str]]:
    """Add a sale record (a sale, a void or a refund) with its lines, tenders,
    account payments, outbox entry and — with ``receipt_route`` — its receipt's
    device jobs (and the drawer kick when cash changes hands) to ``session``; no
    commit.

    ``issued`` adds what the lines issued (stock numbers, log entries) once the
    sale's rows exist, before the account payments. Returns the receipt's
    check code (from the outbox record's chain hash, ``domain.chain``, also kept
    in the sale's receipt document for reprints, so the queued receipt prints it)
    and the ids of the device jobs queued.

    ``audited`` adds the sale's audit entry right after its outbox entry, so that the
    record chain links both in the one flush that gives the check code (one chained
    flush per sale, not two: bench/chain.py); the outbox keeps its order (the sale's
    record, then the audit's).
    """
    session.add(sale)
    session.add_all(line_rows)
    session.add_all(tender_rows)
    payments = [
        AccountPayment(
            id=uuid7(),
            account_id=str(row.detail["account_id"]),
            sale_id=sale.id,
            sale_line_id=row.id,
            amount_cents=row.amount_cents,
            paid_at=now,
        )
        for row in line_rows
        if "account_id" in row.detail
    ]
    if issued is not None or payments:
        # What they add points at the sale's lines, with no relationship to put
        # the lines' INSERT first in one flush.
        session.flush()
        if issued is not None:
            issued(session)
        session.add_all(payments)
    entry = OutboxEntry(
        id=sale.id,
        kind="sale",
        payload=sale_payload(sale, site_code, line_rows, tender_rows),
        created_at=now,
    )
    session.add(entry)
    if audited is not None:
        audited(session)
    # The chain hashes the record now rather than at the flush, so that the check
    # code goes into the sale's receipt document before the sale's row is written:
    # one INSERT, not an INSERT and an UPDATE (bench/chain.py).
    chaining.link_pending(session)
    code = check_code(entry.hash) if entry.hash else ""
    if sale.receipt_doc is not None:
        sale.receipt_doc = {**sale.receipt_doc, "check_code": code}
    session.flush()  # the sale's rows exist for what the caller adds after (a void's cancellations)
    cash = any(t.kind == TenderKind.CASH.value and t.applied_cents for t in tender_rows)
    jobs = device_jobs.queue_transaction_receipt(
        session,
        receipt_route,
        Receipt.from_dict(sale.receipt_doc),
        cash=cash,
        staff_id=sale.staff_id,
    )
    return code, jobs


def sale_payload(
    sale: Sale, site_code: str, lines: list[SaleLine], tenders: list[Tender]
) -> dict[str, Any]:
    """The sale as it travels to head office (the wire model of kind "sale")."""
    line_fields = set(SaleLinePayload.model_fields)
    tender_fields = set(TenderPayload.model_fields) - {"kind"}
    return outbox_payload(
        SalePayload(
            **{f: getattr(sale, f) for f in SalePayload.model_fields if f not in _SALE_PARTS},
            site_code=site_code,
            lines=[SaleLinePayload(**{f: getattr(ln, f) for f in line_fields}) for ln in lines],
            tenders=[
                TenderPayload(kind=TenderKind(t.kind), **{f: getattr(t, f) for f in tender_fields})
                for t in tenders
            ],
        )
    )


_SALE_PARTS = {"site_code", "lines", "tenders"}


def stored_receipt(uow: UnitOfWork, receipt_no: str, *, copy: bool = True) -> Receipt:
    """A committed sale's receipt document, marked COPY for a reprint."""
    with uow:
        doc = uow.session.scalars(
            select(Sale.receipt_doc).where(Sale.receipt_no == receipt_no)
        ).first()
        if doc is None:
            raise ServiceError("No receipt {receipt} at this station.", receipt=receipt_no)
    receipt = Receipt.from_dict(doc)
    if copy:
        receipt = Receipt.from_dict({**receipt.to_dict(), "copy": True})
    return receipt
