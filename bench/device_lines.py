"""Bench: a receipt on a 9600-baud line, and how fast the pole display follows.

Run on purpose, not by pytest:

    .venv/bin/python bench/device_lines.py [--receipts 5] [--frames 50] [--baud 9600]
    .venv/bin/python bench/device_lines.py --port /dev/ttyUSB0 --baud 9600   # a real printer

1. Bytes per typical receipt (the demo visit: an affidavit and a parking permit
   with HST, paid with a $100 note, QR code, cut), at 48 and 32 columns.
2. Its time on the line, through the real path (the device job queue, a
   status query, the port opened with ``serial_for_url``, ``write_all``):
   from the moment the job is queued to the moment the printer has the last
   byte, against the line's physical limit, bytes × 10 bits ÷ baud (every byte
   on the line counted: the receipt, the drawer kick, the status requests and
   answers — a paper job asks before it and after it, a kick after it). Target:
   within 15 %, i.e. a receipt at >= 87 % of the line's rate.
   Without ``--port`` the printer is the simulator on a pseudo-terminal that
   *takes bytes at the line's pace* (``baud`` ÷ 10 bytes per second): a
   pseudo-terminal has no baud rate of its own. With ``--port`` the bytes go to
   a real device and the time is until ``write_all`` returns (the port drained).
3. Pole-display update latency: from queueing a frame (what the window does when
   a line is added) to the display showing it, over a paced line as above.
   Target: <= 200 ms (the issue's figure for a display after a call).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.device_lanes import DeviceLanes  # noqa: E402
from counterapp.domain.devices import DeviceRole, DeviceSettings  # noqa: E402
from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender  # noqa: E402
from counterapp.services import device_jobs  # noqa: E402
from counterapp.services.device_jobs import JobState, PrintReceipt  # noqa: E402
from devices.simulator import CUT_LINE, PoleDisplaySimulator, PrinterSimulator  # noqa: E402
from devices.station_devices import StationDevices  # noqa: E402
from devices.status import status_request  # noqa: E402
from printing.escpos_receipt import drawer_kick_bytes, render_receipt  # noqa: E402
from printing.pole_display import item_screen, render_display  # noqa: E402

TARGET = "target: receipt time within 15 % of bytes x 10 / baud; display update <= 200 ms"


def typical_receipt(n: int = 1) -> Receipt:
    return Receipt(
        receipt_no=f"WHB-01-{n:06d}",
        site_name="Service Whitby",
        address_lines=("575 Rossland Rd E", "Whitby ON L1N 2M8"),
        issued_at="2026-11-23 14:05",
        associate="Alex M.",
        lines=(
            ReceiptLine("Commissioning an affidavit", 2000, detail="Affidavit"),
            ReceiptLine("Parking permit, annual", 6000),
        ),
        subtotal_cents=8000,
        tax_cents=780,
        total_cents=8780,
        rounding_cents=0,
        tenders=(ReceiptTender("Cash", 10_000),),
        change_cents=1220,
        footer=("Thank you for visiting.",),
    )


class PacedMixin:
    """Takes bytes no faster than a ``baud`` line delivers them (10 bits a byte)."""

    baud = 9600
    last_byte_at = 0.0

    def _paced(self, data: bytes) -> None:
        now = time.perf_counter()
        free = max(now, self._line_free_at) + len(data) * 10 / self.baud
        self._line_free_at = free
        delay = free - now
        if delay > 0:
            time.sleep(delay)
        self.last_byte_at = time.perf_counter()


class PacedPrinter(PacedMixin, PrinterSimulator):
    def __init__(self, baud: int) -> None:
        self.baud = baud
        self._line_free_at = 0.0
        super().__init__(on_line=None)

    def _read(self, source: Any) -> None:
        try:
            data = os.read(self._master, 32)  # small reads: the pace stays even
        except OSError:
            self._master_open = False
            return
        self._paced(data)
        self._received(data)


class PacedDisplay(PacedMixin, PoleDisplaySimulator):
    def __init__(self, baud: int) -> None:
        self.baud = baud
        self._line_free_at = 0.0
        super().__init__(on_line=None)

    def _read(self, source: Any) -> None:
        try:
            data = os.read(self._master, 32)
        except OSError:
            self._master_open = False
            return
        self._paced(data)
        self._received(data)


def wait(predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the device")
        time.sleep(0.001)


def bench_receipts(sf: Any, url: str, baud: int, count: int, sim: PacedPrinter | None) -> None:
    device = DeviceSettings("Receipt printer", url=url, baudrate=baud, read_timeout_s=0.5,
                            write_timeout_s=10)  # fmt: skip
    queue = DeviceLanes(sf, StationDevices([device]), status_interval_s=3600)
    queue.start()
    done = threading.Event()
    finished: dict[str, float] = {}
    started = [0.0]

    def on_job(info: device_jobs.JobInfo) -> None:
        if info.state is JobState.PRINTING and info.kind == "receipt":
            started[0] = time.perf_counter()
        if info.state in (JobState.DONE, JobState.SENT, JobState.FAILED):
            finished[info.id] = time.perf_counter()
            if info.kind == "receipt":
                done.set()

    queue.on_job(on_job)
    time.sleep(0.3)  # the lanes have started and asked for status once
    rows = []
    for n in range(1, count + 1):
        receipt = typical_receipt(n)
        data = render_receipt(receipt)
        status_bytes = 2 * (len(status_request(1)) + 1)  # DLE EOT 1 and 4, one-byte answers
        # The kick is asked after; the receipt before (paper) and after (confirmed).
        line_bytes = len(data) + len(drawer_kick_bytes()) + 3 * status_bytes
        done.clear()
        cuts = sim.lines.count(CUT_LINE) if sim else 0
        start = time.perf_counter()
        ids = device_jobs.print_receipt(
            UnitOfWork(sf), PrintReceipt(receipt, "Receipt printer", kick_drawer=True)
        )
        queue.wake("Receipt printer")
        done.wait(60)
        if sim is not None:
            wait(lambda c=cuts: sim.lines.count(CUT_LINE) > c)
            end = sim.last_byte_at
        else:
            end = finished[ids[-1]]
        elapsed = end - start
        ideal = line_bytes * 10 / baud
        job_time = end - started[0]
        job_ideal = (len(data) + 2 * status_bytes) * 10 / baud
        rows.append((elapsed / ideal - 1, job_time / job_ideal - 1))
        print(
            f"  receipt {n}: {len(data)} B + kick + status = {line_bytes} B on the line; "
            f"queued to last byte {elapsed * 1000:.0f} ms vs {ideal * 1000:.0f} ms "
            f"({rows[-1][0] * 100:+.1f} %); the receipt job alone {job_time * 1000:.0f} ms "
            f"vs {job_ideal * 1000:.0f} ms ({rows[-1][1] * 100:+.1f} %)"
        )
    queue.stop()
    for what, col in (("queued to last byte", 0), ("receipt job alone", 1)):
        worst = max(r[col] for r in rows)
        mean = statistics.mean(r[col] for r in rows)
        met = "met" if worst <= 0.15 else "NOT met"
        print(f"  {what}: over the limit mean {mean * 100:+.1f} %, worst {worst * 100:+.1f} % "
              f"(line rate reached: worst {100 / (1 + worst):.1f} %): {met}")  # fmt: skip


def bench_display(sf: Any, baud: int, frames: int) -> None:
    with PacedDisplay(baud) as pole:
        device = DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url,
                                baudrate=baud, columns=20)  # fmt: skip
        queue = DeviceLanes(sf, StationDevices([device]), status_interval_s=3600)
        queue.start()
        time.sleep(0.2)
        latencies = []
        for n in range(frames):
            screen = item_screen(f"Photocopy {n}", 25 * n, 25 * n * 2)
            start = time.perf_counter()
            with UnitOfWork(sf) as uow:
                device_jobs.queue_display(uow.session, device="Pole", top=screen.top,
                                          bottom=screen.bottom)  # fmt: skip
                uow.commit()
            queue.wake("Pole")
            wait(lambda s=screen: pole.screen == (s.top, s.bottom), 10)
            latencies.append((time.perf_counter() - start) * 1000)
            time.sleep(0.02)
        queue.stop()
    frame_bytes = len(render_display(screen, "escpos"))
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"  {frames} frames of {frame_bytes} B (line time {frame_bytes * 10 / baud * 1000:.0f} ms):"
        f" p50 {statistics.median(latencies):.0f} ms  p95 {p95:.0f} ms  max {latencies[-1]:.0f} ms"
    )
    print(f"  display update <= 200 ms: {'met' if latencies[-1] <= 200 else 'NOT met'} (max)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=5)
    parser.add_argument("--frames", type=int, default=50)
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--port", default="", help="a real printer's port instead of the simulator")
    args = parser.parse_args()
    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    for columns in (48, 32):
        data = render_receipt(typical_receipt(), columns=columns)
        print(f"typical receipt at {columns} columns: {len(data)} bytes "
              f"({len(data) * 10 / args.baud * 1000:.0f} ms at {args.baud} baud)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        engine, sf = open_database(Path(tmp) / "station.sqlite3")
        print(f"\nreceipt + drawer kick through the queue at {args.baud} baud:")
        if args.port:
            bench_receipts(sf, args.port, args.baud, args.receipts, None)
        else:
            with PacedPrinter(args.baud) as sim:
                bench_receipts(sf, sim.url, args.baud, args.receipts, sim)
        print(f"\npole display at {args.baud} baud:")
        bench_display(sf, args.baud, args.frames)
        engine.dispose()
    print(f"\n{TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
