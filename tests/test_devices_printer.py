"""The receipt printer over real ports: loop://, pseudo-terminals, a TCP socket —
through the one device backend (``StationDevices``) every role's jobs go through."""

from __future__ import annotations

import dataclasses
import os
import threading
import tty
from collections.abc import Callable, Iterator

import pytest
import serial
from serial.urlhandler.protocol_loop import Serial as LoopSerial

from counterapp.domain.devices import DeviceSettings
from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from devices.errors import DeviceError, DeviceTimeout, PortUnavailable
from devices.serial_port import SerialSettings, open_port, write_all
from devices.simulator import (
    CUT_LINE,
    DRAWER_LINE,
    EscposDecoder,
    PrinterSimulator,
    SocketPrinterSimulator,
    decode_escpos,
)
from devices.station_devices import PortFactory, StationDevices
from printing.escpos_receipt import drawer_kick_bytes, receipt_text, render_receipt

FEED = [""] * 6  # python-escpos feeds six lines before the cut


class StationPrinter:
    """A receipt printer of the station's device backend, sent raw jobs as the queue does."""

    def __init__(
        self, url: str, *, write_timeout_s: float = 5.0, port_factory: PortFactory = open_port
    ) -> None:
        device = DeviceSettings(
            "Receipt printer", url=url, write_timeout_s=write_timeout_s, status_query=False
        )
        self.devices = StationDevices([device], port_factory=port_factory)

    def print_bytes(self, data: bytes) -> None:
        self.devices.run("Receipt printer", "raw", None, data)

    def kick_drawer(self) -> None:
        self.devices.run("Receipt printer", "drawer_kick", {}, None)

    def print_and_kick(self, data: bytes, kick: bool) -> None:
        self.print_bytes(data + drawer_kick_bytes() if kick else data)


def receipt(number: str = "WHB-01-000042", associate: str = "Zoë K.") -> Receipt:
    return Receipt(
        receipt_no=number,
        site_name="Service Whitby",
        address_lines=("575 Rossland Rd E", "Whitby ON L1N 2M8"),
        issued_at="2026-11-23 14:05",
        associate=associate,
        lines=(ReceiptLine("Dog licence", 2500, detail="Tag 2026-0117"),),
        subtotal_cents=2500,
        tax_cents=0,
        total_cents=2500,
        rounding_cents=0,
        tenders=(ReceiptTender("Cash", 3000),),
        change_cents=500,
    )


def run_bounded(call: Callable[[], None], limit_s: float = 10.0) -> BaseException | None:
    """Run ``call`` on a thread so a hang fails the test instead of stalling the suite."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(limit_s)
    assert not worker.is_alive(), f"still blocked after {limit_s} s"
    return failure[0] if failure else None


class CapturingLoop(LoopSerial):
    """A real loop:// port that keeps what was written when the backend closes it."""

    captured: bytes | None = None

    def close(self) -> None:
        if self.is_open and self.captured is None:
            self.captured = self.read(self.in_waiting)
        super().close()


@pytest.fixture
def simulator() -> Iterator[PrinterSimulator]:
    with PrinterSimulator(on_line=None) as sim:
        yield sim


# --- loop:// ---------------------------------------------------------------------------


def test_write_all_delivers_every_byte_of_a_receipt() -> None:
    data = render_receipt(receipt())
    port = serial.serial_for_url("loop://", baudrate=115200, timeout=1, write_timeout=5)
    try:
        write_all(port, data)
        assert port.read(len(data)) == data
        assert port.in_waiting == 0
    finally:
        port.close()


def test_print_and_kick_sends_the_receipt_then_the_drawer_pulse_in_one_job() -> None:
    opened: list[CapturingLoop] = []

    def factory(settings: SerialSettings, name: str) -> serial.SerialBase:
        port = CapturingLoop(settings.url, baudrate=115200, write_timeout=settings.write_timeout_s)
        opened.append(port)
        return port

    printer = StationPrinter("loop://", port_factory=factory)
    data = render_receipt(receipt())
    printer.print_and_kick(data, kick=True)
    printer.print_and_kick(data, kick=False)
    printer.kick_drawer()

    assert [port.captured for port in opened] == [
        data + drawer_kick_bytes(),
        data,
        drawer_kick_bytes(),
    ]
    assert not any(port.is_open for port in opened)  # closed after every job


def test_a_printer_plugged_back_in_prints_the_next_job() -> None:
    attempts: list[str] = []

    def factory(settings: SerialSettings, name: str) -> serial.SerialBase:
        attempts.append(name)
        if len(attempts) == 1:  # unplugged: the device node is gone
            return open_port(SerialSettings("/dev/ttyDOESNOTEXIST"), name)
        return CapturingLoop("loop://", baudrate=115200, write_timeout=5)

    printer = StationPrinter("/dev/ttyUSB0", port_factory=factory)
    with pytest.raises(PortUnavailable):
        printer.print_bytes(b"\x1b@first\n")
    printer.print_bytes(b"\x1b@second\n")
    assert attempts == ["Receipt printer", "Receipt printer"]


# --- missing, wrong and dead ports ------------------------------------------------------


def test_a_port_that_does_not_exist_names_the_device_and_the_path() -> None:
    printer = StationPrinter("/dev/ttyDOESNOTEXIST")
    with pytest.raises(PortUnavailable) as caught:
        printer.print_bytes(render_receipt(receipt()))
    assert str(caught.value) == "Receipt printer: port /dev/ttyDOESNOTEXIST does not exist"
    assert caught.value.port == "/dev/ttyDOESNOTEXIST"
    assert caught.value.device == "Receipt printer"


def test_a_port_setting_that_is_not_a_port_is_unavailable() -> None:
    with pytest.raises(PortUnavailable, match="'printer://front' is not a usable port"):
        StationPrinter("printer://front").kick_drawer()


def test_a_printer_that_stops_answering_times_out_and_the_call_returns() -> None:
    master, slave = os.openpty()  # nobody ever reads the master: the buffer fills up
    tty.setraw(slave)
    try:
        printer = StationPrinter(os.ttyname(slave), write_timeout_s=0.5)
        failure = run_bounded(lambda: printer.print_bytes(b"x" * 200_000))
    finally:
        os.close(master)
        os.close(slave)
    assert isinstance(failure, DeviceTimeout)
    assert str(failure) == "Receipt printer stopped answering (write timed out after 0.5 s)"


def test_a_printer_unplugged_while_printing_is_unavailable() -> None:
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)

    def unplug_after_open(settings: SerialSettings, name: str) -> serial.SerialBase:
        port = open_port(settings, name)
        os.close(master)  # the far end disappears: writes now fail with EIO
        return port

    printer = StationPrinter(path, port_factory=unplug_after_open)
    try:
        with pytest.raises(PortUnavailable, match=f"lost the connection on {path} while sending"):
            printer.print_bytes(render_receipt(receipt()))
    finally:
        os.close(slave)


class StalledLoop(LoopSerial):
    """Takes every byte, then never finishes draining: a serial printer holding off CTS."""

    released: threading.Event | None = None

    def flush(self) -> None:
        assert self.released is not None
        self.released.wait(30)

    def reset_output_buffer(self) -> None:
        super().reset_output_buffer()
        if self.released is not None:
            self.released.set()


def test_output_that_never_drains_times_out_and_is_discarded() -> None:
    port = StalledLoop("loop://", baudrate=115200, write_timeout=0.3)
    released = port.released = threading.Event()
    failure = run_bounded(lambda: write_all(port, b"\x1b@hello\n", name="Receipt printer"))
    assert isinstance(failure, DeviceTimeout)
    assert "Receipt printer stopped answering" in str(failure)
    assert released.is_set()  # the queued bytes were dropped, which also freed the drain


def test_settings_refuse_a_write_timeout_that_would_never_or_always_expire() -> None:
    with pytest.raises(ValueError):
        SerialSettings("/dev/ttyUSB0", write_timeout_s=0)


# --- the simulator over a real pseudo-terminal -----------------------------------------


@pytest.mark.parametrize("columns", [48, 32])
def test_the_simulator_prints_what_the_screen_shows(
    simulator: PrinterSimulator, columns: int
) -> None:
    sale = receipt()
    data = render_receipt(sale, columns=columns)
    StationPrinter(simulator.port_path).print_and_kick(data, kick=True)

    assert simulator.wait_for(DRAWER_LINE, timeout=5)
    assert simulator.lines == receipt_text(sale, columns) + FEED + [CUT_LINE, DRAWER_LINE]
    assert bytes(simulator.raw) == data + drawer_kick_bytes()


def test_a_paused_simulator_times_out_then_prints_after_resume(
    simulator: PrinterSimulator,
) -> None:
    printer = StationPrinter(simulator.port_path, write_timeout_s=0.5)
    simulator.pause()  # paper out
    assert isinstance(run_bounded(lambda: printer.print_bytes(b"x" * 200_000)), DeviceTimeout)

    simulator.resume()
    printer.print_bytes(render_receipt(receipt()))
    assert simulator.wait_for(CUT_LINE, timeout=5)
    # What the printer had buffered of the failed job was a partial line, which the
    # reprint's ESC @ drops: the reprint comes out clean.
    assert simulator.lines == receipt_text(receipt()) + FEED + [CUT_LINE]


def test_jobs_from_several_threads_never_interleave_on_the_paper(
    simulator: PrinterSimulator,
) -> None:
    printer = StationPrinter(simulator.port_path)
    many_lines = tuple(ReceiptLine(f"Photocopy, page {n}", 25) for n in range(30))
    sales = [
        dataclasses.replace(receipt(f"WHB-01-00004{n}", associate=f"Associate {n}"),
                            lines=many_lines)
        for n in range(6)
    ]  # fmt: skip
    jobs = [render_receipt(sale) for sale in sales]
    start = threading.Barrier(len(jobs))

    def print_when_all_are_ready(job: bytes) -> None:
        start.wait()
        printer.print_bytes(job)

    workers = [threading.Thread(target=print_when_all_are_ready, args=(job,)) for job in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)

    assert simulator.wait_for(CUT_LINE, timeout=5, count=len(jobs))
    per_job = len(receipt_text(sales[0])) + len(FEED) + 1
    printed = [simulator.lines[i : i + per_job] for i in range(0, len(simulator.lines), per_job)]
    expected = {tuple(receipt_text(sale) + FEED + [CUT_LINE]) for sale in sales}
    assert {tuple(job) for job in printed} == expected


def test_the_simulator_also_listens_like_a_network_printer() -> None:
    with SocketPrinterSimulator(on_line=None) as sim:
        printer = StationPrinter(sim.url)
        printer.print_and_kick(render_receipt(receipt()), kick=True)
        assert sim.wait_for(DRAWER_LINE, timeout=5)
        assert sim.lines == receipt_text(receipt()) + FEED + [CUT_LINE, DRAWER_LINE]


# --- decoding ---------------------------------------------------------------------------


def test_the_decoder_copes_with_commands_split_across_reads() -> None:
    data = render_receipt(receipt(associate="François Đặng")) + drawer_kick_bytes()
    decoder = EscposDecoder()
    lines: list[str] = []
    for i in range(len(data)):
        lines += decoder.feed(data[i : i + 1])
    lines += decoder.finish()
    assert lines == decode_escpos(data)
    assert "Served by François Đang" in lines


def test_the_decoder_reads_each_code_page_the_job_selects() -> None:
    data = b"\x1b@\x1bt\x02" + "Île".encode("cp850") + b"\x1bt\x12" + "Łódź\n".encode("cp852")
    assert decode_escpos(data) == ["ÎleŁódź"]


def test_a_device_error_is_what_the_associate_reads() -> None:
    error = DeviceTimeout("Receipt printer stopped answering", device="Receipt printer")
    assert isinstance(error, DeviceError)
    assert str(error) == "Receipt printer stopped answering"


def test_preparing_a_printers_layout_opens_no_port_and_sends_nothing() -> None:
    """The device lane lays out a test page when it starts (so the first ticket does not
    load python-escpos): nothing reaches any port, a broken profile waits for a real job."""
    opened: list[str] = []

    def factory(settings: SerialSettings, name: str) -> serial.SerialBase:
        opened.append(name)
        return CapturingLoop(settings.url, baudrate=115200, write_timeout=1)

    devices = StationDevices(
        [
            DeviceSettings("Tickets", url="loop://", role="ticket_printer"),
            DeviceSettings("Odd", url="loop://", profile="no-such-profile"),
            DeviceSettings("Pole", url="loop://", role="pole_display"),
        ],
        port_factory=factory,
    )
    for name in devices.names:
        devices.prepare(name)  # no error, even for the profile that does not exist
    assert opened == []
    with pytest.raises(DeviceError, match="Odd"):
        devices.render("Odd", "test_print", {})  # the real job says what is wrong
