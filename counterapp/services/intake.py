"""Intake at the counter: a request or complaint taken down with a reference
number and routed to the owning department, hand-delivered correspondence
stamped "Received", and the status look-up by reference number.

Reference numbers are ``SR-``/``CP-``/``RC-`` plus the station code and a
sequence gapless per station, taken in the same transaction as the intake
(like receipt numbers), so they never collide between stations offline. The
status shown is the station's copy: "Received" until head office sends a
newer one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from counterapp.db.models import Intake, IntakeUpdate, OutboxEntry, Service, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import DATE, DATE_TIME, format_site_time
from counterapp.domain.receipt import Receipt, ReceiptLine
from counterapp.ids import uuid7
from counterapp.services import audit, site
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError
from counterapp.sync.wire import IntakePayload, record_payload

INTAKE_KINDS: dict[str, tuple[str, str]] = {
    "request": ("SR", "Service request"),
    "complaint": ("CP", "Complaint"),
    "correspondence": ("RC", "Correspondence received"),
}
LIMITS = {
    "subject": 120,
    "summary": 1000,
    "contact_name": 120,
    "contact": 120,
    "documents": 1000,
    "callback": 120,
}


@dataclass(frozen=True, slots=True)
class RecordIntake:
    staff: StaffIdentity
    kind: str  # a key of INTAKE_KINDS
    department: str  # chosen by the associate; "" = derived from the category
    subject: str
    summary: str = ""
    contact_name: str = ""
    contact: str = ""
    category: str = ""  # a key of the site's intake categories ("" = none chosen)
    # A warm hand-off (issue 16): the documents left or shown, described, and how
    # and when the department should call back ("phone after 4 pm", "e-mail").
    documents: str = ""
    callback: str = ""


@dataclass(frozen=True, slots=True)
class IntakeResult:
    reference_no: str
    slip: Receipt  # printed for the visitor (and for the letter, "RECEIVED")


@dataclass(frozen=True, slots=True)
class IntakeStatus:
    reference_no: str
    kind_label: str
    subject: str
    department: str
    status: str
    status_at: datetime
    received_at: datetime
    answer: str = ""  # the department's answer, once head office sends it (issue 16)

    def text(self) -> str:
        when = format_site_time(self.status_at, DATE_TIME)
        received = format_site_time(self.received_at, DATE)
        answer = f"\nAnswer from {self.department}: {self.answer}" if self.answer else ""
        return (
            f"{self.reference_no} · {self.kind_label}: {self.subject} · {self.department} · "
            f"{self.status} ({when}); received {received}{answer}"
        )


CATEGORIES_SETTING = "intake_categories"


def _categories(session: Session) -> dict[str, str]:
    raw = site.setting(session, CATEGORIES_SETTING, {})
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v or "") for k, v in raw.items()}


def _departments(session: Session) -> set[str]:
    names = set(session.scalars(select(Service.department).distinct()))
    names |= {d for d in _categories(session).values() if d}
    return {n for n in names if n}


def departments(uow: UnitOfWork) -> list[str]:
    """The departments a request can be routed to: those the catalogue and the
    site's intake categories name."""
    with uow:
        return sorted(_departments(uow.session))


def categories(uow: UnitOfWork) -> dict[str, str]:
    """The site's intake categories (head-office setting ``intake_categories``),
    each with the department it routes to ("" when the associate must choose)."""
    with uow:
        return _categories(uow.session)


def route(session: Session, kind: str, category: str, department: str) -> str:
    """The department an intake goes to: the associate's explicit choice, else
    the one its category names, else the one the catalogue's intake service for
    this kind names (correspondence goes to the Clerk). Never a default: with
    none of these it is refused, so nothing is routed to the first department
    in a list."""
    known = _departments(session)
    if department:
        if department not in known:
            raise ServiceError(
                "There is no department called '{department}' to route it to.",
                department=department,
            )
        return department
    cats = _categories(session)
    if category:
        if category not in cats:
            raise ServiceError(
                "There is no intake category called '{category}'.", category=category
            )
        if cats[category]:
            return cats[category]
    for svc in session.scalars(select(Service).where(Service.kind == "intake")):
        if (svc.rules or {}).get("intake") == kind and (svc.rules or {}).get("routes_to"):
            return str(svc.rules["routes_to"])
    raise ServiceError(
        "Choose the department that owns it (or a category that says which): "
        "a request is never routed by default."
    )


def _clean(label: str, text: str, limit: int, *, multiline: bool = False) -> str:
    value = text.strip()
    allowed = {"\n", "\t"} if multiline else set()
    if any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 for ch in value):
        raise ServiceError("{label}: type it again without control characters.", label=label)
    if len(value) > limit:
        raise ServiceError("{label}: at most {limit} characters.", label=label, limit=limit)
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def record_intake(
    uow: UnitOfWork, cmd: RecordIntake, *, now: datetime | None = None
) -> IntakeResult:
    when = now or datetime.now(UTC)
    if cmd.kind not in INTAKE_KINDS:
        raise ServiceError("Unknown kind of intake: {kind}.", kind=cmd.kind)
    prefix, label = INTAKE_KINDS[cmd.kind]
    subject = _clean("Subject", cmd.subject, LIMITS["subject"])
    if not subject:
        raise ServiceError("Say what it is about (the subject).")
    summary = _clean("Details", cmd.summary, LIMITS["summary"], multiline=True)
    contact_name = _clean("Name", cmd.contact_name, LIMITS["contact_name"])
    contact = _clean("Phone or e-mail", cmd.contact, LIMITS["contact"])
    documents = _clean("Documents", cmd.documents, LIMITS["documents"], multiline=True)
    callback = _clean("Call back", cmd.callback, LIMITS["callback"])
    with uow:
        s = uow.session
        department = route(s, cmd.kind, cmd.category.strip(), cmd.department.strip())
        station = s.scalars(select(Station)).one()
        seq = station.last_intake_seq + 1
        s.execute(update(Station).where(Station.code == station.code).values(last_intake_seq=seq))
        reference_no = f"{prefix}-{station.code}-{seq:06d}"
        row = Intake(
            id=uuid7(),
            reference_no=reference_no,
            kind=cmd.kind,
            department=department,
            subject=subject,
            summary=summary,
            contact_name=contact_name,
            contact=contact,
            documents=documents,
            callback=callback,
            status="Received",
            status_at=when,
            station_code=station.code,
            staff_id=cmd.staff.id,
            at=when,
        )
        s.add(row)
        s.add(OutboxEntry(id=row.id, kind="intake", payload=intake_payload(row), created_at=when))
        audit.record(
            s,
            station_code=station.code,
            staff_id=cmd.staff.id,
            action="intake.recorded",
            entity="intake",
            entity_id=row.id,
            detail={"reference_no": reference_no, "kind": cmd.kind},
            at=when,
        )
        stamp = format_site_time(when, DATE_TIME, site.zone(s))
        if cmd.kind == "correspondence":
            footer: tuple[str, ...] = (
                "*** RECEIVED ***",
                station.site_name,
                stamp,
                f"for {department}",
            )
        else:
            footer = (
                "Keep this number to ask how it is going:",
                reference_no,
                "at the counter or by phone.",
            )
        slip = Receipt(
            receipt_no=reference_no,
            site_name=station.site_name,
            address_lines=tuple(station.address_lines),
            issued_at=stamp,
            associate=cmd.staff.receipt_name,
            lines=(ReceiptLine(f"{label}: {subject}", 0, 1, f"Routed to {department}"),),
            subtotal_cents=0,
            tax_cents=0,
            total_cents=0,
            rounding_cents=0,
            tenders=(),
            change_cents=0,
            footer=footer,
        )
        uow.commit()
    return IntakeResult(reference_no, slip)


def intake_payload(row: Intake) -> dict[str, Any]:
    """The intake as it travels to head office (the wire model of kind "intake")."""
    return record_payload(
        IntakePayload, row, documents=row.documents or "", callback=row.callback or ""
    )


def intake_status(uow: UnitOfWork, reference_no: str) -> IntakeStatus:
    number = "".join(reference_no.split()).upper()
    if not number:
        raise ServiceError("Enter the reference number.")
    with uow:
        row = uow.session.scalars(select(Intake).where(Intake.reference_no == number)).first()
        update_ = uow.session.get(IntakeUpdate, number)  # the department's, from head office
        # Head office's word once it has one, whatever the two clocks say: it only
        # sends a status for a request it holds, so its status follows the
        # counter's own "Received". Compared by time, a department's answer dated
        # by a head-office or CRM clock behind the station's was never shown.
        if update_ is not None:
            return IntakeStatus(
                reference_no=update_.reference_no,
                kind_label=INTAKE_KINDS.get(update_.kind, ("", update_.kind))[1],
                subject=update_.subject,
                department=update_.department,
                status=update_.status,
                status_at=_aware(update_.status_at),
                received_at=_aware(update_.received_at),
                answer=update_.answer or "",
            )
        if row is None:
            raise ServiceError(
                "No reference {number} at this station. Requests taken elsewhere show here once "
                "head office sends them.",
                number=number,
            )
        return IntakeStatus(
            reference_no=row.reference_no,
            kind_label=INTAKE_KINDS.get(row.kind, ("", row.kind))[1],
            subject=row.subject,
            department=row.department,
            status=row.status,
            status_at=_aware(row.status_at),
            received_at=_aware(row.at),
        )
