"""The queue's operations on a database session: the same code for a
one-desk office's local queue (station SQLite) and a site's shared queue
(the server, on PostgreSQL or SQLite).

Every change first locks the site's row in ``queue_site`` (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's writer lock, taken at ``BEGIN IMMEDIATE``,
does the same there) and bumps its version. Changes of one site are thus
serialised: two associates pressing "call next" at the same instant are
answered one after the other, and the second never gets the first's ticket.
The version numbers the timeline events, so a station that heard of change
N asks only for what came after.

Nothing here commits: the caller owns the transaction (and writes the
events' outbox entries in it, on a station). No visitor name ever goes into
an event: events replicate to head office and end up in reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from counterapp.domain.queue import (
    Candidate,
    TicketStatus,
    estimated_wait,
    pick_next,
    ticket_label,
)
from counterapp.i18n import LANGUAGES, Message, Word
from counterapp.ids import uuid7
from counterapp.queue.settings import QueueSettings
from counterapp.queue.tables import QueueTables
from counterapp.queue.views import (
    Actor,
    AppointmentView,
    CategoryLoad,
    IssuedTicket,
    QueueChange,
    QueueSnapshot,
    SlotView,
    TicketView,
)
from counterapp.services.errors import NotPermitted, ServiceError

MAX_NAME = 80
BACKUP_WINDOW = timedelta(minutes=15)
ISSUERS = {"greeter", "associate", "supervisor", "admin"}
MAX_NOTE = 1000  # one transfer's note
MAX_CONTACT = 120  # an appointment's phone or e-mail
MAX_NOTES = 4000  # all of a ticket's notes (the oldest go first)
CALLERS = {"associate", "supervisor", "admin"}
SUPERVISORS = {"supervisor", "admin"}
OPEN = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED)


# What a role may or may not do, as messages say it.
_ACTS = {
    "issue tickets": Message("issue tickets"),
    "book appointments": Message("book appointments"),
    "change appointments": Message("change appointments"),
    "call visitors": Message("call visitors"),
    "transfer visitors": Message("transfer visitors"),
    "serve visitors": Message("serve visitors"),
}


class QueueError(ServiceError):
    """A queue request refused, with the reason for the person who asked."""


class NoOneWaiting(QueueError):
    pass


class TicketTaken(QueueError):
    """The ticket was called (or closed) by someone else first."""


@dataclass(slots=True)
class _Change:
    """The events one operation adds, under the site version it took."""

    version: int
    at: datetime
    actor: Actor
    site_code: str
    events: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, kind: str, ticket: RowMapping | None, detail: dict[str, Any] | None = None
    ) -> None:
        self.events.append(
            {
                "id": uuid7(),
                "site_code": self.site_code,
                "seq": self.version,
                "ticket_id": ticket["id"] if ticket is not None else None,
                "ticket": ticket["label"] if ticket is not None else "",
                "kind": kind,
                "at": self.at,
                "staff_id": self.actor.staff_id,
                "station_code": self.actor.station_code,
                "category": ticket["category"] if ticket is not None else "",
                "detail": {"counter": self.actor.counter, **(detail or {})},
            }
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an operation returns, with the events it wrote (to replicate and announce)."""

    result: Any
    events: tuple[dict[str, Any], ...] = ()

    def changes(self) -> list[QueueChange]:
        return [change_of(e) for e in self.events]


def change_of(event: dict[str, Any] | RowMapping) -> QueueChange:
    detail = event["detail"] or {}
    language = detail.get("language")
    return QueueChange(
        version=event["seq"],
        kind=event["kind"],
        ticket=event["ticket"] or "",
        ticket_id=event["ticket_id"],
        category=event["category"] or "",
        counter=str(detail.get("counter", "")),
        station_code=event["station_code"],
        at=event["at"],
        language=language if language in LANGUAGES else None,
    )


def event_payload(event: dict[str, Any]) -> dict[str, Any]:
    """A timeline event as it travels to head office (the wire model of "queue_event")."""
    from counterapp.sync.wire import QueueEventPayload, outbox_payload

    return outbox_payload(QueueEventPayload(**event))


class QueueEngine:
    """The operations on one site's queue. Thread-safe: it holds no state of a request."""

    def __init__(
        self,
        tables: QueueTables,
        settings: QueueSettings,
        site_code: str,
        site_name: str = "",
        *,
        usual_language: Callable[[Session], str] | None = None,
    ) -> None:
        self.t = tables
        self.settings = settings
        self.site_code = site_code
        self.site_name = site_name
        # The site's usual visitor language, read in the change's session (the station's
        # site setting, or head office's published one on the server); "en" without one.
        self._usual_language = usual_language

    # --- helpers -------------------------------------------------------------

    def _begin_change(self, s: Session, actor: Actor, now: datetime) -> _Change:
        site = self.t.site
        query = select(site.c.version).where(site.c.site_code == self.site_code).with_for_update()
        version = s.execute(query).scalar()
        if version is None:
            s.execute(_insert_ignore(s, site).values(site_code=self.site_code, version=0))
            version = s.execute(query).scalar_one()
        version += 1
        s.execute(update(site).where(site.c.site_code == self.site_code).values(version=version))
        change = _Change(version, now, actor, self.site_code)
        self._expire_earlier_days(s, change)
        return change

    def _expire_earlier_days(self, s: Session, change: _Change) -> None:
        """Tickets still open from an earlier day are closed as expired (an event
        each), so yesterday's lobby never heads today's queue as "starving"."""
        t = self.t.ticket
        stale = (
            s.execute(
                select(t).where(
                    t.c.site_code == self.site_code,
                    t.c.status.in_(OPEN),
                    t.c.day < self.day_of(change.at),
                )
            )
            .mappings()
            .all()
        )
        for row in stale:
            s.execute(
                update(t)
                .where(t.c.id == row["id"])
                .values(status=TicketStatus.EXPIRED, closed_at=change.at, outcome="expired")
            )
            change.add("expired", row, {"was": row["status"]})

    def _write(self, s: Session, change: _Change) -> Outcome:
        if change.events:
            s.execute(insert(self.t.event), change.events)
        return Outcome(None, tuple(change.events))

    def day_of(self, now: datetime) -> str:
        return now.astimezone(self.settings.zone).date().isoformat()

    def _ticket(self, s: Session, ticket_id: str) -> RowMapping:
        t = self.t.ticket
        row = (
            s.execute(select(t).where(t.c.id == ticket_id, t.c.site_code == self.site_code))
            .mappings()
            .first()
        )
        if row is None:
            raise QueueError("That ticket is not in this site's queue.")
        return row

    def _by_request(self, s: Session, request_id: str) -> RowMapping | None:
        """This site's ticket issued for ``request_id``, if any. An idempotency key is
        its site's own: another site's ticket with the same key is never seen here."""
        t = self.t.ticket
        return (
            s.execute(
                select(t).where(t.c.site_code == self.site_code, t.c.request_id == request_id)
            )
            .mappings()
            .first()
        )

    def _mine(self, s: Session, actor: Actor, ticket_id: str) -> RowMapping:
        row = self._ticket(s, ticket_id)
        if row["status"] != TicketStatus.CALLED or row["called_by"] != actor.staff_id:
            raise QueueError(
                "Ticket {label} is not being served at your counter ({status}).",
                label=row["label"],
                status=_status_words(row),
            )
        return row

    def _current(self, s: Session, actor: Actor) -> RowMapping | None:
        t = self.t.ticket
        return (
            s.execute(
                select(t).where(
                    t.c.site_code == self.site_code,
                    t.c.status == TicketStatus.CALLED,
                    t.c.called_by == actor.staff_id,
                )
            )
            .mappings()
            .first()
        )

    def _refuse_second_visitor(self, s: Session, actor: Actor) -> None:
        current = self._current(s, actor)
        if current is not None:
            raise QueueError(
                "Finish, park or transfer {label} before calling another visitor.",
                label=current["label"],
            )

    def _set(self, s: Session, ticket_id: str, **values: Any) -> RowMapping:
        t = self.t.ticket
        s.execute(update(t).where(t.c.id == ticket_id).values(**values))
        return self._ticket(s, ticket_id)

    def usual_language(self, s: Session) -> str:
        """The site's usual visitor language ("en" or "fr")."""
        found = self._usual_language(s) if self._usual_language is not None else "en"
        return found if found in LANGUAGES else "en"

    def _language_of(self, s: Session, row: RowMapping) -> str:
        """The ticket's visitor language; the site's usual one for a ticket without."""
        return row.get("language") or self.usual_language(s)

    @staticmethod
    def _check_role(actor: Actor, allowed: set[str], what: str) -> None:
        if actor.role not in allowed:
            raise NotPermitted(
                "A {role} may not {what}.", role=Word(actor.role), what=_ACTS.get(what, what)
            )

    # --- issuing ---------------------------------------------------------------

    def issue(
        self,
        s: Session,
        actor: Actor,
        *,
        request_id: str,
        category: str,
        services: list[str] | tuple[str, ...] = (),
        priority: bool = False,
        language_line: bool = False,
        visitor_name: str = "",
        appointment: RowMapping | None = None,
        language: str | None = None,
        now: datetime,
    ) -> Outcome:
        """A new ticket; the same ``request_id`` again returns the first (a double press).
        ``language``: the visitor's ("en" or "fr"), as the greeter chose; None: the
        site's usual one. The ticket keeps it: its call on the sign and its visit use it."""
        self._check_role(actor, ISSUERS, "issue tickets")
        if language is not None and language not in LANGUAGES:
            raise QueueError(
                "The visitor's language must be one of {allowed}, not '{language}'.",
                allowed=", ".join(LANGUAGES),
                language=language,
            )
        cat = self.settings.category(category)
        if cat is None:
            letters = ", ".join(c.letter for c in self.settings.categories)
            raise QueueError(
                "There is no service category '{category}' at this site (the categories are "
                "{letters}).",
                category=category.strip(),
                letters=letters,
            )
        visitor_name = _visitor_name(visitor_name)
        t = self.t.ticket
        change = self._begin_change(s, actor, now)  # before the look-up: a double press waits
        earlier = self._by_request(s, request_id)
        if earlier is not None:
            return Outcome(self._issued(s, earlier, repeated=True))
        day = self.day_of(now)
        n = self.t.number
        key = and_(n.c.site_code == self.site_code, n.c.day == day, n.c.category == cat.letter)
        last = s.execute(select(n.c.last).where(key).with_for_update()).scalar()
        if last is None:
            number = 1
            s.execute(
                insert(n).values(site_code=self.site_code, day=day, category=cat.letter, last=1)
            )
        else:
            number = last + 1
            s.execute(update(n).where(key).values(last=number))
        chosen = list(dict.fromkeys([*cat.services, *services]))
        language = language or self.usual_language(s)
        ticket_id = uuid7()
        s.execute(
            insert(t).values(
                id=ticket_id,
                site_code=self.site_code,
                day=day,
                series=cat.letter,
                category=cat.letter,
                number=number,
                label=ticket_label(cat.letter, number),
                services=chosen,
                priority=priority,
                language_line=language_line,
                visitor_name=visitor_name,
                appointment_id=appointment["id"] if appointment is not None else None,
                appointment_at=appointment["at"] if appointment is not None else None,
                status=TicketStatus.WAITING,
                issued_at=now,
                issued_by=actor.staff_id,
                waiting_since=now,
                recalls=0,
                transfers=0,
                outcome="",
                request_id=request_id,
                language=language,
            )
        )
        row = self._ticket(s, ticket_id)
        if appointment is not None:
            change.add("checked_in", row, {"appointment_id": appointment["id"]})
        change.add(
            "issued",
            row,
            {
                "priority": priority,
                "language_line": language_line,
                "services": chosen,
                "language": language,
            },
        )
        written = self._write(s, change)
        return Outcome(self._issued(s, row), written.events)

    def _issued(self, s: Session, row: RowMapping, *, repeated: bool = False) -> IssuedTicket:
        t = self.t.ticket
        cat = self.settings.category(row["category"])
        ahead = (
            s.execute(
                select(func.count())
                .select_from(t)
                .where(
                    t.c.site_code == self.site_code,
                    t.c.category == row["category"],
                    t.c.status == TicketStatus.WAITING,
                    or_(
                        t.c.waiting_since < row["waiting_since"],
                        and_(t.c.waiting_since == row["waiting_since"], t.c.id < row["id"]),
                    ),
                )
            ).scalar()
            or 0
        )
        counters = (
            s.execute(
                select(func.count(func.distinct(t.c.called_by))).where(
                    t.c.site_code == self.site_code, t.c.status == TicketStatus.CALLED
                )
            ).scalar()
            or 0
        )
        minutes = self._average_service_minutes(s, row["category"], row["day"])
        wait = estimated_wait(ahead, minutes, counters)
        survey = self.settings.survey_url.replace("{ticket_id}", row["id"])
        return IssuedTicket(
            ticket=self.view(row),
            category_name=cat.name if cat else row["category"],
            people_ahead=ahead,
            estimated_wait_minutes=int(wait.total_seconds() // 60),
            site_name=self.site_name,
            survey_url=survey,
            repeated=repeated,
        )

    def _average_service_minutes(self, s: Session, category: str, day: str) -> float:
        t = self.t.ticket
        rows = s.execute(
            select(t.c.called_at, t.c.closed_at).where(
                t.c.site_code == self.site_code,
                t.c.day == day,
                t.c.category == category,
                t.c.status == TicketStatus.CLOSED,
                t.c.called_at.is_not(None),
            )
        ).all()
        spans = [(c2 - c1).total_seconds() / 60 for c1, c2 in rows if c1 and c2]
        return sum(spans) / len(spans) if spans else self.settings.default_service_minutes

    # --- appointments ----------------------------------------------------------

    def book_appointment(
        self,
        s: Session,
        actor: Actor,
        *,
        at: datetime,
        category: str,
        services: list[str] | tuple[str, ...] = (),
        visitor_name: str = "",
        contact: str = "",
        now: datetime,
    ) -> Outcome:
        self._check_role(actor, ISSUERS, "book appointments")
        cat = self.settings.category(category)
        if cat is None:
            raise QueueError(
                "There is no service category '{category}' at this site.", category=category.strip()
            )
        if at.tzinfo is None:
            raise QueueError("An appointment needs a time with its time zone.")
        visitor_name = _visitor_name(visitor_name)
        contact = _one_line("The phone or e-mail", contact, MAX_CONTACT)
        change = self._begin_change(s, actor, now)  # the lock first: two bookings of one seat
        self._check_slot(s, at, cat.letter, now=now)
        appointment_id = uuid7()
        s.execute(
            insert(self.t.appointment).values(
                id=appointment_id,
                site_code=self.site_code,
                at=at,
                category=cat.letter,
                services=list(dict.fromkeys([*cat.services, *services])),
                visitor_name=visitor_name,
                contact=contact,
                status="booked",
            )
        )
        change.add("booked", None, {"appointment_id": appointment_id, "category": cat.letter})
        written = self._write(s, change)
        return Outcome(appointment_id, written.events)

    # Slots and capacity (issue 16) ------------------------------------------------

    def slot_of(self, at: datetime) -> datetime:
        """The start of the slot ``at`` falls in (slots start at the opening hour)."""
        zone = self.settings.zone
        local = at.astimezone(zone)
        hh, mm = (int(x) for x in self.settings.appointment_hours[0].split(":"))
        opening = local.replace(hour=hh, minute=mm, second=0, microsecond=0)
        length = self.settings.appointment_slot_minutes * 60
        index = int((local - opening).total_seconds() // length)
        return (opening + timedelta(seconds=index * length)).astimezone(UTC)

    def _slot_bounds(self, at: datetime) -> tuple[datetime, datetime]:
        start = self.slot_of(at)
        return start, start + timedelta(minutes=self.settings.appointment_slot_minutes)

    def _check_slot(
        self, s: Session, at: datetime, category: str, *, now: datetime, moving: str | None = None
    ) -> None:
        local = at.astimezone(self.settings.zone)
        opens, closes = self.settings.appointment_hours
        if not (opens <= local.strftime("%H:%M") < closes):
            raise QueueError(
                "Appointments are booked between {opens} and {closes}.", opens=opens, closes=closes
            )
        if at < now - timedelta(minutes=self.settings.appointment_slot_minutes):
            raise QueueError("That time has passed: choose a time to come.")
        start, end = self._slot_bounds(at)
        a = self.t.appointment
        query = select(func.count()).where(
            a.c.site_code == self.site_code,
            a.c.category == category,
            a.c.at >= start,
            a.c.at < end,
            a.c.status.in_(("booked", "checked_in")),
        )
        if moving is not None:
            query = query.where(a.c.id != moving)
        taken = s.execute(query).scalar_one()
        capacity = self.settings.appointment_capacity
        if taken >= capacity:
            when = start.astimezone(self.settings.zone).strftime("%H:%M")
            raise QueueError(
                "The {when} slot is full ({taken} of {capacity} booked): choose another time.",
                when=when,
                taken=taken,
                capacity=capacity,
            )

    def slots(self, s: Session, *, day: str, category: str) -> list[SlotView]:
        """Every slot of ``day`` for ``category``, with what is booked."""
        cat = self.settings.category(category)
        if cat is None:
            raise QueueError(
                "There is no service category '{category}' at this site.", category=category.strip()
            )
        zone = self.settings.zone
        opens, closes = self.settings.appointment_hours
        first = datetime.fromisoformat(f"{day}T{opens}").replace(tzinfo=zone).astimezone(UTC)
        last = datetime.fromisoformat(f"{day}T{closes}").replace(tzinfo=zone).astimezone(UTC)
        a = self.t.appointment
        booked = [
            r["at"]
            for r in s.execute(
                select(a.c.at).where(
                    a.c.site_code == self.site_code,
                    a.c.category == cat.letter,
                    a.c.at >= first,
                    a.c.at < last,
                    a.c.status.in_(("booked", "checked_in")),
                )
            ).mappings()
        ]
        out: list[SlotView] = []
        step = timedelta(minutes=self.settings.appointment_slot_minutes)
        at = first
        while at < last:
            n = sum(at <= b < at + step for b in booked)
            out.append(
                SlotView(
                    at=at,
                    category=cat.letter,
                    booked=n,
                    capacity=self.settings.appointment_capacity,
                )
            )
            at += step
        return out

    def appointments_of_day(self, s: Session, *, day: str) -> list[AppointmentView]:
        start, end = self.day_bounds(day)
        a = self.t.appointment
        return [
            _appointment_view(r)
            for r in s.execute(
                select(a)
                .where(a.c.site_code == self.site_code, a.c.at >= start, a.c.at < end)
                .order_by(a.c.at)
            ).mappings()
        ]

    def _appointment(self, s: Session, appointment_id: str) -> RowMapping:
        """The site's appointment ``appointment_id``, in whatever state it is."""
        a = self.t.appointment
        row = (
            s.execute(select(a).where(a.c.id == appointment_id, a.c.site_code == self.site_code))
            .mappings()
            .first()
        )
        if row is None:
            raise QueueError("That appointment is not booked at this site.")
        return row

    def _booked(self, s: Session, appointment_id: str, what: str) -> RowMapping:
        row = self._appointment(s, appointment_id)
        if row["status"] != "booked":
            raise QueueError(
                "Only a booked appointment can be {what} (this one is {status}).",
                what=what,
                status=row["status"],
            )
        return row

    def _change_appointment(
        self,
        s: Session,
        actor: Actor,
        appointment_id: str,
        *,
        done: str,  # "moved", "cancelled" … for the refusal's words
        kind: str,  # the timeline event
        values: dict[str, Any],
        now: datetime,
        check: Callable[[RowMapping], None] | None = None,
    ) -> Outcome:
        """A booked appointment changed under the site lock, with its event."""
        self._check_role(actor, ISSUERS, "change appointments")
        change = self._begin_change(s, actor, now)
        row = self._booked(s, appointment_id, done)
        if check is not None:
            check(row)
        a = self.t.appointment
        s.execute(update(a).where(a.c.id == appointment_id).values(**values))
        change.add(kind, None, {"appointment_id": appointment_id, "category": row["category"]})
        return Outcome(appointment_id, self._write(s, change).events)

    def move_appointment(
        self, s: Session, actor: Actor, *, appointment_id: str, at: datetime, now: datetime
    ) -> Outcome:
        if at.tzinfo is None:
            raise QueueError("An appointment needs a time with its time zone.")
        return self._change_appointment(
            s,
            actor,
            appointment_id,
            done="moved",
            kind="appt_moved",
            values={"at": at},
            now=now,
            check=lambda row: self._check_slot(
                s, at, row["category"], now=now, moving=appointment_id
            ),
        )

    def cancel_appointment(
        self, s: Session, actor: Actor, *, appointment_id: str, now: datetime
    ) -> Outcome:
        return self._change_appointment(
            s,
            actor,
            appointment_id,
            done="cancelled",
            kind="appt_cancelled",
            values={"status": "cancelled"},
            now=now,
        )

    def appointment_no_show(
        self, s: Session, actor: Actor, *, appointment_id: str, now: datetime
    ) -> Outcome:
        """The visitor did not come: recorded once their slot is over."""

        def slot_over(row: RowMapping) -> None:
            _start, end = self._slot_bounds(row["at"])
            if now < end:
                when = end.astimezone(self.settings.zone).strftime("%H:%M")
                raise QueueError(
                    "The slot is not over yet: a no-show can be recorded from {when}.", when=when
                )

        return self._change_appointment(
            s,
            actor,
            appointment_id,
            done="marked as a no-show",
            kind="appt_no_show",
            values={"status": "no_show"},
            now=now,
            check=slot_over,
        )

    def check_in(
        self, s: Session, actor: Actor, *, appointment_id: str, request_id: str, now: datetime
    ) -> Outcome:
        """The visitor with an appointment has arrived: a ticket that counts as due in its slot."""
        self._begin_change(s, actor, now)  # two greeters checking in the same person: one wins
        row = self._appointment(s, appointment_id)
        if row["status"] != "booked":
            same = self._by_request(s, request_id)
            if same is not None and same["appointment_id"] == appointment_id:
                return Outcome(self._issued(s, same, repeated=True))
            raise QueueError("This appointment is already checked in.")
        outcome = self.issue(
            s,
            actor,
            request_id=request_id,
            category=row["category"],
            services=list(row["services"]),
            visitor_name=row["visitor_name"],
            appointment=row,
            now=now,
        )
        issued: IssuedTicket = outcome.result
        a = self.t.appointment
        s.execute(
            update(a)
            .where(a.c.id == appointment_id)
            .values(status="checked_in", ticket_id=issued.ticket.id)
        )
        return outcome

    # --- calling ---------------------------------------------------------------

    def call_next(self, s: Session, actor: Actor, *, now: datetime) -> Outcome:
        self._check_role(actor, CALLERS, "call visitors")
        change = self._begin_change(s, actor, now)
        self._refuse_second_visitor(s, actor)
        t = self.t.ticket
        rows = (
            s.execute(
                select(
                    t.c.id,
                    t.c.category,
                    t.c.waiting_since,
                    t.c.priority,
                    t.c.appointment_at,
                    t.c.expert_id,
                ).where(t.c.site_code == self.site_code, t.c.status == TicketStatus.WAITING)
            )
            .mappings()
            .all()
        )
        skills = self.settings.skills_of(actor.username)
        chosen = pick_next(
            (
                Candidate(
                    id=r["id"],
                    category=r["category"],
                    waiting_since=r["waiting_since"],
                    priority=r["priority"],
                    appointment_at=r["appointment_at"],
                    expert_id=r["expert_id"],
                )
                for r in rows
            ),
            staff_id=actor.staff_id,
            skills=skills,
            now=now,
            rule=self.settings.rule,
        )
        if chosen is None:
            what = ", ".join(skills) if skills else "none"
            raise NoOneWaiting(
                "No one is waiting for the categories you serve ({what}).", what=what
            )
        return self._call(s, change, chosen.id)

    def call_ticket(self, s: Session, actor: Actor, *, ticket_id: str, now: datetime) -> Outcome:
        self._check_role(actor, CALLERS, "call visitors")
        change = self._begin_change(s, actor, now)
        self._refuse_second_visitor(s, actor)
        row = self._ticket(s, ticket_id)
        if row["status"] != TicketStatus.WAITING:
            raise TicketTaken(
                "Ticket {label} is not waiting: {status}.",
                label=row["label"],
                status=_status_words(row),
            )
        if row["expert_id"] is not None and row["expert_id"] != actor.staff_id:
            raise QueueError(
                "Ticket {label} was transferred to another staff member.", label=row["label"]
            )
        return self._call(s, change, ticket_id)

    def _call(self, s: Session, change: _Change, ticket_id: str) -> Outcome:
        t = self.t.ticket
        actor = change.actor
        done = s.execute(
            update(t)
            .where(t.c.id == ticket_id, t.c.status == TicketStatus.WAITING)
            .values(
                status=TicketStatus.CALLED,
                called_at=change.at,
                called_by=actor.staff_id,
                counter=actor.counter or actor.station_code,
            )
        )
        # Cannot happen under the site lock; if it ever does, say so rather than double-call.
        if getattr(done, "rowcount", 1) != 1:
            raise TicketTaken("That ticket was just called by someone else. Call again.")
        row = self._ticket(s, ticket_id)
        if row.get("language") is None:  # issued before tickets kept it: the site's usual one
            row = self._set(s, ticket_id, language=self.usual_language(s))
        change.add("called", row, {"language": row["language"]})
        written = self._write(s, change)
        return Outcome(self.view(row), written.events)

    def recall(self, s: Session, actor: Actor, *, ticket_id: str, now: datetime) -> Outcome:
        change = self._begin_change(s, actor, now)
        row = self._mine(s, actor, ticket_id)
        row = self._set(s, ticket_id, recalls=row["recalls"] + 1)
        change.add(
            "recalled", row, {"recalls": row["recalls"], "language": self._language_of(s, row)}
        )
        return Outcome(self.view(row), self._write(s, change).events)

    def no_show(self, s: Session, actor: Actor, *, ticket_id: str, now: datetime) -> Outcome:
        change = self._begin_change(s, actor, now)
        row = self._mine(s, actor, ticket_id)
        needed = self.settings.recalls_before_no_show
        if row["recalls"] < needed:
            raise QueueError(
                "Recall {label} %n time(s) before marking a no-show (recalled {recalls} so far).",
                label=row["label"],
                count=needed,
                recalls=row["recalls"],
            )
        row = self._set(s, ticket_id, status=TicketStatus.NO_SHOW, closed_at=now, outcome="no_show")
        change.add("no_show", row, {"recalls": row["recalls"]})
        return Outcome(self.view(row), self._write(s, change).events)

    def transfer(
        self,
        s: Session,
        actor: Actor,
        *,
        ticket_id: str,
        category: str | None = None,
        expert_id: str | None = None,
        note: str = "",
        now: datetime,
    ) -> Outcome:
        """Back to the lobby for another category or a named department expert;
        the visitor keeps their place in the line (``waiting_since`` is kept).
        ``note`` (what the visitor said) is added to the ticket's notes, which
        travel with it to whoever calls it next: the visitor is not asked again.

        A parked visitor may be sent on by anyone who serves; a visitor called to
        another desk only by a supervisor (a desk left with a ticket on it)."""
        change = self._begin_change(s, actor, now)
        row = self._ticket(s, ticket_id)
        override = (
            row["status"] == TicketStatus.CALLED
            and row["called_by"] != actor.staff_id
            and actor.role in SUPERVISORS
        )
        if row["status"] == TicketStatus.PARKED:
            self._check_role(actor, CALLERS, "transfer visitors")
        elif not override:
            row = self._mine(s, actor, ticket_id)
        if (category is None) == (expert_id is None):
            raise QueueError("Transfer to a category or to a named expert (one of the two).")
        new_category = row["category"]
        if category is not None:
            cat = self.settings.category(category)
            if cat is None:
                raise QueueError(
                    "There is no service category '{category}' at this site.",
                    category=category.strip(),
                )
            new_category = cat.letter
        note = note.strip()
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in note):
            raise QueueError("The note has control characters: type it again.")
        if len(note) > MAX_NOTE:
            raise QueueError("The note is too long (at most {limit} characters).", limit=MAX_NOTE)
        notes = (row.get("notes") or "").strip()
        if note:
            stamp = now.astimezone(self.settings.zone).strftime("%H:%M")
            notes = f"{notes}\n[{stamp} {actor.username}] {note}".strip()
        row = self._set(
            s,
            ticket_id,
            status=TicketStatus.WAITING,
            category=new_category,
            expert_id=expert_id,
            notes=notes[-MAX_NOTES:],
            called_by=None,
            called_at=None,
            counter=None,
            recalls=0,
            transfers=row["transfers"] + 1,
        )
        # The note stays on the ticket; the timeline (sent to head office) only says there is one.
        detail: dict[str, Any] = {
            "to_category": new_category,
            "to_expert": expert_id,
            "with_note": bool(note),
        }
        if override:
            detail["supervisor_override"] = True
        change.add("transferred", row, detail)
        return Outcome(self.view(row), self._write(s, change).events)

    def park(self, s: Session, actor: Actor, *, ticket_id: str, now: datetime) -> Outcome:
        change = self._begin_change(s, actor, now)
        self._mine(s, actor, ticket_id)
        row = self._set(s, ticket_id, status=TicketStatus.PARKED)
        change.add("parked", row)
        return Outcome(self.view(row), self._write(s, change).events)

    def resume(self, s: Session, actor: Actor, *, ticket_id: str, now: datetime) -> Outcome:
        self._check_role(actor, CALLERS, "serve visitors")
        change = self._begin_change(s, actor, now)
        row = self._ticket(s, ticket_id)
        if row["status"] != TicketStatus.PARKED:
            raise QueueError(
                "Ticket {label} is not parked ({status}).",
                label=row["label"],
                status=_status_words(row),
            )
        self._refuse_second_visitor(s, actor)
        row = self._set(
            s,
            ticket_id,
            status=TicketStatus.CALLED,
            called_by=actor.staff_id,
            counter=actor.counter or actor.station_code,
        )
        change.add("resumed", row, {"language": self._language_of(s, row)})
        return Outcome(self.view(row), self._write(s, change).events)

    def close(
        self,
        s: Session,
        actor: Actor,
        *,
        ticket_id: str,
        outcome: str = "resolved",
        sale_id: str | None = None,
        now: datetime,
    ) -> Outcome:
        """The visit is over: "resolved" at the desk, or "handed_off" to a department."""
        if outcome not in ("resolved", "handed_off"):
            raise QueueError("A visit ends resolved or handed off to a department.")
        change = self._begin_change(s, actor, now)
        self._mine(s, actor, ticket_id)
        row = self._set(s, ticket_id, status=TicketStatus.CLOSED, closed_at=now, outcome=outcome)
        if sale_id is not None:
            change.add("served", row, {"sale_id": sale_id})
        change.add("closed", row, {"outcome": outcome})
        return Outcome(self.view(row), self._write(s, change).events)

    def serve_walk_in(
        self,
        s: Session,
        actor: Actor,
        *,
        request_id: str,
        category: str,
        services: list[str] | tuple[str, ...] = (),
        language: str | None = None,
        now: datetime,
    ) -> Outcome:
        """Quick serve (issue 16): a visitor who took no ticket is served at once.
        ``language``: the visitor's, when the associate chose it already (issue 13).

        A ticket is issued and called to this desk in the same transaction, so
        it never waits in the lobby, yet the visit is timed from here and
        counted in the day's figures (issued, called, served, a wait of 0)."""
        self._check_role(actor, CALLERS, "serve visitors")
        issued = self.issue(
            s,
            actor,
            request_id=request_id,
            category=category,
            services=services,
            language=language,
            now=now,
        )
        ticket: IssuedTicket = issued.result
        if ticket.repeated:  # a double press: the visitor is already at this desk
            return Outcome(ticket.ticket)
        called = self.call_ticket(s, actor, ticket_id=ticket.ticket.id, now=now)
        return Outcome(called.result, issued.events + called.events)

    def answered(
        self,
        s: Session,
        actor: Actor,
        *,
        article_id: str,
        ticket_id: str | None = None,
        now: datetime,
    ) -> Outcome:
        """A tier-1 question answered from the knowledge base (issue 16): with no
        ticket it is a contact resolved at first contact in the day's figures;
        with one, the ticket's own ending counts."""
        change = self._begin_change(s, actor, now)
        row = self._ticket(s, ticket_id) if ticket_id is not None else None
        change.add("answered", row, {"article_id": article_id[:36], "tier": 1})
        return Outcome(change.version, self._write(s, change).events)

    def need_backup(self, s: Session, actor: Actor, *, now: datetime) -> Outcome:
        """The greeter asks for another associate at the desk (Oshawa's "button")."""
        change = self._begin_change(s, actor, now)
        change.add("backup", None)
        return Outcome(change.version, self._write(s, change).events)

    def acknowledge_backup(self, s: Session, actor: Actor, *, now: datetime) -> Outcome:
        """A supervisor has seen the greeter's call for backup: it clears on every
        screen (greeter, every dock) through the same change stream."""
        self._check_role(actor, SUPERVISORS, "acknowledge a backup request")
        change = self._begin_change(s, actor, now)
        change.add("backup_ack", None, {"by": actor.username})
        return Outcome(change.version, self._write(s, change).events)

    # --- reading ---------------------------------------------------------------

    def version(self, s: Session) -> int:
        site = self.t.site
        return (
            s.execute(select(site.c.version).where(site.c.site_code == self.site_code)).scalar()
            or 0
        )

    def snapshot(self, s: Session, *, now: datetime) -> QueueSnapshot:
        t = self.t.ticket
        rows = (
            s.execute(
                select(t)
                .where(
                    t.c.site_code == self.site_code,
                    t.c.status.in_(
                        [TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.PARKED]
                    ),
                )
                .order_by(t.c.waiting_since, t.c.id)
            )
            .mappings()
            .all()
        )
        views = [self.view(r) for r in rows]
        waiting = [v for v in views if v.status == TicketStatus.WAITING]
        serving = [v for v in views if v.status == TicketStatus.CALLED]
        parked = [v for v in views if v.status == TicketStatus.PARKED]
        loads = []
        for cat in self.settings.categories:
            mine = [v for v in waiting if v.category == cat.letter]
            loads.append(
                CategoryLoad(
                    letter=cat.letter,
                    name=cat.name,
                    waiting=len(mine),
                    serving=sum(v.category == cat.letter for v in serving),
                    longest_wait_s=int(
                        max(((now - v.waiting_since).total_seconds() for v in mine), default=0)
                    ),
                )
            )
        start, end = self.day_bounds(self.day_of(now))
        a = self.t.appointment
        appointments = [
            AppointmentView(
                id=r["id"],
                at=r["at"],
                category=r["category"],
                services=list(r["services"]),
                visitor_name=r["visitor_name"],
                status=r["status"],
                ticket_id=r["ticket_id"],
            )
            for r in s.execute(
                select(a)
                .where(a.c.site_code == self.site_code, a.c.at >= start, a.c.at < end)
                .order_by(a.c.at)
            ).mappings()
        ]
        e = self.t.event
        backups: list[dict[str, Any]] = []
        for r in s.execute(
            select(e)
            .where(
                e.c.site_code == self.site_code,
                e.c.kind.in_(["backup", "backup_ack"]),
                e.c.at >= now - BACKUP_WINDOW,
            )
            .order_by(e.c.seq)
        ).mappings():
            if r["kind"] == "backup_ack":
                backups = []  # acknowledged: every request before it is answered
                continue
            backups.append(
                {
                    "at": r["at"].isoformat(),
                    "station_code": r["station_code"],
                    "counter": (r["detail"] or {}).get("counter", ""),
                }
            )
        return QueueSnapshot(
            version=self.version(s),
            at=now,
            settings=self.settings.to_public(),
            waiting=waiting,
            serving=serving,
            parked=parked,
            appointments=appointments,
            categories=loads,
            backup_requests=backups,
        )

    def day_bounds(self, day: str) -> tuple[datetime, datetime]:
        d = datetime.fromisoformat(day).date()
        start = datetime(d.year, d.month, d.day, tzinfo=self.settings.zone)
        end = datetime.combine(d + timedelta(days=1), datetime.min.time(), self.settings.zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def changes_since(self, s: Session, version: int, limit: int = 500) -> list[QueueChange]:
        e = self.t.event
        rows = s.execute(
            select(e)
            .where(e.c.site_code == self.site_code, e.c.seq > version)
            .order_by(e.c.seq, e.c.id)
            .limit(limit)
        ).mappings()
        return [change_of(r) for r in rows]

    def events_of_day(self, s: Session, day: str) -> list[dict[str, Any]]:
        start, end = self.day_bounds(day)
        e = self.t.event
        rows = s.execute(
            select(e)
            .where(e.c.site_code == self.site_code, e.c.at >= start, e.c.at < end)
            .order_by(e.c.seq, e.c.id)
        ).mappings()
        return [dict(r) for r in rows]

    @staticmethod
    def view(row: RowMapping) -> TicketView:
        return TicketView(
            id=row["id"],
            label=row["label"],
            category=row["category"],
            services=list(row["services"]),
            priority=row["priority"],
            language_line=row["language_line"],
            visitor_name=row["visitor_name"],
            status=row["status"],
            issued_at=row["issued_at"],
            waiting_since=row["waiting_since"],
            called_at=row["called_at"],
            called_by=row["called_by"],
            counter=row["counter"],
            recalls=row["recalls"],
            appointment_at=row["appointment_at"],
            expert_id=row["expert_id"],
            transfers=row["transfers"],
            notes=row.get("notes") or "",
            language=row.get("language"),
        )


def _appointment_view(r: RowMapping) -> AppointmentView:
    return AppointmentView(
        id=r["id"],
        at=r["at"],
        category=r["category"],
        services=list(r["services"]),
        visitor_name=r["visitor_name"],
        status=r["status"],
        ticket_id=r["ticket_id"],
        contact=r.get("contact") or "",
    )


def _one_line(label: str, text: str, limit: int) -> str:
    value = " ".join(text.split())
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text if ch not in " \t"):
        raise QueueError("{label} has control characters: type it again.", label=label)
    if len(value) > limit:
        raise QueueError(
            "{label} is too long (at most {limit} characters).", label=label, limit=limit
        )
    return value


def _visitor_name(text: str) -> str:
    """A visitor's name as kept: one line, spaces collapsed, at most ``MAX_NAME``
    characters (the column's); refused rather than cut (a ticket or booking under a
    name the greeter did not type)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text if ch not in " \t"):
        raise QueueError("{label} has control characters: type it again.", label="The name")
    name = " ".join(text.split())
    if len(name) > MAX_NAME:
        raise QueueError("The name is too long (at most {limit} characters).", limit=MAX_NAME)
    return name


def _status_words(row: RowMapping) -> Message | str:
    status = row["status"]
    if status == TicketStatus.CALLED:
        if row["counter"]:
            return Message("already called to {counter}", counter=row["counter"])
        return Message("already called to another counter")
    return {
        TicketStatus.WAITING: Message("still waiting"),
        TicketStatus.PARKED: Message("parked"),
        TicketStatus.CLOSED: Message("already served and closed"),
        TicketStatus.NO_SHOW: Message("marked as a no-show"),
    }.get(status, str(status))


def _insert_ignore(s: Session, table: Any) -> Any:
    name = s.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()
