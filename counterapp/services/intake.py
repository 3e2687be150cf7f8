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

from counterapp.db.models import Intake, OutboxEntry, Service, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.receipt import Receipt, ReceiptLine
from counterapp.ids import uuid7
from counterapp.services import audit
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError
from counterapp.sync.wire import IntakePayload, outbox_payload

INTAKE_KINDS: dict[str, tuple[str, str]] = {
    "request": ("SR", "Service request"),
    "complaint": ("CP", "Complaint"),
    "correspondence": ("RC", "Correspondence received"),
}
LIMITS = {"subject": 120, "summary": 1000, "contact_name": 120, "contact": 120}


@dataclass(frozen=True, slots=True)
class RecordIntake:
    staff: StaffIdentity
    kind: str  # a key of INTAKE_KINDS
    department: str
    subject: str
    summary: str = ""
    contact_name: str = ""
    contact: str = ""


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

    def text(self) -> str:
        when = self.status_at.astimezone().strftime("%Y-%m-%d %H:%M")
        received = self.received_at.astimezone().strftime("%Y-%m-%d")
        return (
            f"{self.reference_no} · {self.kind_label}: {self.subject} · {self.department} · "
            f"{self.status} ({when}); received {received}"
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
    return outbox_payload(
        IntakePayload(**{f: getattr(row, f) for f in IntakePayload.model_fields})
    )


def intake_status(uow: UnitOfWork, reference_no: str) -> IntakeStatus:
    number = "".join(reference_no.split()).upper()
    if not number:
        raise ServiceError("Enter the reference number.")
    with uow:
        row = uow.session.scalars(select(Intake).where(Intake.reference_no == number)).first()
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
