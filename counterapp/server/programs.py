"""Program seats settled at head office (issue 16): every seat the stations
sold, and the overflow when stations that were offline sold more than a
program has (``domain.seats.settle``).

``expand_registrations`` runs in the batch's own transaction: an enrolment
adds a ``program_seat`` row, a cancellation marks it, and every program the
batch touched is settled again. A seat that overflows is flagged (the first
time, ``flagged_at``) and shown to head office with its receipt: the money
was taken and is kept; head office calls the resident (a refund, or a seat
added to the program). A cancellation moves the earliest overflow up.

Personal data held here (issue 15's retention must cover it):
``program_seat.participant_name``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from counterapp.domain.seats import Enrolment, settle
from counterapp.server.db import Sale, ServerBase, UTCDateTime
from counterapp.server.reference import ReferenceItem
from counterapp.sync.wire import RegistrationPayload

SEATED, OVERFLOW = "seated", "overflow"


class ProgramSeat(ServerBase):
    """A seat a station sold, as head office settles it."""

    __tablename__ = "program_seat"

    registration_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_code: Mapped[str] = mapped_column(String(32), index=True)
    station_code: Mapped[str] = mapped_column(String(16))
    participant_name: Mapped[str] = mapped_column(String(120))
    sale_id: Mapped[str] = mapped_column(String(36))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    state: Mapped[str] = mapped_column(String(8), default=SEATED)  # seated | overflow
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


def _rule(session: Session, code: str) -> tuple[int, int] | None:
    """(capacity, seats taken before) as head office published the program."""
    data = session.scalar(
        select(ReferenceItem.data).where(
            ReferenceItem.entity == "service", ReferenceItem.key == code
        )
    )
    reg = ((data or {}).get("rules") or {}).get("registration")
    if not isinstance(reg, dict) or "capacity" not in reg:
        return None
    return int(reg.get("capacity", 0)), int(reg.get("seats_taken", 0))


def expand_registrations(
    session: Session, payloads: Iterable[RegistrationPayload], now: datetime
) -> None:
    enrolled = [p for p in payloads if p.status == "enrolled"]
    cancelled = [p for p in payloads if p.status == "cancelled"]
    if enrolled:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        rows = sorted(
            (
                {
                    "registration_id": p.registration_id,
                    "service_code": p.service_code,
                    "station_code": p.station_code,
                    "participant_name": p.participant_name,
                    "sale_id": p.sale_id,
                    "enrolled_at": p.at,
                    "cancelled_at": None,
                    "state": SEATED,
                    "flagged_at": None,
                }
                for p in enrolled
            ),
            key=lambda r: str(r["registration_id"]),
        )
        session.execute(dialect.insert(ProgramSeat).on_conflict_do_nothing(), rows)
    for p in cancelled:
        session.execute(
            update(ProgramSeat)
            # The seat's own station only (``ownership`` refuses another's first).
            .where(
                ProgramSeat.registration_id == p.registration_id,
                ProgramSeat.station_code == p.station_code,
            )
            .values(cancelled_at=p.at)
        )
    codes = {p.service_code for p in (*enrolled, *cancelled)}
    for code in sorted(codes):
        settle_program(session, code, now)


def settle_program(session: Session, code: str, now: datetime) -> None:
    rule = _rule(session, code)
    if rule is None:
        return  # not a program head office publishes seats for
    capacity, taken = rule
    seats = list(
        session.scalars(
            select(ProgramSeat).where(ProgramSeat.service_code == code).with_for_update()
        )
    )
    result = settle(
        capacity,
        taken,
        (Enrolment(s.registration_id, s.enrolled_at, s.cancelled_at is not None) for s in seats),
    )
    overflow = set(result.overflow)
    for s in seats:
        state = OVERFLOW if s.registration_id in overflow else SEATED
        if state == OVERFLOW and s.flagged_at is None:
            s.flagged_at = now
        s.state = state


@dataclass(frozen=True, slots=True)
class ProgramLine:
    service_code: str
    name: str
    capacity: int
    taken_before: int
    seated: int
    overflow: tuple[dict[str, Any], ...]  # participant, station, receipt, enrolled, flagged


def programs(session: Session) -> list[ProgramLine]:
    """Every program with seats sold, its overflow first."""
    names = {
        key: str((data or {}).get("name", key))
        for key, data in session.execute(
            select(ReferenceItem.key, ReferenceItem.data).where(ReferenceItem.entity == "service")
        )
    }
    rows = session.execute(
        select(ProgramSeat, Sale.receipt_no)
        .outerjoin(Sale, Sale.id == ProgramSeat.sale_id)
        .where(ProgramSeat.cancelled_at.is_(None))
        .order_by(ProgramSeat.service_code, ProgramSeat.enrolled_at)
    ).all()
    by_code: dict[str, list[tuple[ProgramSeat, str | None]]] = {}
    for seat, receipt in rows:
        by_code.setdefault(seat.service_code, []).append((seat, receipt))
    out = []
    for code, seats in sorted(by_code.items()):
        rule = _rule(session, code) or (0, 0)
        over = tuple(
            {
                "participant": s.participant_name,
                "station": s.station_code,
                "receipt": receipt or "",
                "enrolled_at": s.enrolled_at,
                "flagged_at": s.flagged_at,
            }
            for s, receipt in seats
            if s.state == OVERFLOW
        )
        out.append(
            ProgramLine(
                code,
                names.get(code, code),
                rule[0],
                rule[1],
                sum(1 for s, _r in seats if s.state == SEATED),
                over,
            )
        )
    return sorted(out, key=lambda p: (not p.overflow, p.service_code))
