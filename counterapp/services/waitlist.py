"""Waitlists that move (issue 16): when a program seat frees at this station
(a cancellation), the first person on its waitlist is offered it; the offer
holds the seat until it is accepted at the desk (the program's line added to
a visit and paid), declined, or lapses after the program's
``rules["registration"]["offer_hours"]`` (48 by default); then the seat goes
to the next person. Who is offered: ``domain.seats``.

A station sees its own waitlist: a seat freed here is offered to someone who
asked here. Head office settles programs oversold across stations
(``server.programs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterapp.db.models import Registration, SaleLine, Service, WaitlistOffer
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import fold
from counterapp.domain.seats import Waiting, offer_to, seats_to_offer
from counterapp.ids import uuid7
from counterapp.services import audit
from counterapp.services.auth import StaffIdentity
from counterapp.services.errors import ServiceError

DEFAULT_OFFER_HOURS = 48


@dataclass(frozen=True, slots=True)
class OfferView:
    id: str
    registration_id: str
    service_code: str
    program: str
    participant_name: str
    offered_at: datetime
    expires_at: datetime
    answers: dict[str, str]  # the waitlist form's answers, for the line that accepts it


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def holding(session: Session, code: str, now: datetime) -> int:
    """Open offers of ``code`` still holding a seat at ``now``."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(WaitlistOffer)
            .where(
                WaitlistOffer.service_code == code,
                WaitlistOffer.state == "open",
                WaitlistOffer.expires_at > now,
            )
        )
        or 0
    )


def held_for(session: Session, code: str, participant: str, now: datetime) -> WaitlistOffer | None:
    """The open offer of ``code`` made to ``participant`` (a line that accepts it)."""
    rows = session.execute(
        select(WaitlistOffer, Registration.participant_name)
        .join(Registration, Registration.id == WaitlistOffer.registration_id)
        .where(
            WaitlistOffer.service_code == code,
            WaitlistOffer.state == "open",
            WaitlistOffer.expires_at > now,
        )
    ).all()
    wanted = fold(participant).strip()
    return next((o for o, name in rows if fold(name).strip() == wanted and wanted), None)


def make_offers(
    session: Session, code: str, staff_id: str, station_code: str, now: datetime
) -> list[WaitlistOffer]:
    """Lapse the offers of ``code`` that ran out, then offer every free seat
    to the waitlist (in the caller's transaction)."""
    for offer in session.scalars(
        select(WaitlistOffer).where(
            WaitlistOffer.service_code == code,
            WaitlistOffer.state == "open",
            WaitlistOffer.expires_at <= now,
        )
    ):
        offer.state = "lapsed"
        offer.ended_at = offer.expires_at
        _audit(session, offer, "waitlist.lapsed", staff_id, station_code, now)
    svc = session.get(Service, code)
    rule = dict((svc.rules or {}).get("registration", {})) if svc is not None else {}
    if not rule:
        return []
    enrolled = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.service_code == code,
            Registration.status == "enrolled",
            Registration.cancelled_at.is_(None),
        )
    )
    free = seats_to_offer(
        int(rule.get("capacity", 0)),
        int(rule.get("seats_taken", 0)),
        int(enrolled or 0),
        holding(session, code, now),
    )
    if free <= 0:
        return []
    offered_before = set(
        session.scalars(
            select(WaitlistOffer.registration_id).where(WaitlistOffer.service_code == code)
        )
    )
    waiting = [
        Waiting(r.id, _aware(r.at), r.id in offered_before)
        for r in session.scalars(
            select(Registration).where(
                Registration.service_code == code,
                Registration.status == "waitlisted",
                Registration.cancelled_at.is_(None),
            )
        )
    ]
    hours = int(rule.get("offer_hours", DEFAULT_OFFER_HOURS))
    made = []
    for registration_id in offer_to(waiting, free):
        offer = WaitlistOffer(
            id=uuid7(),
            registration_id=registration_id,
            service_code=code,
            offered_at=now,
            expires_at=now + timedelta(hours=hours),
            state="open",
        )
        session.add(offer)
        _audit(session, offer, "waitlist.offered", staff_id, station_code, now)
        made.append(offer)
    session.flush()
    return made


def _audit(
    session: Session, offer: WaitlistOffer, action: str, staff_id: str, station: str, now: datetime
) -> None:
    audit.record(
        session,
        station_code=station,
        staff_id=staff_id,
        action=action,
        entity="registration",
        entity_id=offer.registration_id,
        detail={"service_code": offer.service_code},
        at=now,
    )


def _station_code(session: Session) -> str:
    from counterapp.db.models import Station

    return str(session.scalars(select(Station.code)).one())


def open_offers(
    uow: UnitOfWork, staff: StaffIdentity, *, now: datetime | None = None
) -> list[OfferView]:
    """Every open offer, soonest to lapse first; offers that ran out lapse
    (and their seats are offered on) first."""
    when = now or datetime.now(UTC)
    with uow:
        s = uow.session
        station = _station_code(s)
        codes = set(
            s.scalars(select(WaitlistOffer.service_code).where(WaitlistOffer.state == "open"))
        )
        for code in sorted(codes):
            make_offers(s, code, staff.id, station, when)
        rows = s.execute(
            select(WaitlistOffer, Registration, Service.name, SaleLine.detail)
            .join(Registration, Registration.id == WaitlistOffer.registration_id)
            .join(Service, Service.code == WaitlistOffer.service_code)
            .join(SaleLine, SaleLine.id == Registration.sale_line_id)
            .where(WaitlistOffer.state == "open")
            .order_by(WaitlistOffer.expires_at)
        ).all()
        out = [
            OfferView(
                o.id,
                r.id,
                o.service_code,
                name,
                r.participant_name,
                _aware(o.offered_at),
                _aware(o.expires_at),
                {str(k): str(v) for k, v in dict((detail or {}).get("answers", {})).items()},
            )
            for o, r, name, detail in rows
        ]
        uow.commit()
        return out


def decline_offer(
    uow: UnitOfWork, staff: StaffIdentity, offer_id: str, *, now: datetime | None = None
) -> list[str]:
    """The person does not want the seat: the offer ends and the seat is
    offered to the next person. Returns who is offered now (names)."""
    when = now or datetime.now(UTC)
    with uow:
        s = uow.session
        offer = s.get(WaitlistOffer, offer_id)
        if offer is None or offer.state != "open":
            raise ServiceError("That offer is no longer open.")
        offer.state = "declined"
        offer.ended_at = when
        station = _station_code(s)
        _audit(s, offer, "waitlist.declined", staff.id, station, when)
        made = make_offers(s, offer.service_code, staff.id, station, when)
        names = [_name(s, o.registration_id) for o in made]
        uow.commit()
        return names


def _name(session: Session, registration_id: str) -> str:
    reg = session.get(Registration, registration_id)
    return reg.participant_name if reg is not None else ""


def accept(
    session: Session, offer: WaitlistOffer, seat: Registration, now: datetime
) -> Registration:
    """The accepting sale's seat takes the offer: the offer ends accepted and
    the waitlist place it came from is closed (in the sale's transaction).
    Returns the waitlist place (the caller sends its cancellation)."""
    offer.state = "accepted"
    offer.ended_at = now
    offer.accepted_registration_id = seat.id
    old = session.get(Registration, offer.registration_id)
    assert old is not None
    old.cancelled_at = now
    return old
