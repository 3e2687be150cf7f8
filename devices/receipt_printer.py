"""The receipt printer role: send a rendered job, open the drawer wired to it.

The port is opened and closed around every job. Keeping it open would be
marginally faster, but a printer that was unplugged and plugged back (or
switched off and on) comes back as a new device node or connection; a fresh
open is what lets the next job simply work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import serial

from devices.serial_port import SerialSettings, close_quietly, open_port, write_all
from printing.escpos_receipt import drawer_kick_bytes

#: Opens the port for one job: ``(settings, device name) -> open port``. Tests pass
#: their own to reach the far end of a ``loop://`` port.
PortFactory = Callable[[SerialSettings, str], serial.SerialBase]


class ReceiptPrinter:
    """A receipt printer (and the cash drawer plugged into it) behind one port.

    Every method blocks until the bytes are delivered or a ``DeviceError``
    says why not, so call it from the print worker, never the UI thread. A
    lock keeps two jobs from interleaving their bytes on the paper.
    """

    def __init__(
        self,
        settings: SerialSettings,
        name: str = "Receipt printer",
        *,
        port_factory: PortFactory = open_port,
    ) -> None:
        self.settings = settings
        self.name = name
        self._port_factory = port_factory
        self._lock = threading.Lock()

    def print_bytes(self, data: bytes) -> None:
        """Send a rendered job (ESC/POS bytes) to the printer."""
        self._send(data)

    def kick_drawer(self) -> None:
        """Open the cash drawer (the printer passes the pulse on to it)."""
        self._send(drawer_kick_bytes())

    def print_and_kick(self, data: bytes, kick: bool) -> None:
        """Print ``data`` and then, when ``kick``, open the drawer: one port open, one job.

        The pulse travels behind the receipt, so a printer that stops
        answering part-way never gets it. When the drawer must open whatever
        happens to the paper, the caller sends ``kick_drawer()`` on its own.
        """
        self._send(data + drawer_kick_bytes() if kick else data)

    def _send(self, data: bytes) -> None:
        with self._lock:
            port = self._port_factory(self.settings, self.name)
            try:
                write_all(port, data, name=self.name)
            finally:
                close_quietly(port)

    def __repr__(self) -> str:
        return f"ReceiptPrinter({self.settings.url!r}, name={self.name!r})"
