"""Opening a port and sending bytes through it, with every wait bounded.

Ports are opened with ``serial.serial_for_url`` so a station's setting can be
``/dev/ttyUSB0``, ``COM3``, ``socket://10.0.0.7:9100``, ``rfc2217://…`` or,
in tests, ``loop://`` (ARCHITECTURE.md, decision 6). pyserial's exceptions
are turned into ``DeviceError``s whose text an associate can act on.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from dataclasses import dataclass

import serial

from devices.errors import DeviceTimeout, PortUnavailable

#: Bytes handed to the port per ``write`` call. The write timeout applies per
#: call, so it measures "no progress for that long", not "the whole receipt
#: took that long": a 3 KB receipt at 9600 baud legitimately takes 3 s.
WRITE_CHUNK = 256

_BITS_PER_BYTE = 10  # start bit + 8 data bits + stop bit


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """How to reach one device. Defaults suit the usual 9600 8N1 receipt printer."""

    url: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    rtscts: bool = False
    xonxoff: bool = False
    dsrdtr: bool = False
    write_timeout_s: float = 5.0
    read_timeout_s: float = 1.0

    def __post_init__(self) -> None:
        # pyserial reads a zero write timeout as "non-blocking", which would make
        # write_all spin; None as "wait forever", which decision 6 rules out.
        if not self.write_timeout_s > 0:
            raise ValueError(f"write_timeout_s must be more than 0, not {self.write_timeout_s}")
        if not self.read_timeout_s >= 0:
            raise ValueError(f"read_timeout_s cannot be negative ({self.read_timeout_s})")


def _errno_of(exc: BaseException) -> int | None:
    """The OS error number behind a pyserial exception, which often only wraps it."""
    seen: BaseException | None = exc
    while seen is not None:
        number = getattr(seen, "errno", None)
        if isinstance(number, int):
            return number
        seen = seen.__cause__ or seen.__context__
    text = str(exc)  # pyserial on Windows only formats the WinError into the text
    if "FileNotFoundError" in text:
        return errno.ENOENT
    if "PermissionError" in text:
        return errno.EACCES
    return None


def _detail(exc: BaseException) -> str:
    err = _errno_of(exc)
    return os.strerror(err) if err is not None else str(exc)


def _port_name(port: serial.SerialBase) -> str:
    return str(getattr(port, "port", None) or "?")


def _unavailable(name: str, url: str, exc: BaseException) -> PortUnavailable:
    err = _errno_of(exc)
    if err == errno.ENOENT:
        return PortUnavailable("{device}: port {port} does not exist", device=name, port=url)
    if err in (errno.EACCES, errno.EPERM):
        return PortUnavailable("{device}: no permission to open port {port}", device=name, port=url)
    if err in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK):  # EAGAIN: another holds the lock
        return PortUnavailable(
            "{device}: port {port} is in use by another program", device=name, port=url
        )
    if err == errno.ECONNREFUSED:
        return PortUnavailable("{device}: nothing is listening at {port}", device=name, port=url)
    return PortUnavailable(
        "{device}: cannot open port {port} ({detail})", device=name, port=url, detail=_detail(exc)
    )


def _timed_out(name: str, url: str, seconds: float) -> DeviceTimeout:
    return DeviceTimeout(
        "{device} stopped answering (write timed out after {seconds} s)",
        seconds=format(seconds, "g"),
        device=name,
        port=url,
    )


def open_port(settings: SerialSettings, name: str = "Device") -> serial.SerialBase:
    """Open the port described by ``settings``; ``PortUnavailable`` says why it cannot be."""
    try:
        return serial.serial_for_url(
            settings.url,
            baudrate=settings.baudrate,
            bytesize=settings.bytesize,
            parity=settings.parity,
            stopbits=settings.stopbits,
            rtscts=settings.rtscts,
            xonxoff=settings.xonxoff,
            dsrdtr=settings.dsrdtr,
            write_timeout=settings.write_timeout_s,
            timeout=settings.read_timeout_s,
            # An advisory lock on POSIX serial ports (Windows COM ports are exclusive anyway):
            # a second program on the printer's port would interleave its bytes with ours.
            exclusive=True,
            do_not_open=False,
        )
    except ValueError as exc:  # unknown URL scheme, impossible baud rate …
        raise PortUnavailable(
            "{device}: '{port}' is not a usable port setting ({exc})",
            exc=exc,
            device=name,
            port=settings.url,
        ) from exc
    except (serial.SerialException, OSError) as exc:
        raise _unavailable(name, settings.url, exc) from exc


def _discard_output(port: serial.SerialBase) -> None:
    """Drop what is still queued for the device, so a failed job cannot trickle out later
    (half a receipt printing when the paper comes back, then the reprint) and closing the
    port does not wait for bytes nobody will take."""
    with contextlib.suppress(Exception):
        port.reset_output_buffer()


def _drain(port: serial.SerialBase, budget_s: float, name: str) -> None:
    """``port.flush()`` with a deadline.

    On a real serial port flush is ``tcdrain``, which waits without limit when
    the printer holds off flow control (paper out on an RTS/CTS printer): a
    small receipt fits in the kernel's buffer, so only this wait would notice.
    It runs on a helper thread; on the deadline the output is discarded, which
    also releases the helper.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            port.flush()
        except Exception as exc:  # termios.error is not an OSError
            failure.append(exc)

    helper = threading.Thread(target=run, name=f"{name} drain", daemon=True)
    helper.start()
    helper.join(budget_s)
    if helper.is_alive():
        _discard_output(port)
        raise _timed_out(name, _port_name(port), round(budget_s, 1))
    if failure:
        raise PortUnavailable(
            "{device}: lost the connection on {port} ({detail})",
            detail=_detail(failure[0]),
            device=name,
            port=_port_name(port),
        ) from failure[0]


def write_all(port: serial.SerialBase, data: bytes, *, name: str = "Device") -> None:
    """Send every byte of ``data`` and wait until the port has passed them on.

    Raises ``DeviceTimeout`` when the device takes nothing for the port's write
    timeout, ``PortUnavailable`` when the port fails (unplugged while sending).
    """
    url = _port_name(port)
    timeout_s = port.write_timeout
    try:
        for start in range(0, len(data), WRITE_CHUNK):
            chunk = data[start : start + WRITE_CHUNK]
            while chunk:
                written = port.write(chunk)
                if written is None:  # some URL handlers return nothing on success
                    written = len(chunk)
                if written <= 0:
                    raise serial.SerialTimeoutException("nothing written")
                chunk = chunk[written:]
    except serial.SerialTimeoutException as exc:
        _discard_output(port)
        raise _timed_out(name, url, timeout_s) from exc
    except (serial.SerialException, OSError) as exc:
        _discard_output(port)
        raise PortUnavailable(
            "{device}: lost the connection on {port} while sending ({detail})",
            detail=_detail(exc),
            device=name,
            port=url,
        ) from exc
    if timeout_s is None:
        port.flush()  # the caller asked for no deadline
        return
    wire_s = _BITS_PER_BYTE * len(data) / max(int(port.baudrate or 0), 1)
    _drain(port, timeout_s + wire_s, name)


def close_quietly(port: serial.SerialBase) -> None:
    """Close ``port``; a failure to close must not hide how the job itself ended."""
    with contextlib.suppress(Exception):
        port.close()
