"""The site's shared walk-in queue on the server (``counterapp server``).

Every station of a site issues, calls and closes tickets here, through the
same ``QueueEngine`` a one-desk office runs on its own SQLite file. A change
locks the site's ``queue_site`` row (PostgreSQL ``FOR UPDATE``; SQLite's
writer lock at ``BEGIN IMMEDIATE``), so "call next" from two counters at the
same instant is served one after the other: never the same ticket twice.

Live updates are server-sent events (``GET …/events``): after each commit
the change is handed to every connected station of the site; a station that
reconnects sends ``Last-Event-ID`` and gets what it missed from the
timeline. Fan-out is in this process: run one server process per site queue.

Every call is proven (``counterapp.server.access``): a registered station
of the site, by its credential, and the staff member it names (``Actor``)
must be one of the site's published staff with the role they claim. A
head-office user comes in through issue 14's hook and never sees visitors'
names.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, StrictBool
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.i18n import VISITOR_LANGUAGE_SETTING, language_or_default
from counterapp.queue.engine import (
    MAX_CONTACT,
    MAX_NAME,
    MAX_NOTE,
    Outcome,
    QueueEngine,
    QueueError,
)
from counterapp.queue.measures import summarise
from counterapp.queue.settings import QueueSettings
from counterapp.queue.tables import queue_tables
from counterapp.queue.views import (
    Actor,
    AppointmentView,
    IssuedTicket,
    QueueChange,
    QueueSnapshot,
    QueueText,
    SlotView,
    TicketView,
    VisitorLanguage,
)
from counterapp.server.access import (
    QUEUE_ACT,
    QUEUE_READ,
    SiteCaller,
    check_actor,
    site_caller,
)
from counterapp.server.db import ServerBase
from counterapp.server.limits import MAX_INTEGER, IsoDate, WireTime
from counterapp.server.reference import ReferenceItem
from counterapp.services.errors import NotPermitted

log = logging.getLogger(__name__)

SETTINGS_ENV = "COUNTERAPP_QUEUE_SETTINGS"
KEEPALIVE_S = 10.0

SERVER_QUEUE = queue_tables(ServerBase.metadata)

SessionFactory = Callable[[], Session]


class _Hub:
    """The stations listening to one site: asyncio queues, fed from worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[list[Any]]]] = set()

    def add(self, loop: asyncio.AbstractEventLoop, q: asyncio.Queue[list[Any]]) -> None:
        with self._lock:
            self._subscribers.add((loop, q))

    def remove(self, loop: asyncio.AbstractEventLoop, q: asyncio.Queue[list[Any]]) -> None:
        with self._lock:
            self._subscribers.discard((loop, q))

    def publish(self, changes: list[QueueChange]) -> None:
        if not changes:
            return
        data = [c.model_dump(mode="json") for c in changes]
        with self._lock:
            targets = list(self._subscribers)
        for loop, q in targets:
            try:
                loop.call_soon_threadsafe(q.put_nowait, data)
            except RuntimeError:  # that loop has closed
                self.remove(loop, q)

    @property
    def listeners(self) -> int:
        return len(self._subscribers)


# Every string of a queue body is bounded by its column (and the engine's own limit),
# text only and without control characters (``QueueText``); flags are true JSON
# booleans. Anything else is refused with a 422 naming the field, before the queue.
RequestId = Annotated[str, QueueText(36, min_length=1)]  # queue_ticket.request_id
CategoryLetter = Annotated[str, QueueText(4, min_length=1)]  # queue_ticket.category
ServiceCode = Annotated[str, QueueText(32, min_length=1)]  # a catalogue code
RecordRef = Annotated[str, QueueText(36, min_length=1)]  # a ticket, staff, sale or article id
VisitorName = Annotated[str, QueueText(MAX_NAME)]  # queue_ticket/appointment.visitor_name
Services = Annotated[list[ServiceCode], Field(max_length=20)]


class ActorBody(BaseModel):
    actor: Actor


class IssueBody(ActorBody):
    request_id: RequestId
    category: CategoryLetter
    services: Services = Field(default_factory=list)
    priority: StrictBool = False
    language_line: StrictBool = False
    visitor_name: VisitorName = ""
    # The visitor's language (issue 13); left out (an older station): the site's usual one.
    language: VisitorLanguage | None = None


class BookBody(ActorBody):
    at: WireTime
    category: CategoryLetter
    services: Services = Field(default_factory=list)
    visitor_name: VisitorName = ""
    contact: Annotated[str, QueueText(MAX_CONTACT)] = ""


class MoveBody(ActorBody):
    at: WireTime


class CheckInBody(ActorBody):
    request_id: RequestId


class WalkInBody(ActorBody):
    request_id: RequestId
    category: CategoryLetter
    services: Services = Field(default_factory=list)
    language: VisitorLanguage | None = None  # the visit's, when the associate chose it


class AnsweredBody(ActorBody):
    article_id: RecordRef
    ticket_id: RecordRef | None = None


class TicketActionBody(ActorBody):
    category: CategoryLetter | None = None
    expert_id: RecordRef | None = None
    # A warm transfer's notes (issue 16): lines and tabs kept.
    note: Annotated[str, QueueText(MAX_NOTE, lines=True)] = ""
    outcome: Literal["resolved", "handed_off"] = "resolved"
    sale_id: RecordRef | None = None


class SiteQueues:
    """One engine and one hub per site, made on first use."""

    def __init__(self, settings: QueueSettings) -> None:
        self.settings = settings
        self._engines: dict[str, QueueEngine] = {}
        self._hubs: dict[str, _Hub] = {}
        self._writers: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def engine(self, site: str) -> QueueEngine:
        with self._lock:
            if site not in self._engines:
                self._engines[site] = QueueEngine(
                    SERVER_QUEUE,
                    self.settings,
                    site,
                    usual_language=partial(usual_visitor_language, site=site),
                )
                self._hubs[site] = _Hub()
                self._writers[site] = threading.Lock()
            return self._engines[site]

    def writer(self, site: str) -> threading.Lock:
        """Changes of one site take turns in this process first: a thread waiting
        here is woken the moment the lock is free, where SQLite's busy handler
        would poll with sleeps of up to 100 ms. The database lock stays the
        guarantee (another process, a second server)."""
        self.engine(site)
        return self._writers[site]

    def hub(self, site: str) -> _Hub:
        self.engine(site)
        return self._hubs[site]


def usual_visitor_language(session: Session, site: str) -> str:
    """The site's usual visitor language as head office published it (the setting
    ``visitor_language``, for this site or for every site), "en" without one: what a
    ticket issued without a language (an older station) is called in."""
    row = session.execute(
        select(ReferenceItem.site_code, ReferenceItem.data).where(
            ReferenceItem.entity == "setting",
            ReferenceItem.key == VISITOR_LANGUAGE_SETTING,
            ReferenceItem.deleted.is_(False),
        )
    ).first()
    if row is None or row.site_code not in ("", site) or not isinstance(row.data, dict):
        return "en"
    return language_or_default(str(row.data.get("value")))


def load_settings() -> QueueSettings:
    path = os.environ.get(SETTINGS_ENV, "").strip()
    return QueueSettings.load(FilePath(path) if path else None)


def install_queue(app: FastAPI, readers: SessionFactory, writers: SessionFactory) -> None:
    """Add the queue endpoints to the server app (``create_app``'s one-line hook)."""
    sites = SiteQueues(load_settings())
    app.state.queue_sites = sites
    app.include_router(queue_router(sites, readers, writers))


def _refused(exc: Exception) -> JSONResponse:
    status = 403 if isinstance(exc, NotPermitted) else 409
    return JSONResponse(
        status_code=status, content={"detail": str(exc), "kind": type(exc).__name__}
    )


def _reader(request: Request, site: str) -> SiteCaller:
    return site_caller(request, site, QUEUE_READ)


def _actor_of(request: Request, site: str) -> SiteCaller:
    return site_caller(request, site, QUEUE_ACT)


QueueId = Annotated[str, Path(), QueueText(36, min_length=1)]
Reader = Annotated[SiteCaller, Depends(_reader)]
ActingCaller = Annotated[SiteCaller, Depends(_actor_of)]


def _without_names(snapshot: QueueSnapshot) -> QueueSnapshot:
    """A snapshot for someone away from the site: no visitor's name."""

    def blank(tickets: list[TicketView]) -> list[TicketView]:
        return [t.model_copy(update={"visitor_name": ""}) for t in tickets]

    return snapshot.model_copy(
        update={
            "waiting": blank(snapshot.waiting),
            "serving": blank(snapshot.serving),
            "parked": blank(snapshot.parked),
        }
    )


def queue_router(sites: SiteQueues, readers: SessionFactory, writers: SessionFactory) -> APIRouter:
    router = APIRouter(prefix="/api/v1/queue/{site}", tags=["queue"])

    def change(
        caller: SiteCaller,
        actor: Actor,
        op: Callable[[QueueEngine, Session, datetime], Outcome],
    ) -> Any:
        site = caller.site
        engine = sites.engine(site)
        try:
            with sites.writer(site), writers() as session, session.begin():
                check_actor(session, caller, actor)
                outcome = op(engine, session, datetime.now(UTC))
        except (QueueError, NotPermitted) as exc:
            return _refused(exc)
        sites.hub(site).publish(outcome.changes())
        return outcome.result

    @router.get("/snapshot", response_model=QueueSnapshot)
    def snapshot(caller: Reader) -> QueueSnapshot:
        engine = sites.engine(caller.site)
        with readers() as session:
            found = engine.snapshot(session, now=datetime.now(UTC))
        return found if caller.sees_visitors else _without_names(found)

    @router.post("/tickets", response_model=IssuedTicket)
    def issue(caller: ActingCaller, body: IssueBody) -> Any:
        return change(
            caller,
            body.actor,
            lambda e, s, now: e.issue(
                s,
                body.actor,
                request_id=body.request_id,
                category=body.category,
                services=body.services,
                priority=body.priority,
                language_line=body.language_line,
                visitor_name=body.visitor_name,
                language=body.language,
                now=now,
            ),
        )

    @router.post("/appointments")
    def book(caller: ActingCaller, body: BookBody) -> Any:
        result = change(
            caller,
            body.actor,
            lambda e, s, now: e.book_appointment(
                s,
                body.actor,
                at=body.at,
                category=body.category,
                services=body.services,
                visitor_name=body.visitor_name,
                contact=body.contact,
                now=now,
            ),
        )
        return result if isinstance(result, JSONResponse) else {"id": result}

    # Appointments: move, cancel, no-show, slots, a day's list (issue 16)
    @router.post("/appointments/{appointment_id}/move")
    def move(caller: ActingCaller, appointment_id: QueueId, body: MoveBody) -> Any:
        result = change(
            caller,
            body.actor,
            lambda e, s, now: e.move_appointment(
                s, body.actor, appointment_id=appointment_id, at=body.at, now=now
            ),
        )
        return result if isinstance(result, JSONResponse) else {"id": result}

    @router.post("/appointments/{appointment_id}/cancel")
    def cancel(caller: ActingCaller, appointment_id: QueueId, body: ActorBody) -> Any:
        result = change(
            caller,
            body.actor,
            lambda e, s, now: e.cancel_appointment(
                s, body.actor, appointment_id=appointment_id, now=now
            ),
        )
        return result if isinstance(result, JSONResponse) else {"id": result}

    @router.post("/appointments/{appointment_id}/no-show")
    def appointment_no_show(caller: ActingCaller, appointment_id: QueueId, body: ActorBody) -> Any:
        result = change(
            caller,
            body.actor,
            lambda e, s, now: e.appointment_no_show(
                s, body.actor, appointment_id=appointment_id, now=now
            ),
        )
        return result if isinstance(result, JSONResponse) else {"id": result}

    @router.get("/slots", response_model=list[SlotView])
    def slots(
        caller: Reader,
        day: Annotated[IsoDate, Query(description="YYYY-MM-DD")],
        category: Annotated[str, Query(), QueueText(4, min_length=1)],
    ) -> Any:
        engine = sites.engine(caller.site)
        try:
            with readers() as session:
                return engine.slots(session, day=day.isoformat(), category=category)
        except QueueError as exc:  # the only one: a category the site does not have
            return JSONResponse(status_code=422, content={"detail": str(exc), "kind": "QueueError"})

    @router.get("/appointments", response_model=list[AppointmentView])
    def appointments(
        caller: Reader, day: Annotated[IsoDate, Query(description="YYYY-MM-DD")]
    ) -> Any:
        if not caller.sees_visitors:  # names and contacts never leave the site (issue 15)
            raise HTTPException(403, detail="a site's appointments are read at the site only")
        engine = sites.engine(caller.site)
        with readers() as session:
            return engine.appointments_of_day(session, day=day.isoformat())

    @router.post("/appointments/{appointment_id}/check-in", response_model=IssuedTicket)
    def check_in(caller: ActingCaller, appointment_id: QueueId, body: CheckInBody) -> Any:
        return change(
            caller,
            body.actor,
            lambda e, s, now: e.check_in(
                s, body.actor, appointment_id=appointment_id, request_id=body.request_id, now=now
            ),
        )

    @router.post("/walk-ins", response_model=TicketView)
    def walk_in(caller: ActingCaller, body: WalkInBody) -> Any:
        return change(
            caller,
            body.actor,
            lambda e, s, now: e.serve_walk_in(
                s,
                body.actor,
                request_id=body.request_id,
                category=body.category,
                services=body.services,
                language=body.language,
                now=now,
            ),
        )

    @router.post("/answered")
    def answered(caller: ActingCaller, body: AnsweredBody) -> Any:
        result = change(
            caller,
            body.actor,
            lambda e, s, now: e.answered(
                s, body.actor, article_id=body.article_id, ticket_id=body.ticket_id, now=now
            ),
        )
        return result if isinstance(result, JSONResponse) else {"version": result}

    @router.post("/call-next", response_model=TicketView)
    def call_next(caller: ActingCaller, body: ActorBody) -> Any:
        return change(caller, body.actor, lambda e, s, now: e.call_next(s, body.actor, now=now))

    @router.post("/tickets/{ticket_id}/{action}", response_model=TicketView)
    def act(caller: ActingCaller, ticket_id: QueueId, action: str, body: TicketActionBody) -> Any:
        a = body.actor
        ops: dict[str, Callable[[QueueEngine, Session, datetime], Outcome]] = {
            "call": lambda e, s, now: e.call_ticket(s, a, ticket_id=ticket_id, now=now),
            "recall": lambda e, s, now: e.recall(s, a, ticket_id=ticket_id, now=now),
            "no-show": lambda e, s, now: e.no_show(s, a, ticket_id=ticket_id, now=now),
            "park": lambda e, s, now: e.park(s, a, ticket_id=ticket_id, now=now),
            "resume": lambda e, s, now: e.resume(s, a, ticket_id=ticket_id, now=now),
            "transfer": lambda e, s, now: e.transfer(
                s,
                a,
                ticket_id=ticket_id,
                category=body.category,
                expert_id=body.expert_id,
                note=body.note,
                now=now,
            ),
            "close": lambda e, s, now: e.close(
                s, a, ticket_id=ticket_id, outcome=body.outcome, sale_id=body.sale_id, now=now
            ),
        }
        op = ops.get(action)
        if op is None:
            return JSONResponse(status_code=404, content={"detail": f"no action {action!r}"})
        return change(caller, a, op)

    @router.post("/backup")
    def backup(caller: ActingCaller, body: ActorBody) -> Any:
        result = change(caller, body.actor, lambda e, s, now: e.need_backup(s, body.actor, now=now))
        return result if isinstance(result, JSONResponse) else {"version": result}

    @router.post("/backup/ack")
    def backup_ack(caller: ActingCaller, body: ActorBody) -> Any:
        result = change(
            caller, body.actor, lambda e, s, now: e.acknowledge_backup(s, body.actor, now=now)
        )
        return result if isinstance(result, JSONResponse) else {"version": result}

    @router.get("/events-of-day")
    def events_of_day(caller: Reader, day: Annotated[IsoDate, Query()]) -> list[dict[str, Any]]:
        engine = sites.engine(caller.site)
        with readers() as session:
            rows = engine.events_of_day(session, day.isoformat())
        return [{**r, "at": r["at"].isoformat()} for r in rows]

    @router.get("/measures")
    def measures(caller: Reader, day: Annotated[IsoDate, Query()]) -> dict[str, Any]:
        engine = sites.engine(caller.site)
        with readers() as session:
            rows = engine.events_of_day(session, day.isoformat())
        s = sites.settings
        over = day < datetime.now(s.zone).date()
        return summarise(
            rows, day=day.isoformat(), zone=s.zone, standard=s.in_person_standard, day_over=over
        ).as_dict()

    @router.get("/events")
    async def events(
        site: str,
        request: Request,
        last_event_id: Annotated[
            str | None, Header(max_length=10, description="the last event's seq")
        ] = None,
        since: Annotated[int | None, Query(ge=0, le=MAX_INTEGER)] = None,
    ) -> StreamingResponse:
        # Proven before anything streams (a thread: the credential is a database read).
        caller = await run_in_threadpool(site_caller, request, site, QUEUE_READ)
        hub = sites.hub(site)
        engine = sites.engine(site)
        start = since
        if last_event_id and last_event_id.isascii() and last_event_id.isdigit():
            start = int(last_event_id)
            if start > MAX_INTEGER:  # the events' seq is an INTEGER column
                raise HTTPException(422, detail=f"Last-Event-ID: at most {MAX_INTEGER}")

        async def stream() -> AsyncIterator[str]:
            loop = asyncio.get_running_loop()
            q: asyncio.Queue[list[Any]] = asyncio.Queue()
            hub.add(loop, q)  # before the catch-up read, so nothing falls between
            try:
                if start is not None:
                    missed = await run_in_threadpool(_since, readers, engine, start)
                    if missed:
                        yield _sse(missed)
                else:
                    yield ": connected\n\n"
                while True:
                    try:
                        data = await asyncio.wait_for(q.get(), KEEPALIVE_S)
                    except TimeoutError:
                        if await request.is_disconnected():
                            return
                        if not await run_in_threadpool(_still_allowed, request, caller):
                            return  # revoked while listening: the stream ends
                        yield ": keep-alive\n\n"
                        continue
                    yield _sse(data)
            finally:
                hub.remove(loop, q)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    return router


def _still_allowed(request: Request, caller: SiteCaller) -> bool:
    try:
        site_caller(request, caller.site, QUEUE_READ)
    except HTTPException:
        return False
    return True


def _since(readers: SessionFactory, engine: QueueEngine, version: int) -> list[dict[str, Any]]:
    with readers() as session:
        return [c.model_dump(mode="json") for c in engine.changes_since(session, version)]


def _sse(changes: list[dict[str, Any]]) -> str:
    last = max(int(c["version"]) for c in changes)
    return f"id: {last}\ndata: {json.dumps(changes)}\n\n"
