"""Where a ticket's time goes (``bench/ticket_on_busy_site.py --probe``).

Bench-only: wraps, in this process, the functions a ticket passes through and notes
when each began and ended and on which thread; nothing of it is in the product or its
logs. ``install(engine)`` before the greeter window is made; ``report(tickets)`` at
the end, given each ticket's key press and cut (last byte) times.

Stages (in the order a ticket meets them): the site server issuing it (HTTP on the
window's queue lane), the ticket job's commit (on the database lane), the device
lane's claim, its status query, the serial write, the status query after it and the
job's end. Every ``BEGIN IMMEDIATE`` is timed too: its wait is the wait for SQLite's
write lock.
"""

from __future__ import annotations

import functools
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Span:
    what: str
    start: float
    end: float
    thread: str

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


SPANS: list[Span] = []
_LOCK = threading.Lock()


def _note(what: str, start: float, end: float) -> None:
    with _LOCK:
        SPANS.append(Span(what, start, end, threading.current_thread().name))


def _timed(what: str, fn: Callable[..., Any], cpu: bool) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, used = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            # ``cpu``: the thread's own CPU time (its wall time minus waits for the GIL
            # and the processor), placed at the call's start.
            end = start + (time.thread_time() - used) if cpu else time.perf_counter()
            _note(what, start, end)

    return timed


def _wrap(owner: Any, name: str, what: str, *, cpu: bool = False) -> None:
    setattr(owner, name, _timed(what, getattr(owner, name), cpu))


class _TimedEvent(threading.Event):
    """A device lane's wake-up event, its waits timed (from going idle to woken)."""

    def wait(self, timeout: float | None = None) -> bool:
        start = time.perf_counter()
        try:
            return super().wait(timeout)
        finally:
            _note("device lane: idle (waiting to be woken)", start, time.perf_counter())


def install(engine: Engine) -> None:
    import devices.station_devices as sd
    from counterapp.device_lanes import DeviceLanes
    from counterapp.queue.remote import RemoteQueue
    from counterapp.queue.station import StationQueue
    from counterapp.services import device_jobs
    from ui.greeter_window import GreeterWindow

    _wrap(GreeterWindow, "issue_ticket", "ui: issue pressed")
    _wrap(GreeterWindow, "_issued", "ui: issued shown")
    _wrap(GreeterWindow, "_refreshed", "ui: lobby refreshed")
    _wrap(GreeterWindow, "_refreshed", "ui: lobby refreshed, CPU time", cpu=True)
    _wrap(RemoteQueue, "issue", "server: issue (HTTP)")
    _wrap(RemoteQueue, "snapshot", "server: lobby snapshot (HTTP)")
    _wrap(StationQueue, "print_ticket", "db lane: ticket job queued")
    _wrap(device_jobs, "enqueue", "db lane: enqueue commit")
    _wrap(device_jobs, "claim_next", "device lane: claim")
    _wrap(device_jobs, "job_info", "device lane: job info read")
    _wrap(device_jobs, "mark_done", "device lane: mark done")
    _wrap(device_jobs, "mark_sent", "device lane: mark sent")
    _wrap(device_jobs, "next_due", "device lane: next due read")
    failed = device_jobs.mark_failed

    def mark_failed(uow: Any, job_id: str, reason: str, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return failed(uow, job_id, reason, **kwargs)
        finally:
            _note(f"device lane: job failed ({reason})", start, time.perf_counter())

    device_jobs.mark_failed = mark_failed
    _wrap(DeviceLanes, "wake", "db lane: device lane woken")
    _wrap(DeviceLanes, "_poll", "device lane: periodic status poll")
    _wrap(DeviceLanes, "_job_changed", "device lane: job listeners")
    made = DeviceLanes.__init__

    def timed_wakes(self: DeviceLanes, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self._wakes = {name: _TimedEvent() for name in self._wakes}

    DeviceLanes.__init__ = timed_wakes  # type: ignore[method-assign]
    _wrap(sd.StationDevices, "render", "device: render")
    _wrap(sd, "open_device", "device: open port")
    _wrap(sd, "query_status", "device: status query")
    _wrap(sd, "write_all", "device: serial write")
    _wrap(sd, "close_quietly", "device: close port")

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if statement.startswith("BEGIN"):
            conn.info["probe_begin"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if statement.startswith("BEGIN"):
            _note(
                f"sqlite: {statement} (lock wait)",
                conn.info.pop("probe_begin"),
                time.perf_counter(),
            )


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def report(tickets: list[tuple[float, float]], worst: int = 5) -> None:
    """``tickets``: (key press, cut) perf_counter times, one per ticket."""
    spans = sorted(SPANS, key=lambda s: s.start)
    per_stage: dict[str, list[float]] = {}
    gaps: dict[str, list[float]] = {}
    timelines: list[tuple[float, list[str]]] = []
    for pressed, cut in tickets:
        mine = [s for s in spans if pressed <= s.start <= cut]
        seen: dict[str, Span] = {}
        for s in mine:
            seen.setdefault(s.what, s)
            per_stage.setdefault(s.what, []).append(s.ms)
        issue = seen.get("server: issue (HTTP)")
        queued = seen.get("db lane: ticket job queued")
        claim = seen.get("device lane: claim")
        write = seen.get("device: serial write")
        if issue and queued and claim and write:
            for name, a, b in (
                ("key press -> issue starts (queue lane wait)", pressed, issue.start),
                ("issue HTTP", issue.start, issue.end),
                ("issue answered -> job commit starts (UI + db lane wait)", issue.end,
                 queued.start),
                ("job commit (db lane)", queued.start, queued.end),
                ("job committed -> claim starts (lane wake)", queued.end, claim.start),
                ("claim (incl. lock wait)", claim.start, claim.end),
                ("claimed -> serial write starts", claim.end, write.start),
                ("serial write", write.start, write.end),
                ("write done -> cut seen", write.end, cut),
            ):  # fmt: skip
                gaps.setdefault(name, []).append((b - a) * 1000)
        lines = [
            f"      {(s.start - pressed) * 1000:8.1f} ms +{s.ms:7.1f} ms  {s.what}  [{s.thread}]"
            for s in mine
            if s.ms >= 1 or "HTTP" in s.what or "device lane" in s.what or "woken" in s.what
        ]
        timelines.append(((cut - pressed) * 1000, lines))
    print("  probe: the path of a ticket, stage by stage (ms)")
    for name, xs in gaps.items():
        print(f"    {name:<58} p50 {statistics.median(xs):7.1f}  p99 {_pct(xs, 99):7.1f}  "
              f"max {max(xs):7.1f}")  # fmt: skip
    print("  probe: every span seen while tickets were on their way (ms)")
    for name, xs in sorted(per_stage.items()):
        print(f"    {name:<58} n {len(xs):5d}  p50 {statistics.median(xs):7.1f}  "
              f"p99 {_pct(xs, 99):7.1f}  max {max(xs):7.1f}")  # fmt: skip
    timelines.sort(key=lambda t: -t[0])
    print(f"  probe: the {worst} slowest tickets (from the key press; spans of 1 ms or more)")
    for total, lines in timelines[:worst]:
        print(f"    ticket: {total:.0f} ms")
        for line in lines:
            print(line)
