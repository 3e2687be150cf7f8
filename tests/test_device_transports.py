"""Thin transports under the one device backend: a network printer on a real local TCP
socket (host:port, as python-escpos's ``Network``) and a USB printer through
python-escpos's ``Usb`` and pyusb, with a fake pyusb device object standing in for the
hardware (nothing here was tried on a real USB printer)."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import usb.core

from counterapp.domain.devices import DeviceRole, DeviceSettings, DeviceState, network_address
from devices.errors import PortUnavailable
from devices.simulator import CUT_LINE, DRAWER_LINE, EscposDecoder, SocketPrinterSimulator
from devices.simulator import status_answer as simulated_answer
from devices.station_devices import DeviceRefused, StationDevices, check_settings
from printing.escpos_receipt import drawer_kick_bytes

# --- network: host:port --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("10.0.0.7:9100", ("10.0.0.7", 9100)),
        ("socket://printer.local:9101", ("printer.local", 9101)),
        ("tcp://10.0.0.7", ("10.0.0.7", 9100)),  # JetDirect's port when none is given
        ("[::1]:9100", ("::1", 9100)),
        ("10.0.0.7:99999", None),
        ("/dev/ttyUSB0", None),
        ("", None),
    ],
)
def test_a_network_address_is_host_and_port(typed: str, address: tuple[str, int] | None) -> None:
    assert network_address(typed) == address


def network_printer(address: str, **kw: Any) -> DeviceSettings:
    return DeviceSettings(
        "Receipt printer", transport="network", url=address, write_timeout_s=1.0,
        read_timeout_s=0.3, **kw,
    )  # fmt: skip


def test_a_network_printer_on_a_real_tcp_socket_prints_and_answers_status() -> None:
    with SocketPrinterSimulator(on_line=None) as sim:
        host_port = sim.url.removeprefix("socket://")  # "127.0.0.1:PORT", as typed
        devices = StationDevices([network_printer(host_port)])
        status = devices.run("Receipt printer", "test_print", {}, None)
        assert sim.wait_for(CUT_LINE)
        devices.run("Receipt printer", "drawer_kick", {}, None)
        assert sim.wait_for(DRAWER_LINE)
        assert devices.status("Receipt printer") == status
    assert status is not None and status.state is DeviceState.ONLINE
    assert sim.lines[0] == "TEST PRINT"


def test_a_network_printer_out_of_paper_gets_nothing_but_the_question() -> None:
    with SocketPrinterSimulator(on_line=None) as sim:
        sim.status_mode = "paper_out"
        devices = StationDevices([network_printer(sim.url.removeprefix("socket://"))])
        with pytest.raises(DeviceRefused, match="out of paper"):
            devices.run("Receipt printer", "test_print", {}, None)
    assert b"TEST" not in bytes(sim.raw)


def test_a_network_printer_that_is_switched_off_is_named_with_its_address() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    devices = StationDevices([network_printer(f"127.0.0.1:{port}")])
    with pytest.raises(PortUnavailable, match=f"127.0.0.1:{port}") as caught:
        devices.run("Receipt printer", "drawer_kick", {}, None)
    assert devices.may_retry(caught.value)  # nothing was sent: the lane may try again


def test_a_network_printer_needs_a_usable_address() -> None:
    problems = check_settings([network_printer("printer.local:http")])
    assert problems == [
        "Receipt printer: set the printer's network address as host:port "
        "(for example 10.0.0.7:9100)."
    ]


# --- USB: python-escpos's Usb over a fake pyusb device --------------------------------


class FakeUsbPrinter:
    """What ``usb.core.find`` hands python-escpos: bulk endpoints, an ESC/POS printer
    behind them (it answers DLE EOT like the simulator), and a way to pull its cable."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.received = bytearray()
        self.decoder = EscposDecoder()
        self.lines: list[str] = []
        self.answers = bytearray()
        self.configured = self.reset_count = 0
        self.unplugged = False
        self.write_calls: list[tuple[int, int]] = []  # (endpoint, timeout ms)
        self.backend = type("Backend", (), {"__module__": "usb.backend.libusb1"})()
        self.detached: list[int] = []
        self.disposed = 0
        self._ctx = self  # what usb.util.dispose_resources reaches for

    def dispose(self, device: object) -> None:
        self.disposed += 1

    def is_kernel_driver_active(self, interface: int) -> bool:
        return True

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached.append(interface)

    def set_configuration(self) -> None:
        self.configured += 1

    def reset(self) -> None:
        self.reset_count += 1

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        if self.unplugged:
            raise usb.core.USBError("No such device (it may have been disconnected)", errno=19)
        self.write_calls.append((endpoint, timeout or 0))
        self.received += data
        self.lines += self.decoder.feed(bytes(data))
        for n in self.decoder.status_requests:
            self.answers += simulated_answer(n, self.mode)
        self.decoder.status_requests.clear()
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> bytes:
        if not self.answers:
            raise usb.core.USBTimeoutError("Operation timed out", errno=110)
        out = bytes(self.answers[:size])
        del self.answers[:size]
        return out


@pytest.fixture
def usb_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[tuple[int, int], FakeUsbPrinter]]:
    """``usb.core.find`` over a bus the test fills in; disposing resources is a no-op."""
    bus: dict[tuple[int, int], FakeUsbPrinter] = {}
    asked: list[dict[str, Any]] = []

    def find(**kwargs: Any) -> FakeUsbPrinter | None:
        asked.append(kwargs)
        return bus.get((kwargs.get("idVendor", 0), kwargs.get("idProduct", 0)))

    monkeypatch.setattr(usb.core, "find", find)
    yield bus


def usb_printer(**kw: Any) -> DeviceSettings:
    settings: dict[str, Any] = {
        "usb_vendor_id": 0x04B8, "usb_product_id": 0x0202, "write_timeout_s": 2.0,
        "read_timeout_s": 0.2,
    } | kw  # fmt: skip
    return DeviceSettings(
        "Receipt printer", role=DeviceRole.RECEIPT_PRINTER.value, transport="usb", **settings
    )


def test_a_usb_printer_is_found_by_its_ids_and_prints_through_its_bulk_endpoint(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter],
) -> None:
    printer = usb_bus[(0x04B8, 0x0202)] = FakeUsbPrinter()
    devices = StationDevices([usb_printer()])
    status = devices.run("Receipt printer", "test_print", {}, None)
    assert status is not None and status.detail == "Receipt printer: ready"
    assert printer.lines[0] == "TEST PRINT" and CUT_LINE in printer.lines
    assert printer.detached == [0] and printer.configured == 1  # python-escpos set it up
    assert printer.disposed == 1  # and released it after the job
    assert {ep for ep, _ms in printer.write_calls} == {0x01}
    assert {ms for _ep, ms in printer.write_calls} == {2000}  # the device's write timeout
    devices.run("Receipt printer", "drawer_kick", {}, None)
    assert bytes(printer.received).endswith(drawer_kick_bytes() + b"\x10\x04\x01\x10\x04\x04")


def test_a_usb_printer_out_of_paper_is_refused_before_the_job(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter],
) -> None:
    printer = usb_bus[(0x04B8, 0x0202)] = FakeUsbPrinter("cover_open")
    with pytest.raises(DeviceRefused, match="Receipt printer: the cover is open"):
        StationDevices([usb_printer()]).run("Receipt printer", "test_print", {}, None)
    assert "TEST PRINT" not in printer.lines


def test_a_silent_usb_printer_is_unknown_not_ready(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter],
) -> None:
    usb_bus[(0x04B8, 0x0202)] = FakeUsbPrinter("silent")
    status = StationDevices([usb_printer()]).status("Receipt printer")
    assert status is not None and status.state is DeviceState.UNKNOWN


def test_a_usb_printer_not_plugged_in_says_so_with_its_ids(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter],
) -> None:
    devices = StationDevices([usb_printer()])
    with pytest.raises(PortUnavailable, match="USB printer 04b8:0202 is not connected") as caught:
        devices.run("Receipt printer", "drawer_kick", {}, None)
    assert caught.value.port == "usb:04b8:0202"
    status = devices.status("Receipt printer")
    assert status is not None and status.state is DeviceState.OFFLINE


def test_a_usb_printer_unplugged_while_printing_loses_the_connection(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter],
) -> None:
    printer = usb_bus[(0x04B8, 0x0202)] = FakeUsbPrinter()
    printer.unplugged = True
    with pytest.raises(PortUnavailable, match="lost the connection"):
        StationDevices([usb_printer(status_query=False)]).run(
            "Receipt printer", "raw", None, b"\x1b@hello\n"
        )


def test_usb_ids_are_needed_and_checked() -> None:
    problems = check_settings([usb_printer(usb_vendor_id=0, usb_product_id=0x1_0000)])
    assert problems == [
        "Receipt printer: set the USB vendor id (four hex digits, e.g. 04B8).",
        "Receipt printer: set the USB product id (four hex digits, e.g. 04B8).",
    ]


def test_a_usb_permission_problem_is_named(
    usb_bus: dict[tuple[int, int], FakeUsbPrinter], monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(**_kwargs: Any) -> None:
        raise usb.core.USBError("Access denied (insufficient permissions)", errno=errno.EACCES)

    monkeypatch.setattr(usb.core, "find", denied)
    with pytest.raises(PortUnavailable, match="no permission to use USB printer 04b8:0202"):
        StationDevices([usb_printer()]).run("Receipt printer", "drawer_kick", {}, None)
