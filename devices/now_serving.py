"""The now-serving sign in the lobby: "A-014 → Counter 3", with a chime.

One interface (``NowServingSign.show`` / ``clear``) and thin drivers, like
python-escpos's printers: ``TextLineSign`` writes one line of text per call
(the protocol of most LED message signs and of a terminal), ``EscposLineDisplay``
drives an ESC/POS customer/line display (Epson DM-D style, 2 × 20). A town
with another sign adds a driver: a class taking ``(settings, options)``
registered with ``register_driver`` or, from its own package, under the
entry-point group ``counterapp.now_serving``.

Every call opens the port, writes with the port's timeouts and closes it
(``devices.serial_port``), so a sign that was switched off and on simply
works at the next call. Call from a device lane, never the UI thread: a dead
sign raises a ``DeviceError`` and must never hold up a call.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol

import serial

from devices.errors import DeviceError
from devices.serial_port import SerialSettings, close_quietly, open_port, write_all

PortFactory = Callable[[SerialSettings, str], serial.SerialBase]
ENTRY_POINT_GROUP = "counterapp.now_serving"
BEL = b"\x07"


@dataclass(frozen=True, slots=True)
class NowServing:
    """One call for the sign: ticket "A-014" to "Counter 3"."""

    ticket: str
    counter: str
    recall: bool = False

    def line(self, arrow: str = "->") -> str:
        return f"{self.ticket} {arrow} {self.counter}"


class NowServingSign(Protocol):
    name: str

    def show(self, call: NowServing) -> None:
        """Show ``call`` (and chime when set up to). Blocks until sent; raises DeviceError."""

    def clear(self) -> None:
        """Blank the sign."""


def ascii_fold(text: str) -> str:
    """Signs take 7-bit ASCII: accents dropped, anything else "?", control characters out."""
    decomposed = unicodedata.normalize("NFKD", text.replace("→", "->"))
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        out.append(ch if 32 <= ord(ch) < 127 else "?")
    return "".join(out)


class _PortSign:
    """What the drivers share: one port, opened per message, one message at a time."""

    def __init__(
        self,
        settings: SerialSettings,
        *,
        name: str = "Now-serving sign",
        chime: bool = True,
        columns: int = 20,
        port_factory: PortFactory = open_port,
    ) -> None:
        self.settings = settings
        self.name = name
        self.chime = chime
        self.columns = columns
        self._port_factory = port_factory
        self._lock = threading.Lock()

    def _send(self, data: bytes) -> None:
        with self._lock:
            port = self._port_factory(self.settings, self.name)
            try:
                write_all(port, data, name=self.name)
            finally:
                close_quietly(port)


class TextLineSign(_PortSign):
    """One line of ASCII per call, ended by CR LF; a BEL first for the chime.

    ``template`` may use ``{ticket}`` and ``{counter}``: "A-014 -> Counter 3".
    """

    def __init__(
        self, settings: SerialSettings, *, template: str = "{ticket} -> {counter}", **kwargs: Any
    ) -> None:
        super().__init__(settings, **kwargs)
        self.template = template

    def message(self, call: NowServing) -> bytes:
        text = ascii_fold(self.template.format(ticket=call.ticket, counter=call.counter))
        return (BEL if self.chime else b"") + text[: max(self.columns, 1)].encode("ascii") + b"\r\n"

    def show(self, call: NowServing) -> None:
        self._send(self.message(call))

    def clear(self) -> None:
        self._send(b"\r\n")


class EscposLineDisplay(_PortSign):
    """An ESC/POS line display, two lines of ``columns`` characters:

    ``ESC @`` (initialise), ``FF`` (clear), "NOW SERVING" centred on line 1,
    "A-014 -> Counter 3" centred on line 2 (``ESC l`` / ``CR LF`` positioning
    the common DM-D command set understands). The chime, when the display has
    a buzzer, is ``ESC ( A`` (Epson); otherwise leave ``chime`` off.
    """

    INIT = b"\x1b@"
    CLEAR = b"\x0c"
    HOME = b"\x0b"
    BUZZ = b"\x1b(A\x04\x00\x30\x02\x01\x01"  # ESC ( A pL pH fn=48, 2 beeps, 1 cycle

    def message(self, call: NowServing) -> bytes:
        width = max(self.columns, 1)
        top = ("RECALL" if call.recall else "NOW SERVING").center(width)[:width]
        bottom = ascii_fold(call.line()).center(width)[:width]
        data = self.INIT + self.CLEAR + self.HOME + top.encode("ascii") + b"\r\n"
        data += bottom.encode("ascii")
        return data + (self.BUZZ if self.chime else b"")

    def show(self, call: NowServing) -> None:
        self._send(self.message(call))

    def clear(self) -> None:
        self._send(self.INIT + self.CLEAR)


SignFactory = Callable[..., NowServingSign]
_DRIVERS: dict[str, SignFactory] = {"text": TextLineSign, "escpos": EscposLineDisplay}


def register_driver(name: str, factory: SignFactory) -> None:
    """Add a driver under ``name`` (a setting's ``"driver"`` value)."""
    _DRIVERS[name] = factory


def drivers() -> dict[str, SignFactory]:
    """Built-in and registered drivers, and those other packages declare as entry points."""
    found = dict(_DRIVERS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found


def sign_from_settings(options: dict[str, Any]) -> NowServingSign | None:
    """The sign a station's ``now_serving`` settings describe; None when there is none.

    ``{"driver": "text"|"escpos"|<registered>, "url": "/dev/ttyUSB1", "baudrate": 9600,
    "columns": 20, "chime": true, "template": "{ticket} -> {counter}"}``
    """
    driver = str(options.get("driver", "") or "")
    url = str(options.get("url", "") or "")
    if not driver or not url:
        return None
    factory = drivers().get(driver)
    if factory is None:
        raise DeviceError(
            f"Now-serving sign: no driver called {driver!r} "
            f"(known: {', '.join(sorted(drivers()))})",
            device="Now-serving sign",
            port=url,
        )
    settings = SerialSettings(
        url=url,
        baudrate=int(options.get("baudrate", 9600)),
        write_timeout_s=float(options.get("write_timeout_s", 2.0)),
    )
    extra = {"template": options["template"]} if "template" in options else {}
    return factory(
        settings,
        chime=bool(options.get("chime", True)),
        columns=int(options.get("columns", 20)),
        **extra,
    )
