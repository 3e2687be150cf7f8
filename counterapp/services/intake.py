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

from counterapp.db.models import Intake, IntakeUpdate, OutboxEntry, Service, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.receipt import Receipt, ReceiptLine
from counterapp.ids import uuid7
from counterapp.services import audit
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError

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
    department: str
    subject: str
    summary: str = ""
    contact_name: str = ""
    contact: str = ""
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
        when = self.status_at.astimezone().strftime("%Y-%m-%d %H:%M")
        received = self.received_at.astimezone().strftime("%Y-%m-%d")
        answer = f"\nAnswer from {self.department}: {self.answer}" if self.answer else ""
        return (
            f"{self.reference_no} · {self.kind_label}: {self.subject} · {self.department} · "
            f"{self.status} ({when}); received {received}{answer}"
        )


def departments(uow: UnitOfWork) -> list[str]:
    """The departments the catalogue names, for routing."""
    with uow:
        names = uow.session.scalars(select(Service.department).distinct()).all()
    return sorted(n for n in names if n)


def _clean(label: str, text: str, limit: int, *, multiline: bool = False) -> str:
    value = text.strip()
    allowed = {"\n", "\t"} if multiline else set()
    if any((ord(ch) < 32 and ch not in allowed) or ord(ch) == 127 for ch in value):
        raise ServiceError(f"{label}: type it again without control characters.")
    if len(value) > limit:
        raise ServiceError(f"{label}: at most {limit} characters.")
    return value


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def record_intake(
    uow: UnitOfWork, cmd: RecordIntake, *, now: datetime | None = None
) -> IntakeResult:
    when = now or datetime.now(UTC)
    if cmd.kind not in INTAKE_KINDS:
        raise ServiceError(f"Unknown kind of intake: {cmd.kind}.")
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
        known = set(s.scalars(select(Service.department).distinct()))
        if cmd.department not in known:
            raise ServiceError("Choose the department that owns it.")
        station = s.scalars(select(Station)).one()
        seq = station.last_intake_seq + 1
        s.execute(update(Station).where(Station.code == station.code).values(last_intake_seq=seq))
        reference_no = f"{prefix}-{station.code}-{seq:06d}"
        row = Intake(
            id=uuid7(),
            reference_no=reference_no,
            kind=cmd.kind,
            department=cmd.department,
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
        stamp = when.astimezone().strftime("%Y-%m-%d %H:%M")
        if cmd.kind == "correspondence":
            footer: tuple[str, ...] = (
                "*** RECEIVED ***",
                station.site_name,
                stamp,
                f"for {cmd.department}",
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
            lines=(ReceiptLine(f"{label}: {subject}", 0, 1, f"Routed to {cmd.department}"),),
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
    return {
        "id": row.id,
        "station_code": row.station_code,
        "reference_no": row.reference_no,
        "kind": row.kind,
        "department": row.department,
        "subject": row.subject,
        "summary": row.summary,
        "contact_name": row.contact_name,
        "contact": row.contact,
        "staff_id": row.staff_id,
        "at": row.at.isoformat(),
        "documents": row.documents or "",
        "callback": row.callback or "",
    }


def intake_status(uow: UnitOfWork, reference_no: str) -> IntakeStatus:
    number = "".join(reference_no.split()).upper()
    if not number:
        raise ServiceError("Enter the reference number.")
    with uow:
        row = uow.session.scalars(select(Intake).where(Intake.reference_no == number)).first()
        update_ = uow.session.get(IntakeUpdate, number)  # the department's, from head office
        if update_ is not None and (
            row is None or _aware(update_.status_at) >= _aware(row.status_at)
        ):
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
                f"No reference {number} at this station. Requests taken elsewhere show here "
                "once head office sends them."
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
