"""Counter devices as plain data: who they are, how to reach them, how they are.

``DeviceSettings`` is one device's entry in the station's settings (declared
once with its defaults, like Picard's options); ``DeviceStatus`` is what the
station last learned about it. No I/O here: ``devices/`` does the talking,
``counterapp.config`` the storing, ``ui/`` the showing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from counterapp.domain.setting_values import check_switches


class DeviceRole(StrEnum):
    RECEIPT_PRINTER = "receipt_printer"
    TICKET_PRINTER = "ticket_printer"
    POLE_DISPLAY = "pole_display"
    NOW_SERVING = "now_serving"

    @property
    def is_printer(self) -> bool:
        return self in (DeviceRole.RECEIPT_PRINTER, DeviceRole.TICKET_PRINTER)


class FlowControl(StrEnum):
    NONE = "none"
    RTSCTS = "rtscts"  # hardware (RTS/CTS): what most serial receipt printers use
    XONXOFF = "xonxoff"  # software
    DSRDTR = "dsrdtr"


class DisplayCommands(StrEnum):
    """Command sets of 2×20 customer pole displays."""

    ESCPOS = "escpos"  # the ESC/POS line-display set (Epson DM-D and compatibles)
    CD5220 = "cd5220"  # the CD5220 set most generic VFD poles speak


class Transport(StrEnum):
    """How the station reaches a device (python-escpos's printer classes, one each)."""

    SERIAL = "serial"  # a serial port or a pyserial URL: /dev/ttyUSB0, COM3, rfc2217://…
    NETWORK = "network"  # a raw TCP port (JetDirect, 9100): "host:9100" or socket://host:9100
    USB = "usb"  # a USB printer class device through pyusb, by vendor and product id


class SignDriver(StrEnum):
    """Built-in now-serving sign drivers (``devices.now_serving``); towns register more."""

    TEXT = "text"  # one ASCII line per call, BEL first for the chime
    ESCPOS = "escpos"  # an ESC/POS 2x20 line display


class DrawerSensor(StrEnum):
    """How the drawer's switch reaches the printer (DLE EOT 1, bit 2): drawers differ."""

    NONE = "none"  # not wired: the drawer's state is unknown
    HIGH_WHEN_OPEN = "high_when_open"
    LOW_WHEN_OPEN = "low_when_open"


STANDARD_BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PARITIES = {"N": "none", "E": "even", "O": "odd", "M": "mark", "S": "space"}
MAX_TIMEOUT_S = 60.0


@dataclass(slots=True)
class DeviceSettings:
    """One device at this station. ``name`` is how jobs and people refer to it."""

    name: str
    role: str = DeviceRole.RECEIPT_PRINTER.value
    transport: str = Transport.SERIAL.value
    url: str = ""  # "/dev/ttyUSB0", "COM3", "socket://10.0.0.7:9100", "rfc2217://…", "loop://"
    usb_vendor_id: int = 0  # USB: the printer's vendor id (0x04B8 for Epson)
    usb_product_id: int = 0  # USB: its product id
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    flow_control: str = FlowControl.NONE.value
    write_timeout_s: float = 5.0  # no progress for this long = the device stopped taking data
    read_timeout_s: float = 0.5  # how long to wait for an answer to a status query
    columns: int = 48  # printers: 48 on 80 mm paper, 32 on 58 mm; pole displays: 20
    profile: str = "default"  # python-escpos printer profile (code pages, QR support)
    command_set: str = DisplayCommands.ESCPOS.value  # pole displays
    status_query: bool = True  # printers: ask for paper/cover state (DLE EOT) before a job
    drawer_sensor: str = DrawerSensor.NONE.value
    kick_drawer_on_cash: bool = True  # a receipt printer with a cash drawer plugged in
    welcome: str = "Welcome"  # pole displays: shown when no visit is under way
    sign_driver: str = SignDriver.TEXT.value  # now-serving signs: how a call is written
    chime: bool = True  # now-serving signs: sound the chime with each call
    template: str = "{ticket} -> {counter}"  # now-serving signs (text driver): the line shown
    enabled: bool = True

    @property
    def device_role(self) -> DeviceRole:
        return DeviceRole(self.role)

    def problems(self) -> list[str]:
        """What is wrong with these settings, as sentences; empty when they are usable."""
        out: list[str] = []
        label = self.name or "A device"
        if not self.name.strip():
            out.append("Every device needs a name.")
        elif len(self.name) > 40:
            out.append(f"{label}: the name is longer than 40 characters.")
        if self.role not in {r.value for r in DeviceRole}:
            out.append(f"{label}: unknown role {self.role!r}.")
        if self.transport not in {t.value for t in Transport}:
            out.append(f"{label}: unknown connection {self.transport!r} (serial, network or usb).")
        elif self.transport == Transport.USB:
            for part, ident in (("vendor", self.usb_vendor_id), ("product", self.usb_product_id)):
                if not 0 < ident <= 0xFFFF:
                    out.append(f"{label}: set the USB {part} id (four hex digits, e.g. 04B8).")
        elif self.transport == Transport.NETWORK:
            if self.enabled and network_address(self.url) is None:
                out.append(
                    f"{label}: set the printer's network address as host:port "
                    "(for example 10.0.0.7:9100)."
                )
        elif self.enabled and not self.url.strip():
            out.append(
                f"{label}: set the port (for example /dev/ttyUSB0, COM3 or socket://host:9100)."
            )
        if self.baudrate not in STANDARD_BAUD_RATES:
            out.append(f"{label}: {self.baudrate} is not a standard baud rate.")
        if self.bytesize not in (5, 6, 7, 8):
            out.append(f"{label}: data bits must be 5, 6, 7 or 8.")
        if self.parity not in PARITIES:
            out.append(f"{label}: parity must be one of N, E, O, M, S.")
        if self.stopbits not in (1, 1.5, 2):
            out.append(f"{label}: stop bits must be 1, 1.5 or 2.")
        if self.flow_control not in {f.value for f in FlowControl}:
            out.append(f"{label}: unknown flow control {self.flow_control!r}.")
        for what, value in (("write", self.write_timeout_s), ("status", self.read_timeout_s)):
            if not 0 < value <= MAX_TIMEOUT_S:
                out.append(
                    f"{label}: the {what} timeout must be more than 0 and at most "
                    f"{MAX_TIMEOUT_S:g} s."
                )
        if self.role == DeviceRole.POLE_DISPLAY and not 16 <= self.columns <= 40:
            out.append(f"{label}: a pole display has 16 to 40 columns (usually 20).")
        elif self.role == DeviceRole.NOW_SERVING and not 8 <= self.columns <= 64:
            out.append(f"{label}: a sign shows 8 to 64 characters on a line (usually 20).")
        elif self.role not in (DeviceRole.POLE_DISPLAY, DeviceRole.NOW_SERVING) and not (
            20 <= self.columns <= 64
        ):
            out.append(f"{label}: a printer has 20 to 64 columns (48 on 80 mm, 32 on 58 mm).")
        if self.command_set not in {c.value for c in DisplayCommands} and (
            self.role == DeviceRole.POLE_DISPLAY
        ):
            out.append(f"{label}: unknown display command set {self.command_set!r}.")
        if self.role == DeviceRole.NOW_SERVING:
            try:
                self.template.format(ticket="A-001", counter="Counter 1")
            except (KeyError, IndexError, ValueError):
                out.append(f"{label}: the sign's line may use only {{ticket}} and {{counter}}.")
        if self.drawer_sensor not in {d.value for d in DrawerSensor}:
            out.append(f"{label}: unknown drawer sensor setting {self.drawer_sensor!r}.")
        return out

    @property
    def address(self) -> str:
        """Where the device is, as an installer reads it: a port, host:port or a USB id."""
        if self.transport == Transport.USB:
            return f"usb:{self.usb_vendor_id:04x}:{self.usb_product_id:04x}"
        return self.url

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DeviceSettings:
        """Read one entry; unknown keys are ignored so an older station reads newer files."""
        check_switches(cls, raw, f" of device {raw.get('name', '')!r}")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


def network_address(url: str) -> tuple[str, int] | None:
    """``("10.0.0.7", 9100)`` from "10.0.0.7:9100", "socket://10.0.0.7:9100" or
    "tcp://printer.local:9100"; a bare host means port 9100 (JetDirect). None if unusable."""
    text = url.strip()
    for scheme in ("socket://", "tcp://"):
        if text.lower().startswith(scheme):
            text = text[len(scheme) :]
    text = text.split("?", 1)[0].rstrip("/")
    if not text or "/" in text:
        return None
    host, sep, port = text.rpartition(":")
    if not sep:
        host, port = text, "9100"
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]  # [::1]:9100
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def first_device(devices: list[DeviceSettings], role: DeviceRole) -> DeviceSettings | None:
    """The station's device for ``role`` (its receipt printer …): the first enabled one."""
    return next((d for d in devices if d.enabled and d.role == role), None)


def check_devices(devices: list[DeviceSettings]) -> list[str]:
    """Every problem with a station's device list, including duplicate names."""
    out: list[str] = []
    seen: set[str] = set()
    for device in devices:
        out.extend(device.problems())
        key = device.name.strip().lower()
        if key in seen:
            out.append(f"Two devices are called {device.name!r}; names must differ.")
        seen.add(key)
    return out


def from_queue_settings(role: DeviceRole, raw: dict[str, Any]) -> DeviceSettings | None:
    """A device entry of an older ``queue.json`` (``ticket_printer`` / ``now_serving``) as
    a station device, or None when it names no port (the entry was a placeholder)."""
    url = str(raw.get("url", "") or "").strip()
    if not url:
        return None
    flow = FlowControl.RTSCTS if raw.get("rtscts") else FlowControl.NONE
    common: dict[str, Any] = {
        "role": role.value,
        "url": url,
        "baudrate": int(raw.get("baudrate", 9600)),
        "flow_control": flow.value,
        "write_timeout_s": float(raw.get("write_timeout_s", 3.0 if role.is_printer else 2.0)),
    }
    if role is DeviceRole.TICKET_PRINTER:
        return DeviceSettings(name="Ticket printer", columns=int(raw.get("columns", 32)), **common)
    sign = DeviceSettings(
        name="Now-serving sign",
        columns=int(raw.get("columns", 20)),
        sign_driver=str(raw.get("driver", "") or SignDriver.TEXT.value),
        chime=bool(raw.get("chime", True)),
        status_query=False,
        **common,
    )
    if "template" in raw:
        sign.template = str(raw["template"])
    return sign


class DeviceState(StrEnum):
    """What the status line says about a device."""

    ONLINE = "online"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"  # cutter jammed, head too hot …
    OFFLINE = "offline"  # the port cannot be opened or stopped taking data
    SENT = "sent"  # took the last job's bytes and gave no status answer: sent, not confirmed
    UNKNOWN = "unknown"  # no answer, or an answer that makes no sense: not "OK"


#: States in which sending paper work is pointless: the job fails at once, with the reason.
BLOCKING_STATES = frozenset({DeviceState.PAPER_OUT, DeviceState.COVER_OPEN, DeviceState.ERROR})


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    state: DeviceState
    detail: str = ""  # the sentence to show: "Receipt printer: out of paper"
    drawer_open: bool | None = None  # None = not known

    @property
    def blocks_printing(self) -> bool:
        return self.state in BLOCKING_STATES
