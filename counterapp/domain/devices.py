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
    url: str = ""  # "/dev/ttyUSB0", "COM3", "socket://10.0.0.7:9100", "rfc2217://…", "loop://"
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
        if self.enabled and not self.url.strip():
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
        elif self.role != DeviceRole.POLE_DISPLAY and not 20 <= self.columns <= 64:
            out.append(f"{label}: a printer has 20 to 64 columns (48 on 80 mm, 32 on 58 mm).")
        if self.command_set not in {c.value for c in DisplayCommands} and (
            self.role == DeviceRole.POLE_DISPLAY
        ):
            out.append(f"{label}: unknown display command set {self.command_set!r}.")
        if self.drawer_sensor not in {d.value for d in DrawerSensor}:
            out.append(f"{label}: unknown drawer sensor setting {self.drawer_sensor!r}.")
        return out

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DeviceSettings:
        """Read one entry; unknown keys are ignored so an older station reads newer files."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


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


class DeviceState(StrEnum):
    """What the status line says about a device."""

    ONLINE = "online"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"  # cutter jammed, head too hot …
    OFFLINE = "offline"  # the port cannot be opened or stopped taking data
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
