"""Wiring a station to the walk-in queue (no Qt): the site server's queue
when the station has a server (``queue.json`` ``"mode"``), else its own;
the ticket printer and the now-serving sign from ``queue.json``.

``station_queue(ctx)`` reads the station row, so call it from a worker lane;
the greeter window and the queue panel of one station share what it returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from counterapp.db.models import Service, Staff, Station
from counterapp.queue.local import LocalQueue
from counterapp.queue.remote import ChangeListener, RemoteQueue
from counterapp.queue.settings import FILE_NAME, QueueSettings
from counterapp.queue.views import Actor, QueueChange
from counterapp.services.auth import StaffIdentity
from counterapp.sync.protocol import load_credential
from devices.errors import DeviceError
from devices.now_serving import NowServingSign, sign_from_settings
from devices.receipt_printer import ReceiptPrinter
from devices.serial_port import SerialSettings
from ui.context import StationContext

log = logging.getLogger(__name__)


@dataclass
class StationQueue:
    settings: QueueSettings
    backend: LocalQueue | RemoteQueue
    station_code: str
    site_code: str
    site_name: str
    server_url: str = ""
    data_dir: Path | None = None  # the station's folder: its credential and TLS settings
    ticket_printer: ReceiptPrinter | None = None
    sign: NowServingSign | None = None
    device_problem: str = ""  # a device setting that could not be used, said once
    service_names: dict[str, str] = field(default_factory=dict)
    staff_names: dict[str, str] = field(default_factory=dict)  # id → display name

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
        names = {s.code: s.name for s in uow.session.scalars(select(Service))}
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
    problem = ""
    printer = None
    tp = settings.ticket_printer
    if tp.get("url"):
        try:
            printer = ReceiptPrinter(
                SerialSettings(
                    url=str(tp["url"]),
                    baudrate=int(tp.get("baudrate", 9600)),
                    rtscts=bool(tp.get("rtscts", False)),
                    write_timeout_s=float(tp.get("write_timeout_s", 3.0)),
                ),
                "Ticket printer",
            )
        except ValueError as exc:
            problem = f"Ticket printer setting cannot be used: {exc}"
    sign = None
    try:
        sign = sign_from_settings(settings.now_serving)
    except (DeviceError, ValueError) as exc:
        problem = str(exc)
    return StationQueue(
        settings=settings,
        backend=backend,
        station_code=code,
        site_code=site_code,
        site_name=site_name,
        server_url=server,
        data_dir=ctx.config.data_dir,
        ticket_printer=printer,
        sign=sign,
        device_problem=problem,
        service_names=names,
        staff_names=staff,
    )
