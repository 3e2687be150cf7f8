"""The device lanes: they send the stored device jobs, one thread per device, never
the UI's (the walk-in queue of visitors is ``counterapp.queue``, another thing).

Each device gets its own lane (a plain thread), so a printer that hangs until
its write timeout never delays the pole display or another printer. A lane
claims its device's oldest queued job, hands it to the backend (``devices.
station_devices.StationDevices`` in the app; anything with the same methods
in tests), and records how it ended. Between jobs it asks the device for its
status every ``status_interval_s`` and waits for ``wake()``.

Qt-free: the window listens through ``on_job`` / ``on_status`` (called on the
lane threads; ``ui.devices_hook`` turns them into queued Qt signals).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from counterapp.db.uow import UnitOfWork
from counterapp.domain.devices import DeviceState, DeviceStatus
from counterapp.services import device_jobs
from counterapp.services.device_jobs import JobInfo, JobToRun
from counterapp.services.errors import ServiceError

log = logging.getLogger(__name__)

JobListener = Callable[[JobInfo], None]
StatusListener = Callable[[str, DeviceStatus], None]


class DeviceBackend(Protocol):
    """What the queue needs from the device layer."""

    @property
    def names(self) -> list[str]: ...

    def run(
        self, name: str, kind: str, document: dict[str, Any] | None, payload: bytes | None
    ) -> DeviceStatus | None:
        """Send one job; return what the device said after it (None: it said nothing)."""

    def status(self, name: str) -> DeviceStatus | None: ...

    # Optional: ``prepare(name)`` loads what laying out a job needs, called once when
    # the device's lane starts (``StationDevices.prepare``).

    def may_retry(self, exc: BaseException) -> bool: ...

    def status_after_failure(self, exc: BaseException) -> DeviceStatus: ...


def _reason(exc: BaseException) -> str:
    # Device errors (they carry ``device``) and service errors are sentences already;
    # anything else is a bug, named but not hidden.
    text = str(exc)
    if text and (hasattr(exc, "device") or isinstance(exc, ServiceError)):
        return text
    return f"Unexpected failure ({type(exc).__name__}: {text})"


class DeviceLanes:
    """Runs queued device jobs in the background. ``start()`` once, ``stop()`` at exit."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        backend: DeviceBackend,
        *,
        status_interval_s: float = 30.0,
        retry_delay_s: float = 1.0,
        idle_check_s: float = 5.0,
        recover_interrupted: bool = True,
    ) -> None:
        self._session_factory = session_factory
        self.backend = backend
        self.status_interval_s = status_interval_s
        self.retry_delay_s = retry_delay_s
        self._idle_check_s = idle_check_s
        # False when this queue replaces one in the same process (new settings): a job the
        # old queue is still sending is not "interrupted", it will be finished by it.
        self._recover = recover_interrupted
        self._stopping = threading.Event()
        self._wakes = {name: threading.Event() for name in backend.names}
        self._threads: list[threading.Thread] = []
        self._job_listeners: list[JobListener] = []
        self._status_listeners: list[StatusListener] = []
        self._statuses: dict[str, DeviceStatus] = {
            name: DeviceStatus(DeviceState.UNKNOWN, f"{name}: not checked yet")
            for name in backend.names
        }
        self._lock = threading.Lock()
        self._poll_now: set[str] = set()
        self._ready = threading.Event()  # set once start-up tidying is done

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._session_factory)

    # -- listening ---------------------------------------------------------------------

    def on_job(self, listener: JobListener) -> None:
        """Called (on a lane thread) whenever a job changes state."""
        self._job_listeners.append(listener)

    def on_status(self, listener: StatusListener) -> None:
        """Called (on a lane thread) whenever a device's status changes."""
        self._status_listeners.append(listener)

    def remove_listeners(self, *listeners: object) -> None:
        for listener in listeners:
            for group in (self._job_listeners, self._status_listeners):
                with contextlib.suppress(ValueError):
                    group.remove(listener)  # type: ignore[arg-type]

    def _job_changed(self, info: JobInfo) -> None:
        for listener in list(self._job_listeners):
            try:
                listener(info)
            except Exception:
                log.exception("device queue: a job listener failed")

    def _set_status(self, name: str, status: DeviceStatus) -> None:
        with self._lock:
            changed = self._statuses.get(name) != status
            self._statuses[name] = status
        if changed:
            for listener in list(self._status_listeners):
                try:
                    listener(name, status)
                except Exception:
                    log.exception("device queue: a status listener failed")

    def statuses(self) -> dict[str, DeviceStatus]:
        with self._lock:
            return dict(self._statuses)

    # -- running -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return bool(self._threads) and not self._stopping.is_set()

    @property
    def stopped(self) -> bool:
        """Stopped for good (``stop``): these lanes do not start again; make new ones."""
        return self._stopping.is_set()

    def start(self) -> None:
        """Start a lane per device. First, on a thread of its own (the caller may be the UI),
        jobs a crash left half-sent are failed and jobs for unknown devices too."""
        if self._threads:
            return
        boot = threading.Thread(target=self._boot, name="device queue start", daemon=True)
        self._threads.append(boot)
        for name in self.backend.names:
            thread = threading.Thread(
                target=self._lane, args=(name,), name=f"device lane {name}", daemon=True
            )
            self._threads.append(thread)
        for thread in self._threads:
            thread.start()

    def _boot(self) -> None:
        try:
            if self._recover:
                device_jobs.recover_interrupted(self.uow())
            device_jobs.prune_done(self.uow())  # done jobs older than a week
            for info in device_jobs.fail_unknown_devices(self.uow(), set(self.backend.names)):
                self._job_changed(info)
        except Exception:
            log.exception("device queue: could not tidy the queue at start-up")
        finally:
            self._ready.set()

    def wake(self, device: str | None = None) -> None:
        """Look at the queue now (call after committing a job). Unknown devices: all lanes."""
        if device in self._wakes:
            self._wakes[device].set()
            return
        for event in self._wakes.values():
            event.set()
        if device is not None:  # a job for a device this station does not have
            for info in device_jobs.fail_unknown_devices(self.uow(), set(self.backend.names)):
                self._job_changed(info)

    def check_status(self, device: str | None = None) -> None:
        """Ask the device(s) for their status at the next chance (the status line's refresh)."""
        with self._lock:
            self._poll_now.update([device] if device else self._wakes)
        self.wake(device)

    def stop(self, timeout_s: float = 2.0) -> None:
        """Stop the lanes. A lane in the middle of a job finishes it (bounded by the
        device's timeouts) or is left to end on its own; the job's state survives."""
        self._stopping.set()
        for event in self._wakes.values():
            event.set()
        deadline = time.monotonic() + timeout_s
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _lane(self, name: str) -> None:
        wake = self._wakes[name]
        next_poll = 0.0
        prepare = getattr(self.backend, "prepare", None)  # optional: lay-out warm-up
        if prepare is not None:
            try:
                prepare(name)
            except Exception:
                log.exception("device lane %s: could not prepare the device's layout", name)
        self._ready.wait()
        while not self._stopping.is_set():
            try:
                job = device_jobs.claim_next(self.uow(), name)
            except Exception:
                log.exception("device queue: cannot read the queue for %s", name)
                job = None
                wake.wait(self._idle_check_s)
                continue
            if job is not None:
                self._run(name, job)
                continue
            now = time.monotonic()
            with self._lock:
                forced = name in self._poll_now
                self._poll_now.discard(name)
            if forced or now >= next_poll:
                self._poll(name)
                next_poll = time.monotonic() + self.status_interval_s
            wait = max(0.0, min(next_poll - time.monotonic(), self._idle_check_s))
            due = device_jobs.next_due(self.uow(), name)
            if due is not None:
                due_in = (due.replace(tzinfo=due.tzinfo or UTC) - datetime.now(UTC)).total_seconds()
                wait = max(0.0, min(wait, due_in))
            wake.wait(wait)
            wake.clear()

    def _poll(self, name: str) -> None:
        try:
            status = self.backend.status(name)
        except Exception as exc:
            status = DeviceStatus(DeviceState.UNKNOWN, _reason(exc))
        if status is None:  # it cannot be asked; its last job tells its state
            return
        with self._lock:
            last = self._statuses.get(name)
        if status.state is DeviceState.UNKNOWN and last is not None and (
            last.state is DeviceState.SENT
        ):
            return  # still no answer: "sent, not confirmed" stays the truest thing to show
        self._set_status(name, status)

    def _run(self, name: str, job: JobToRun) -> None:
        self._job_changed(device_jobs.job_info(self.uow(), job.id))
        try:
            status = self.backend.run(name, job.kind, job.document, job.payload)
        except Exception as exc:
            retry = self.backend.may_retry(exc) and job.attempts < job.max_attempts
            info = device_jobs.mark_failed(
                self.uow(),
                job.id,
                _reason(exc),
                retry_after_s=self.retry_delay_s * job.attempts if retry else None,
            )
            self._set_status(name, self.backend.status_after_failure(exc))
        else:
            if status is None or status.state is DeviceState.UNKNOWN:
                # The bytes went out and nothing came back: say exactly that, never "done".
                reason = (
                    status.detail
                    if status is not None
                    else f"{name} gives no status answer: sent, not confirmed"
                )
                info = device_jobs.mark_sent(self.uow(), job.id, reason)
                self._set_status(name, DeviceStatus(DeviceState.SENT, reason))
            else:
                info = device_jobs.mark_done(self.uow(), job.id)
                self._set_status(name, status)
        self._job_changed(info)
