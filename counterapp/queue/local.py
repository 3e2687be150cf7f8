"""A station's own queue, in its SQLite file: a one-desk office with no site
server (and the demo). Same operations and rules as the site server's queue
(``QueueEngine``); each change is one SQLite transaction (``BEGIN
IMMEDIATE``: the writer lock serialises "call next"), with an outbox entry
per timeline event, so the events replicate to head office like sales.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import QUEUE_TABLES, OutboxEntry, Station
from counterapp.db.uow import UnitOfWork
from counterapp.queue.engine import Outcome, QueueEngine, event_payload
from counterapp.queue.settings import QueueSettings
from counterapp.queue.views import (
    Actor,
    AppointmentView,
    IssuedTicket,
    QueueChange,
    QueueSnapshot,
    SlotView,
    TicketView,
)
from counterapp.services import site
from counterapp.services.errors import ServiceError

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Listener = Callable[[list[QueueChange]], None]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class QueueUnavailable(ServiceError):
    """The site's queue cannot be reached (the server is down or unreachable)."""


class LocalQueue:
    """The queue of a station without a site server. Blocking: call it from a worker lane."""

    shared = False

    def __init__(
        self,
        session_factory: Callable[[], Session],
        settings: QueueSettings,
        *,
        clock: Clock = _utcnow,
    ) -> None:
        self._sf = session_factory
        self.settings = settings
        self._clock = clock
        self._engine: QueueEngine | None = None
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @property
    def engine(self) -> QueueEngine:
        if self._engine is None:
            with UnitOfWork(self._sf, readonly=True) as uow:
                station = uow.session.scalars(select(Station)).one()
                site_code, site_name = station.site_code, station.site_name
            self._engine = QueueEngine(
                QUEUE_TABLES,
                self.settings,
                site_code,
                site_name,
                usual_language=site.visitor_language,  # the site setting head office publishes
            )
        return self._engine

    def subscribe(self, listener: Listener) -> None:
        """``listener(changes)`` after every committed change (on the caller's thread)."""
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _run(self, op: Callable[..., Outcome], **kwargs: Any) -> Any:
        with UnitOfWork(self._sf) as uow:
            outcome = op(uow.session, now=self._clock(), **kwargs)
            for event in outcome.events:
                uow.session.add(
                    OutboxEntry(
                        id=event["id"],
                        kind="queue_event",
                        payload=event_payload(event),
                        created_at=event["at"],
                    )
                )
            uow.commit()
        changes = outcome.changes()
        if changes:
            for listener in list(self._listeners):
                try:
                    listener(changes)
                except Exception:  # a broken listener must not undo a committed change
                    log.exception("queue listener failed")
        return outcome.result

    # --- operations (the same names as RemoteQueue) ---------------------------

    def issue(self, actor: Actor, **kwargs: Any) -> IssuedTicket:
        result: IssuedTicket = self._run(self.engine.issue, actor=actor, **kwargs)
        return result

    def check_in(self, actor: Actor, *, appointment_id: str, request_id: str) -> IssuedTicket:
        result: IssuedTicket = self._run(
            self.engine.check_in, actor=actor, appointment_id=appointment_id, request_id=request_id
        )
        return result

    def book_appointment(self, actor: Actor, **kwargs: Any) -> str:
        result: str = self._run(self.engine.book_appointment, actor=actor, **kwargs)
        return result

    def call_next(self, actor: Actor) -> TicketView:
        result: TicketView = self._run(self.engine.call_next, actor=actor)
        return result

    def call_ticket(self, actor: Actor, ticket_id: str) -> TicketView:
        result: TicketView = self._run(self.engine.call_ticket, actor=actor, ticket_id=ticket_id)
        return result

    def recall(self, actor: Actor, ticket_id: str) -> TicketView:
        result: TicketView = self._run(self.engine.recall, actor=actor, ticket_id=ticket_id)
        return result

    def no_show(self, actor: Actor, ticket_id: str) -> TicketView:
        result: TicketView = self._run(self.engine.no_show, actor=actor, ticket_id=ticket_id)
        return result

    def transfer(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        category: str | None = None,
        expert_id: str | None = None,
        note: str = "",
    ) -> TicketView:
        result: TicketView = self._run(
            self.engine.transfer,
            actor=actor,
            ticket_id=ticket_id,
            category=category,
            expert_id=expert_id,
            note=note,
        )
        return result

    def park(self, actor: Actor, ticket_id: str) -> TicketView:
        result: TicketView = self._run(self.engine.park, actor=actor, ticket_id=ticket_id)
        return result

    def resume(self, actor: Actor, ticket_id: str) -> TicketView:
        result: TicketView = self._run(self.engine.resume, actor=actor, ticket_id=ticket_id)
        return result

    def close(
        self,
        actor: Actor,
        ticket_id: str,
        *,
        outcome: str = "resolved",
        sale_id: str | None = None,
    ) -> TicketView:
        result: TicketView = self._run(
            self.engine.close, actor=actor, ticket_id=ticket_id, outcome=outcome, sale_id=sale_id
        )
        return result

    def serve_walk_in(self, actor: Actor, **kwargs: Any) -> TicketView:
        result: TicketView = self._run(self.engine.serve_walk_in, actor=actor, **kwargs)
        return result

    def answered(self, actor: Actor, *, article_id: str, ticket_id: str | None = None) -> int:
        result: int = self._run(
            self.engine.answered, actor=actor, article_id=article_id, ticket_id=ticket_id
        )
        return result

    def need_backup(self, actor: Actor) -> int:
        result: int = self._run(self.engine.need_backup, actor=actor)
        return result

    def acknowledge_backup(self, actor: Actor) -> int:
        result: int = self._run(self.engine.acknowledge_backup, actor=actor)
        return result

    def snapshot(self) -> QueueSnapshot:
        engine = self.engine
        with UnitOfWork(self._sf, readonly=True) as uow:
            return engine.snapshot(uow.session, now=self._clock())

    # Appointments (issue 16)
    def move_appointment(self, actor: Actor, appointment_id: str, at: datetime) -> str:
        result: str = self._run(
            self.engine.move_appointment, actor=actor, appointment_id=appointment_id, at=at
        )
        return result

    def cancel_appointment(self, actor: Actor, appointment_id: str) -> str:
        result: str = self._run(
            self.engine.cancel_appointment, actor=actor, appointment_id=appointment_id
        )
        return result

    def appointment_no_show(self, actor: Actor, appointment_id: str) -> str:
        result: str = self._run(
            self.engine.appointment_no_show, actor=actor, appointment_id=appointment_id
        )
        return result

    def slots(self, day: str, category: str) -> list[SlotView]:
        engine = self.engine
        with UnitOfWork(self._sf, readonly=True) as uow:
            return engine.slots(uow.session, day=day, category=category)

    def appointments_of_day(self, day: str) -> list[AppointmentView]:
        engine = self.engine
        with UnitOfWork(self._sf, readonly=True) as uow:
            return engine.appointments_of_day(uow.session, day=day)

    def events_of_day(self, day: str) -> list[dict[str, Any]]:
        engine = self.engine
        with UnitOfWork(self._sf, readonly=True) as uow:
            return engine.events_of_day(uow.session, day)

    def close_connection(self) -> None:
        """Nothing to close for a local queue (the station's database stays open)."""
