"""Asking an ESC/POS printer how it is: DLE EOT n, the real-time status requests.

A printer answers each request with one byte whose fixed bits are
``0xx1xx10``; any other byte is not an answer. Silence is *not* "all well"
(python-escpos's ``paper_status`` reports paper present when nothing comes
back): no answer, or a byte that is not a status byte, makes the state
``UNKNOWN`` with the reason, and the job is still tried.

Requests used (Epson ESC/POS reference, DLE EOT):

- ``n = 1`` printer status: bit 2 drawer connector pin 3, bit 3 offline;
- ``n = 2`` offline cause: bit 2 cover open, bit 5 stopped by paper end, bit 6 error;
- ``n = 3`` error cause: bit 3 auto-cutter error, bit 5 unrecoverable, bit 6 auto-recoverable;
- ``n = 4`` roll paper sensor: bits 2–3 paper near its end, bits 5–6 paper out.

``n = 2`` is asked only when ``n = 1`` says offline, ``n = 3`` only when ``n = 2``
says error.
"""

from __future__ import annotations

import contextlib

import serial

from counterapp.domain.devices import DeviceState, DeviceStatus, DrawerSensor
from devices.errors import DeviceError
from devices.serial_port import write_all

DLE_EOT = b"\x10\x04"
_FIXED_MASK, _FIXED_BITS = 0x93, 0x12


def status_request(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_BITS


def _ask(port: serial.SerialBase, n: int, name: str) -> int | None:
    """Send DLE EOT n and read one byte; None when nothing came back in time."""
    write_all(port, status_request(n), name=name)
    answer = port.read(1)
    return answer[0] if answer else None


def interpret(
    name: str,
    printer: int,
    offline: int,
    error: int,
    paper: int,
    drawer_sensor: str = DrawerSensor.NONE.value,
) -> DeviceStatus:
    """The status the four answer bytes describe (all already checked as status bytes)."""
    drawer: bool | None = None
    pin_high = bool(printer & 0x04)
    if drawer_sensor == DrawerSensor.HIGH_WHEN_OPEN:
        drawer = pin_high
    elif drawer_sensor == DrawerSensor.LOW_WHEN_OPEN:
        drawer = not pin_high
    if offline & 0x04:
        return DeviceStatus(DeviceState.COVER_OPEN, f"{name}: the cover is open", drawer)
    if paper & 0x60 or offline & 0x20:
        return DeviceStatus(DeviceState.PAPER_OUT, f"{name}: out of paper", drawer)
    if offline & 0x40 or error & 0x68:
        what = "the cutter is jammed" if error & 0x08 else "it reports an error"
        return DeviceStatus(DeviceState.ERROR, f"{name}: {what}", drawer)
    if printer & 0x08:
        return DeviceStatus(DeviceState.OFFLINE, f"{name}: offline", drawer)
    if paper & 0x0C:
        return DeviceStatus(DeviceState.PAPER_LOW, f"{name}: paper is running low", drawer)
    return DeviceStatus(DeviceState.ONLINE, f"{name}: ready", drawer)


def query_status(
    port: serial.SerialBase, name: str, drawer_sensor: str = DrawerSensor.NONE.value
) -> DeviceStatus:
    """Ask the printer on the open ``port``; never raises for a silent or confused printer.

    ``DeviceError`` still comes through when the port itself fails (unplugged,
    flow control held off so not even the request goes out).
    """
    with contextlib.suppress(Exception):
        port.reset_input_buffer()  # a late answer to an earlier request is not this one
    answers: dict[int, int] = {}
    # n = 2 and 3 only say *why* the printer is offline or in error: asked only then, so a
    # healthy printer costs two round trips before a job, not four.
    for n in (1, 2, 3, 4):
        if n == 2 and not answers[1] & 0x08:
            answers[2] = _FIXED_BITS
            continue
        if n == 3 and not answers[2] & 0x40:
            answers[3] = _FIXED_BITS
            continue
        try:
            value = _ask(port, n, name)
        except DeviceError:
            raise
        except (serial.SerialException, OSError) as exc:
            return DeviceStatus(DeviceState.OFFLINE, f"{name}: lost the connection ({exc})")
        if value is None:
            return DeviceStatus(
                DeviceState.UNKNOWN, f"{name}: no answer to a status request (state unknown)"
            )
        if not is_status_byte(value):
            return DeviceStatus(
                DeviceState.UNKNOWN,
                f"{name}: answered a status request with 0x{value:02X}, "
                "which is not a status byte (state unknown)",
            )
        answers[n] = value
    printer, offline, error, paper = (answers[n] for n in (1, 2, 3, 4))
    return interpret(name, printer, offline, error, paper, drawer_sensor)
