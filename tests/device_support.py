"""Helpers for the device queue tests (a plain module, imported by them)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import serial
from serial.urlhandler.protocol_loop import Serial as LoopSerial
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import DeviceJob, OutboxEntry, Sale
from counterapp.db.uow import UnitOfWork
from counterapp.device_lanes import DeviceLanes
from counterapp.domain.devices import DeviceSettings
from counterapp.domain.tender import TenderKind
from counterapp.services.device_jobs import JobInfo, JobState, job_info
from devices.serial_port import SerialSettings, open_port
from devices.station_devices import StationDevices
from tests.sync_support import DemoStation, make_station_template, open_station_copy

PARKING_PERMIT = ("PMT-PARK", 1)  # $60.00 + HST, no checklist


class Template:
    """One demo station file per test module, copied for each test (argon2 is slow)."""

    def __init__(self, directory: Path) -> None:
        self.path, self.staff = make_station_template(directory)

    def station(self, directory: Path) -> DemoStation:
        return open_station_copy(self.path, self.staff, directory)


def printer(url: str, name: str = "Receipt printer", **kw: object) -> DeviceSettings:
    settings: dict[str, object] = {"write_timeout_s": 1.0, "read_timeout_s": 0.3}
    settings.update(kw)
    return DeviceSettings(name=name, url=url, **settings)  # type: ignore[arg-type]


@contextmanager
def running_queue(
    session_factory: Callable[[], Session],
    devices: list[DeviceSettings],
    *,
    port_factory: Callable[[SerialSettings, str], serial.SerialBase] = open_port,
) -> Iterator[DeviceLanes]:
    queue = DeviceLanes(
        session_factory,
        StationDevices(devices, port_factory=port_factory),
        status_interval_s=3600,
        retry_delay_s=0.2,
    )
    queue.start()
    try:
        yield queue
    finally:
        started = time.monotonic()
        queue.stop(timeout_s=5)
        assert time.monotonic() - started < 5, "the queue did not stop: a lane hangs"


def wait_for_job(
    session_factory: Callable[[], Session],
    job_id: str,
    states: tuple[JobState, ...] = (JobState.DONE, JobState.SENT, JobState.FAILED),
    timeout: float = 10.0,
) -> JobInfo:
    deadline = time.monotonic() + timeout
    while True:
        info = job_info(UnitOfWork(session_factory, readonly=True), job_id)
        if info.state in states:
            return info
        assert time.monotonic() < deadline, f"job still {info.state} after {timeout} s"
        time.sleep(0.02)


def sell_cash(station: DemoStation) -> str:
    result = station.sell((PARKING_PERMIT,), ((TenderKind.CASH, 10_000),))
    return result.receipt_no


def sale_is_committed(station: DemoStation, receipt_no: str) -> bool:
    with station.session_factory() as s:
        sale = s.scalars(select(Sale).where(Sale.receipt_no == receipt_no)).one_or_none()
        if sale is None:
            return False
        return s.scalars(select(OutboxEntry).where(OutboxEntry.id == sale.id)).first() is not None


def jobs(session_factory: Callable[[], Session]) -> list[DeviceJob]:
    with session_factory() as s:
        return list(s.scalars(select(DeviceJob).order_by(DeviceJob.id)))


class UnpluggedLoop(LoopSerial):
    """loop://, unplugged after ``limit`` bytes: pyserial's own error for a vanished device."""

    limit = 600

    def open(self) -> None:
        super().open()
        self.sent = 0

    def write(self, data: bytes) -> int | None:  # type: ignore[override]
        if self.sent + len(data) > self.limit:
            raise serial.SerialException(
                "device reports readiness to read but returned no data "
                "(device disconnected or multiple access on port?)"
            )
        self.sent += len(data)
        return super().write(data)


class FlowHeldOff(LoopSerial):
    """A 9600-baud line with RTS/CTS on which the printer never raises CTS: every write
    waits for the write timeout and fails as pyserial's POSIX port does."""

    def write(self, data: bytes) -> int | None:  # type: ignore[override]
        threading.Event().wait(self.write_timeout or 0)
        raise serial.SerialTimeoutException("Write timeout")


def loop_factory(cls: type[LoopSerial]) -> Callable[[SerialSettings, str], serial.SerialBase]:
    def factory(settings: SerialSettings, name: str) -> serial.SerialBase:
        return cls(
            "loop://",
            baudrate=settings.baudrate,
            rtscts=settings.rtscts,
            timeout=settings.read_timeout_s,
            write_timeout=settings.write_timeout_s,
        )

    return factory
