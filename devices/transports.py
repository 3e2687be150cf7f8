"""Thin transports: how the bytes of any device job reach the device.

Like python-escpos's printer classes (``printer/serial.py``, ``network.py``,
``usb.py``), every transport gives the rest of ``devices/`` the same small
surface — ``write``, ``read``, ``flush``, ``reset_input_buffer``,
``reset_output_buffer``, ``close``, ``write_timeout``, ``baudrate``, ``port`` —
so ``serial_port.write_all`` and ``status.query_status`` are written once:

- **serial**: a serial port or any pyserial URL (``/dev/ttyUSB0``, ``COM3``,
  ``rfc2217://…``; ``loop://`` in tests), through ``serial_port.open_port``;
- **network**: a raw TCP printer port (JetDirect, python-escpos's ``Network``),
  ``host:9100`` or ``socket://host:9100``, through pyserial's ``socket://``
  handler, which has the same timeouts as a serial line;
- **usb**: a USB printer-class device by vendor and product id, found and
  configured by python-escpos's ``Usb`` printer (pyusb underneath) and then
  written with bulk transfers bounded by the device's timeouts.

The port is opened and closed around every job: a printer that was switched
off and on, or unplugged and plugged back, simply works at the next job.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

import serial

from counterapp.domain.devices import DeviceSettings, FlowControl, Transport, network_address
from devices.errors import PortUnavailable
from devices.serial_port import SerialSettings, open_port

PortFactory = Callable[[SerialSettings, str], serial.SerialBase]

#: USB full speed, for ``write_all``'s drain budget (a USB transfer completes when written).
USB_BAUD = 12_000_000
USB_IN_EP, USB_OUT_EP = 0x82, 0x01  # python-escpos's defaults: most printers use these


def serial_settings(device: DeviceSettings) -> SerialSettings:
    """How to open a serial or network device (the URL pyserial understands)."""
    flow = device.flow_control
    url = device.url
    if device.transport == Transport.NETWORK:
        address = network_address(device.url)
        if address is None:
            raise PortUnavailable(
                "{device}: '{port}' is not a network address (host:port)",
                device=device.name,
                port=device.url,
            )
        host, port = address
        url = f"socket://[{host}]:{port}" if ":" in host else f"socket://{host}:{port}"
    return SerialSettings(
        url=url,
        baudrate=device.baudrate,
        bytesize=device.bytesize,
        parity=device.parity,
        stopbits=device.stopbits,
        rtscts=flow == FlowControl.RTSCTS,
        xonxoff=flow == FlowControl.XONXOFF,
        dsrdtr=flow == FlowControl.DSRDTR,
        write_timeout_s=device.write_timeout_s,
        read_timeout_s=device.read_timeout_s,
    )


class UsbPort:
    """A USB printer behind the same surface as a serial port.

    python-escpos's ``Usb`` finds the device (``usb.core.find`` by vendor and
    product id), detaches the kernel's printer driver and configures it; the
    bulk writes and status reads are done here, on its ``device``, with this
    device's timeouts (``Usb._read`` has none, and a silent printer must not
    hold a lane for ever).
    """

    def __init__(self, device: DeviceSettings, printer: Any) -> None:
        self._printer = printer
        self._usb = printer.device
        self.name = device.name
        self.port = device.address
        self.baudrate = USB_BAUD
        self.write_timeout = device.write_timeout_s
        self.timeout = device.read_timeout_s
        self._in_ep = getattr(printer, "in_ep", USB_IN_EP)
        self._out_ep = getattr(printer, "out_ep", USB_OUT_EP)
        self._pending = bytearray()

    def write(self, data: bytes) -> int:
        import usb.core

        try:
            return int(self._usb.write(self._out_ep, data, int(self.write_timeout * 1000)))
        except usb.core.USBTimeoutError as exc:
            raise serial.SerialTimeoutException("Write timeout") from exc
        except usb.core.USBError as exc:
            raise serial.SerialException(str(exc)) from exc

    def read(self, size: int = 1) -> bytes:
        import usb.core

        if not self._pending:
            try:
                got = self._usb.read(self._in_ep, 64, max(1, int(self.timeout * 1000)))
            except usb.core.USBTimeoutError:
                return b""
            except usb.core.USBError as exc:
                raise serial.SerialException(str(exc)) from exc
            self._pending += bytes(got)
        out = bytes(self._pending[:size])
        del self._pending[:size]
        return out

    def flush(self) -> None:
        """A bulk transfer has completed when ``write`` returns: nothing waits in a buffer."""

    def reset_input_buffer(self) -> None:
        self._pending.clear()

    def reset_output_buffer(self) -> None:
        """Nothing is buffered on the station's side of a USB printer."""

    def close(self) -> None:
        self._printer.close()  # python-escpos releases the interface (pyusb's dispose)


def open_usb(device: DeviceSettings) -> UsbPort:
    """Find and open the USB printer ``device`` names; ``PortUnavailable`` says why not."""
    where = device.address

    def unavailable(template: str, **values: object) -> PortUnavailable:
        """``template`` names the device as ``{device}`` and the port as ``{port}``."""
        return PortUnavailable(template, device=device.name, port=where, **values)

    try:
        import usb.core
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb
    except ImportError as exc:
        raise unavailable("{device}: USB printing needs pyusb (pip install pyusb)") from exc
    printer = Usb(
        device.usb_vendor_id,
        device.usb_product_id,
        timeout=int(device.write_timeout_s * 1000),
        in_ep=USB_IN_EP,
        out_ep=USB_OUT_EP,
    )
    ids = f"{device.usb_vendor_id:04x}:{device.usb_product_id:04x}"
    try:
        printer.open()
    except DeviceNotFoundError as exc:
        if "Access denied" in str(exc) or "[Errno 13]" in str(exc):
            raise unavailable(
                "{device}: no permission to use USB printer {ids} (a udev rule for the station's "
                "user)",
                ids=ids,
            ) from exc
        raise unavailable(
            "{device}: USB printer {ids} is not connected or is switched off", ids=ids
        ) from exc
    except usb.core.NoBackendError as exc:
        raise unavailable(
            "{device}: USB printing needs libusb (apt-get install libusb-1.0-0)"
        ) from exc
    except usb.core.USBError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise unavailable("{device}: no permission to use USB printer {ids}", ids=ids) from exc
        if exc.errno == errno.EBUSY:
            raise unavailable(
                "{device}: USB printer {ids} is in use by another program", ids=ids
            ) from exc
        raise unavailable(
            "{device}: cannot open USB printer {ids} ({exc})", ids=ids, exc=exc
        ) from exc
    if not printer.device:
        raise unavailable(
            "{device}: USB printer {ids} is not connected or is switched off", ids=ids
        )
    return UsbPort(device, printer)


def open_device(device: DeviceSettings, port_factory: PortFactory = open_port) -> Any:
    """Open ``device`` on its transport. ``port_factory`` opens serial and network ports
    (tests pass their own to reach the far end of a ``loop://`` port)."""
    if device.transport == Transport.USB:
        return open_usb(device)
    return port_factory(serial_settings(device), device.name)
