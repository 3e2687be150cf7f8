"""Printer status from DLE EOT: paper, cover, drawer; silence and garbage are "unknown"."""

from __future__ import annotations

import pytest
import serial

from counterapp.domain.devices import DeviceSettings, DeviceState, DrawerSensor
from devices.simulator import STATUS_MODES, PrinterSimulator, SocketPrinterSimulator, status_answer
from devices.station_devices import StationDevices
from devices.status import interpret, is_status_byte, query_status

OK = 0x12  # the fixed bits of a status byte, nothing else set


@pytest.mark.parametrize(
    ("mode", "state", "detail"),
    [
        ("ok", DeviceState.ONLINE, "Receipt printer: ready"),
        ("paper_low", DeviceState.PAPER_LOW, "Receipt printer: paper is running low"),
        ("paper_out", DeviceState.PAPER_OUT, "Receipt printer: out of paper"),
        ("cover_open", DeviceState.COVER_OPEN, "Receipt printer: the cover is open"),
        ("silent", DeviceState.UNKNOWN,
         "Receipt printer: no answer to a status request (state unknown)"),
    ],
)  # fmt: skip
def test_the_printer_says_how_it_is_over_a_serial_port(
    mode: str, state: DeviceState, detail: str
) -> None:
    with PrinterSimulator(on_line=None) as sim:
        sim.status_mode = mode
        devices = StationDevices([DeviceSettings("Receipt printer", url=sim.url,
                                                 read_timeout_s=0.3)])  # fmt: skip
        status = devices.status("Receipt printer")
    assert status is not None
    assert (status.state, status.detail) == (state, detail)


def test_status_over_a_network_printer() -> None:
    with SocketPrinterSimulator(on_line=None) as sim:
        sim.status_mode = "cover_open"
        status = StationDevices([DeviceSettings("Receipt printer", url=sim.url)]).status(
            "Receipt printer"
        )
    assert status is not None and status.state is DeviceState.COVER_OPEN


def test_every_simulated_answer_is_a_real_status_byte() -> None:
    for mode in STATUS_MODES:
        for n in (1, 2, 3, 4):
            answer = status_answer(n, mode)
            if mode == "silent":
                assert answer == b""
            elif mode == "garbage":
                assert not is_status_byte(answer[0])
            else:
                assert is_status_byte(answer[0])


@pytest.mark.parametrize(
    ("sensor", "pin_high", "drawer_open"),
    [
        (DrawerSensor.NONE, True, None),
        (DrawerSensor.HIGH_WHEN_OPEN, True, True),
        (DrawerSensor.HIGH_WHEN_OPEN, False, False),
        (DrawerSensor.LOW_WHEN_OPEN, False, True),
    ],
)
def test_the_drawer_state_is_only_reported_when_the_sensor_is_wired(
    sensor: DrawerSensor, pin_high: bool, drawer_open: bool | None
) -> None:
    printer = OK | (0x04 if pin_high else 0)
    assert interpret("P", printer, OK, OK, OK, sensor.value).drawer_open is drawer_open


def test_a_drawer_left_open_shows_on_the_status() -> None:
    with PrinterSimulator(on_line=None) as sim:
        sim.drawer_open = True
        sensor = DrawerSensor.HIGH_WHEN_OPEN.value
        devices = StationDevices(
            [DeviceSettings("Receipt printer", url=sim.url, drawer_sensor=sensor)]
        )
        status = devices.status("Receipt printer")
    assert status is not None and status.drawer_open is True


def test_a_printer_with_status_queries_switched_off_is_not_asked() -> None:
    devices = StationDevices([DeviceSettings("Receipt printer", url="loop://", status_query=False)])
    assert devices.status("Receipt printer") is None


def test_a_missing_port_is_offline() -> None:
    status = StationDevices([DeviceSettings("Receipt printer", url="/dev/ttyNOPE")]).status(
        "Receipt printer"
    )
    assert status is not None and status.state is DeviceState.OFFLINE
    assert status.detail == "Receipt printer: port /dev/ttyNOPE does not exist"


def test_a_late_answer_is_not_taken_for_the_next_one() -> None:
    port = serial.serial_for_url("loop://", timeout=0.2, write_timeout=1)
    port.write(b"\x12")  # a stale byte from an earlier request sits in the input buffer
    status = query_status(port, "P")
    port.close()
    assert status.state is DeviceState.UNKNOWN  # the echo of the request, not the stale byte


def test_a_tester_switches_the_simulated_printer_from_the_terminal(monkeypatch, capsys) -> None:
    import io

    from devices.simulator import _console

    monkeypatch.setattr(
        "sys.stdin", io.StringIO("paper out\ndrawer open\nsilent\nnonsense\nquit\n")
    )
    with PrinterSimulator(on_line=None) as sim:
        _console(sim)
        assert sim.status_mode == "silent"
        assert sim.drawer_open is True
    out = capsys.readouterr().out
    assert "simulator: paper out" in out
    assert "Type to change the simulated printer" in out  # "nonsense" gets the help
