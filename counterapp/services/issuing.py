"""What a sale line issues besides money: numbered stock (licence forms, dog
tags), the commissioner's log entry, the receipt's detail line.

Numbered stock comes from the blocks head office handed this station; issuing
takes the next number inside the sale's transaction, so a sale that fails
returns it, and a number once issued or spoiled is never used again (one
``StockIssue`` row per number, unique). A spoiled form is recorded with a
reason, audited and sent to head office like any other record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp import i18n
from counterapp.db.models import (
    CommissioningLogEntry,
    OutboxEntry,
    Registration,
    Service,
    Station,
    StockBlock,
    StockIssue,
    WaitlistOffer,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.fees import display_values, form_fields, receipt_detail
from counterapp.domain.visit import PricedLine
from counterapp.ids import uuid7
from counterapp.services import audit
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.waitlist import accept as accept_offer
from counterapp.sync.wire import (
    CommissioningLogPayload,
    RegistrationPayload,
    StockIssuePayload,
    record_payload,
)

STOCK_LABELS = {"marriage_licence": "marriage licence forms", "dog_tag": "dog tags"}


def _label(kind: str) -> str:
    return STOCK_LABELS.get(kind, kind.replace("_", " "))


def _next_number(session: Session, station_code: str, kind: str) -> tuple[str, StockBlock]:
    block = session.scalars(
        select(StockBlock)
        .where(
            StockBlock.stock_kind == kind,
            StockBlock.station_code == station_code,
            StockBlock.next_no <= StockBlock.last_no,
        )
        .order_by(StockBlock.first_no)
        .limit(1)
    ).first()
    if block is None:
        raise ServiceError(
            "No {stock} left at this station: ask head office for a new block.", stock=_label(kind)
        )
    n = block.next_no
    block.next_no = n + 1
    return (f"{block.prefix}-{n}" if block.prefix else str(n)), block


@dataclass
class LineRecords:
    station_code: str
    stock: list[StockIssue] = field(default_factory=list)
    log: list[CommissioningLogEntry] = field(default_factory=list)
    seats: list[Registration] = field(default_factory=list)
    offers: list[tuple[str, Registration]] = field(default_factory=list)  # (offer id, its seat)
    # A French receipt's detail line by sale line id, from ``rules.receipt_fr`` (issue 13):
    # made for the receipt only, never stored on the sale line.
    receipt_fr: dict[str, str] = field(default_factory=dict)

    @property
    def writes_anything(self) -> bool:
        return bool(self.stock or self.log or self.seats or self.offers)

    def write(self, session: Session) -> None:
        """Add the records and their outbox entries (the caller commits)."""
        for row in self.stock:
            session.add(row)
            session.add(_outbox("stock_issue", stock_payload(row, self.station_code), row.at))
        for entry in self.log:
            session.add(entry)
            session.add(_outbox("commission_log", log_payload(entry), entry.at))
        for seat in self.seats:
            session.add(seat)
            payload = registration_payload(seat, self.station_code, seat.id, seat.status, seat.at)
            session.add(_outbox("registration", payload, seat.at))
        if self.offers:
            session.flush()
        for offer_id, seat in self.offers:
            # A seat offered to the waitlist, taken up: its waitlist place closes.
            offer = session.get(WaitlistOffer, offer_id)
            if offer is None or offer.state != "open":
                continue
            place = accept_offer(session, offer, seat, seat.at)
            record_id = uuid7()
            payload = registration_payload(
                place, self.station_code, record_id, "cancelled", seat.at
            )
            session.add(
                OutboxEntry(id=record_id, kind="registration", payload=payload, created_at=seat.at)
            )


def _outbox(kind: str, payload: dict[str, Any], at: datetime) -> OutboxEntry:
    return OutboxEntry(id=payload["id"], kind=kind, payload=payload, created_at=at)


def stock_payload(row: StockIssue, station_code: str) -> dict[str, Any]:
    return record_payload(StockIssuePayload, row, station_code=station_code)


def registration_payload(
    seat: Registration, station_code: str, record_id: str, status: str, at: datetime
) -> dict[str, Any]:
    given = {"id": record_id, "station_code": station_code, "registration_id": seat.id}
    return record_payload(RegistrationPayload, seat, status=status, at=at, **given)


def log_payload(entry: CommissioningLogEntry) -> dict[str, Any]:
    return record_payload(CommissioningLogPayload, entry)


#: A registration's status as a French receipt says it.
_STATUS_FR = {
    "enrolled": "inscrit",
    "waitlisted": "en liste d'attente, rien à payer avant qu'une place se libère",
}


def _french_values(
    rules: dict[str, Any], answers: dict[str, str], values: dict[str, str]
) -> dict[str, str]:
    """The receipt's values as a French receipt shows them: a choice by its French
    label, money in the French form (plain spaces: the printer's code page)."""
    out = dict(values)
    for f in form_fields(rules):
        answer = answers.get(f.key, "")
        if not answer:
            continue
        if f.kind == "choice" and answer in f.choices:
            out[f.key] = f.choices_in("fr")[f.choices.index(answer)]
        elif f.kind == "money":
            out[f.key] = i18n.money(int(answer), "fr", space=" ")
    if "registration_status" in values:
        status = "enrolled" if values["registration_status"] == "enrolled" else "waitlisted"
        out["registration_status"] = _STATUS_FR[status]
    return out


def issue_line_records(
    uow: UnitOfWork,
    staff: StaffIdentity,
    station_code: str,
    sale_id: str,
    lines: list[tuple[str, PricedLine]],
    now: datetime,
) -> LineRecords:
    """Take stock numbers and make log entries for ``lines`` (line id, priced
    line); fills each line's ``stock_number`` and ``receipt_detail``."""
    s = uow.session
    codes = {p.service_code for _, p in lines}
    rules = {
        svc.code: dict(svc.rules or {})
        for svc in s.scalars(select(Service).where(Service.code.in_(codes)))
    }
    out = LineRecords(station_code)
    for line_id, p in lines:
        r = rules.get(p.service_code, {})
        if not r:
            continue
        answers = dict(p.detail.get("answers", {}))  # type: ignore[call-overload]
        values = display_values(form_fields(r), answers)
        kind = str(r.get("stock_kind", ""))
        if kind:
            number, block = _next_number(s, station_code, kind)
            row = StockIssue(
                id=uuid7(),
                stock_kind=kind,
                number=number,
                block_id=block.id,
                status="issued",
                sale_id=sale_id,
                sale_line_id=line_id,
                staff_id=staff.id,
                at=now,
                reason="",
            )
            out.stock.append(row)
            p.detail["stock_number"] = number
            values["stock_number"] = number
        if "expires" in p.detail:
            values["expires"] = str(p.detail["expires"])
        status = str(p.detail.get("registration_status", ""))
        if status:
            values["registration_status"] = (
                "enrolled" if status == "enrolled" else "waitlisted, no charge until a seat opens"
            )
            seat = Registration(
                id=uuid7(),
                service_code=p.service_code,
                participant_name=answers.get("participant_name", ""),
                status=status,
                sale_id=sale_id,
                sale_line_id=line_id,
                at=now,
            )
            out.seats.append(seat)
            if p.detail.get("offer_id"):
                out.offers.append((str(p.detail["offer_id"]), seat))
        template = str(r.get("receipt", ""))
        if template:
            p.detail["receipt_detail"] = receipt_detail(template, values)
        french = str(r.get("receipt_fr", ""))
        if french:
            out.receipt_fr[line_id] = receipt_detail(french, _french_values(r, answers, values))
        if r.get("log") == "commissioning":
            if not staff.is_commissioner:
                raise NotPermitted(
                    "{service}: only staff holding a commissioner appointment may do this.",
                    service=p.description,
                )
            out.log.append(
                CommissioningLogEntry(
                    id=uuid7(),
                    sale_id=sale_id,
                    sale_line_id=line_id,
                    at=now,
                    station_code=station_code,
                    document_type=answers.get("document_type", p.description),
                    deponent_name=answers.get("deponent_name", ""),
                    id_type=answers.get("id_type", ""),
                    id_last_digits=answers.get("id_last_digits", ""),
                    commissioner_id=staff.id,
                )
            )
    return out


# --- spoiled forms and what is left ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpoilForm:
    staff: StaffIdentity
    stock_kind: str
    reason: str


@dataclass(frozen=True, slots=True)
class StockLeft:
    stock_kind: str
    label: str
    next_number: str  # "" when none is left
    left: int


def spoil_next_form(uow: UnitOfWork, cmd: SpoilForm, *, now: datetime | None = None) -> str:
    """Record the next numbered form as spoiled (torn, misprinted); it is never issued."""
    when = now or datetime.now(UTC)
    reason = " ".join(cmd.reason.split())
    if not reason:
        raise ServiceError("Say why the form is spoiled.")
    if len(reason) > 200:
        raise ServiceError("Keep the reason under 200 characters.")
    with uow:
        s = uow.session
        station = s.scalars(select(Station)).one()
        number, block = _next_number(s, station.code, cmd.stock_kind)
        row = StockIssue(
            id=uuid7(),
            stock_kind=cmd.stock_kind,
            number=number,
            block_id=block.id,
            status="spoiled",
            sale_id=None,
            sale_line_id=None,
            staff_id=cmd.staff.id,
            at=when,
            reason=reason,
        )
        s.add(row)
        s.add(_outbox("stock_issue", stock_payload(row, station.code), when))
        audit.record(
            s,
            station_code=station.code,
            staff_id=cmd.staff.id,
            action="stock.spoiled",
            entity="stock_issue",
            entity_id=row.id,
            detail={"stock_kind": cmd.stock_kind, "number": number},
            at=when,
        )
        uow.commit()
        return number


def stock_left(uow: UnitOfWork) -> list[StockLeft]:
    """Per kind of numbered stock at this station: the next number and how many are left."""
    with uow:
        blocks = uow.session.scalars(select(StockBlock).order_by(StockBlock.first_no)).all()
        kinds: dict[str, list[StockBlock]] = {}
        for b in blocks:
            kinds.setdefault(b.stock_kind, []).append(b)
        out = []
        for kind, bs in sorted(kinds.items()):
            open_blocks = [b for b in bs if b.next_no <= b.last_no]
            nxt = ""
            if open_blocks:
                b = open_blocks[0]
                nxt = f"{b.prefix}-{b.next_no}" if b.prefix else str(b.next_no)
            left = sum(b.last_no - b.next_no + 1 for b in open_blocks)
            out.append(StockLeft(kind, _label(kind), nxt, left))
        return out
