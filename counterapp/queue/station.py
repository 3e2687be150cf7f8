"""Wiring a station to the walk-in queue (no Qt, no widgets): the site server's queue
when the station has a server (``queue.json`` ``"mode"``), else its own.

Tickets and now-serving calls are device jobs like every other output: the
ticket printer and the sign are the station's devices with those roles
(Device settings, ``station.json``), and ``print_ticket`` / ``announce`` put a
stored job in the device job queue and wake its lane.

``station_queue(ctx)`` reads the station row, so call it from a worker lane;
the greeter window and the queue panel of one station share what it returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.bootstrap import StationContext
from counterapp.db.models import Service, Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.device_lanes import DeviceLanes
from counterapp.domain.devices import DeviceRole, first_device
from counterapp.queue.local import LocalQueue
from counterapp.queue.remote import ChangeListener, RemoteQueue
from counterapp.queue.settings import FILE_NAME, QueueSettings
from counterapp.queue.views import Actor, IssuedTicket, QueueChange
from counterapp.services import device_jobs, site
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import JobInfo, RetryJob
from counterapp.sync.protocol import load_credential


@dataclass
class StationQueue:
    settings: QueueSettings
    backend: LocalQueue | RemoteQueue
    station_code: str
    site_code: str
    site_name: str
    server_url: str = ""
    data_dir: Path | None = None  # the station's folder: its credential and TLS settings
    service_names: dict[str, str] = field(default_factory=dict)
    # Head office's French names (issue 13); a code missing here shows its English.
    service_names_fr: dict[str, str] = field(default_factory=dict)
    staff_names: dict[str, str] = field(default_factory=dict)  # id → display name
    # The station's devices for the queue (names from Device settings; "" = none) and the
    # device lanes they are reached through.
    ticket_printer: str = ""
    sign: str = ""
    session_factory: Callable[[], Session] | None = None
    # The station's device lanes as they are now (Device settings may replace them).
    devices_now: Callable[[], DeviceLanes | None] = lambda: None

    @property
    def devices(self) -> DeviceLanes | None:
        return self.devices_now()

    @property
    def shared(self) -> bool:
        return isinstance(self.backend, RemoteQueue)

    @property
    def counter(self) -> str:
        return self.settings.counter_name or self.station_code

    def actor(self, staff: StaffIdentity) -> Actor:
        return Actor(
            staff_id=staff.id,
            username=staff.username,
            role=staff.role.value,
            station_code=self.station_code,
            counter=self.counter,
        )

    def names_in(self, language: str) -> dict[str, str]:
        """Service names by code in ``language``: the French where head office gave
        it, else the English."""
        if language != "fr":
            return dict(self.service_names)
        return {**self.service_names, **self.service_names_fr}

    def _uow(self) -> UnitOfWork:
        assert self.session_factory is not None
        return UnitOfWork(self.session_factory)

    def print_ticket(
        self, issued: IssuedTicket, staff_id: str, language: str | None = None
    ) -> JobInfo:
        """Queue ``issued``'s ticket on the ticket printer and wake its lane. Blocking (a
        commit): call on a lane. How it ends comes through the device queue's listeners.
        ``language``: the visitor's, as the greeter chose; None: the site's usual one."""
        if not self.ticket_printer:
            raise ValueError("no ticket printer")
        if not issued.site_name:
            issued = issued.model_copy(update={"site_name": self.site_name})
        from printing.escpos_ticket import ticket_from_issue  # the ticket's layout

        language = language or issued.ticket.language  # the greeter's, as the ticket keeps it
        if language is None:  # an older server's ticket
            assert self.session_factory is not None
            with UnitOfWork(self.session_factory, readonly=True) as uow:
                language = site.visitor_language(uow.session)
        ticket = ticket_from_issue(issued, self.names_in(language), self.settings.zone, language)
        info = device_jobs.enqueue(
            self._uow(),
            device_jobs.EnqueueJob(
                self.ticket_printer,
                "ticket",
                {"ticket": ticket.to_dict()},
                reference=ticket.label,
                max_attempts=2,
                staff_id=staff_id,
            ),
        )
        if (lanes := self.devices) is not None:
            lanes.wake(self.ticket_printer)
        return info

    def reprint_ticket(self, job_id: str) -> JobInfo:
        """Send a failed or unconfirmed ticket job again (the same job, not a second one)."""
        info = device_jobs.retry_job(self._uow(), RetryJob(job_id))
        if (lanes := self.devices) is not None:
            lanes.wake(info.device)
        return info

    def announce(self, changes: list[QueueChange]) -> list[str]:
        """A sign job for each call, recall or resume in ``changes``, in the called
        ticket's language (the site's usual one when the change has none: an older
        server); returns the job ids. Blocking (a commit): call on a lane."""
        calls = [c for c in changes if c.kind in ANNOUNCED]
        if not self.sign or not calls:
            return []
        uow = self._uow()
        with uow:
            usual = site.visitor_language(uow.session)
            ids = [
                device_jobs.queue_now_serving(
                    uow.session,
                    device=self.sign,
                    ticket=c.ticket,
                    counter=c.counter,
                    recall=c.kind == "recalled",
                    language=c.language or usual,
                )
                for c in calls
            ]
            uow.commit()
        if (lanes := self.devices) is not None:
            lanes.wake(self.sign)
        return ids

    def listener(
        self,
        on_changes: Callable[[list[QueueChange]], None],
        on_status: Callable[[bool], None],
    ) -> ChangeListener | None:
        """The event stream of the site server's queue (None for a local queue)."""
        if not isinstance(self.backend, RemoteQueue):
            return None
        return ChangeListener(
            self.server_url,
            self.site_code,
            on_changes,
            on_status,
            credential=self.backend.credential,
            data_dir=self.data_dir,
        )


ANNOUNCED = ("called", "recalled", "resumed")
_lock = threading.Lock()
_ATTRIBUTE = "_station_queue"  # kept on the context: one wiring per running station


def station_queue(ctx: StationContext) -> StationQueue:
    """This station's queue wiring (made once per context). Blocking: run on a lane."""
    with _lock:
        found = getattr(ctx, _ATTRIBUTE, None)
        if isinstance(found, StationQueue):
            return found
        sq = _open(ctx)
        setattr(ctx, _ATTRIBUTE, sq)
        return sq


def _open(ctx: StationContext) -> StationQueue:
    settings = QueueSettings.load(ctx.config.data_dir / FILE_NAME)
    with ctx.uow() as uow:
        station = uow.session.scalars(select(Station)).one()
        code, site_code, site_name = station.code, station.site_code, station.site_name
        services = list(uow.session.scalars(select(Service)))
        names = {s.code: s.name for s in services}
        names_fr = {s.code: s.name_fr for s in services if (s.name_fr or "").strip()}
        staff = {s.id: s.display_name for s in uow.session.scalars(select(Staff))}
    server = ctx.config.server_url
    use_server = settings.mode == "server" or (settings.mode == "auto" and bool(server))
    backend: LocalQueue | RemoteQueue
    if use_server and server:
        backend = RemoteQueue(
            server,
            site_code,
            credential=load_credential(ctx.config.data_dir),
            data_dir=ctx.config.data_dir,
        )
    else:
        backend = LocalQueue(ctx.session_factory, settings)
    devices = ctx.config.device_list()
    ticket_printer = first_device(devices, DeviceRole.TICKET_PRINTER)
    sign = first_device(devices, DeviceRole.NOW_SERVING)
    return StationQueue(
        settings=settings,
        backend=backend,
        station_code=code,
        site_code=site_code,
        site_name=site_name,
        server_url=server,
        data_dir=ctx.config.data_dir,
        service_names=names,
        service_names_fr=names_fr,
        staff_names=staff,
        ticket_printer=ticket_printer.name if ticket_printer else "",
        sign=sign.name if sign else "",
        devices_now=lambda: ctx.device_lanes,
        session_factory=ctx.session_factory,
    )
