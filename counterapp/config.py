"""Station settings: where the database lives, the server, the devices.

Declared once with their defaults (like Picard's options); stored as JSON in
the station's data folder (``station.json``) so an installer or an
administrator can edit them.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from counterapp.domain.devices import DeviceRole, DeviceSettings, from_queue_settings
from counterapp.domain.setting_values import (
    SettingError,
    check_switches,
    parse_settings,
    setting_bool,
    setting_text,
)

__all__ = ["SettingError", "read_settings", "setting_bool", "setting_text"]

CONFIG_NAME = "station.json"
QUEUE_FILE = "queue.json"
#: Device entries an older ``queue.json`` held, and the role each becomes.
QUEUE_DEVICE_KEYS = {
    "ticket_printer": DeviceRole.TICKET_PRINTER,
    "now_serving": DeviceRole.NOW_SERVING,
}

log = logging.getLogger(__name__)


APP_DIR = "counterapp"


def read_settings(path: Path) -> dict[str, Any]:
    """A settings file's object; ``SettingError`` (naming the file) if it is not one."""
    return parse_settings(path.read_text(encoding="utf-8"), str(path))


def _platform() -> str:
    return sys.platform


def default_data_dir() -> Path:
    """The station's data folder by the platform's convention (issue 12):
    ``$COUNTERAPP_HOME`` if set; Windows ``%LOCALAPPDATA%\\counterapp``; macOS
    ``~/Library/Application Support/counterapp``; elsewhere
    ``$XDG_DATA_HOME/counterapp`` (``~/.local/share/counterapp``)."""
    env = os.environ.get("COUNTERAPP_HOME")
    if env:
        return Path(env)
    platform = _platform()
    if platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(local) / APP_DIR
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR


def default_log_dir(data_dir: Path | None = None) -> Path:
    """Where the logs go. A data folder named explicitly (``--data-dir``, the
    demo, ``$COUNTERAPP_HOME``) keeps its logs in its own ``logs/``; otherwise
    the platform's place for state: Windows ``%LOCALAPPDATA%\\counterapp\\logs``,
    macOS ``~/Library/Logs/counterapp``, elsewhere
    ``$XDG_STATE_HOME/counterapp/logs`` (``~/.local/state/counterapp/logs``)."""
    if data_dir is not None and Path(data_dir) != default_data_dir():
        return Path(data_dir) / "logs"
    if os.environ.get("COUNTERAPP_HOME"):
        return default_data_dir() / "logs"
    platform = _platform()
    if platform == "win32":
        return default_data_dir() / "logs"
    if platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP_DIR
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR / "logs"


@dataclass(slots=True)
class PrinterConfig:
    url: str = ""  # "" = no receipt printer; "/dev/ttyUSB0", "COM3", "socket://h:9100", "loop://"
    baudrate: int = 9600
    parity: str = "N"
    rtscts: bool = False
    xonxoff: bool = False
    write_timeout_s: float = 5.0
    columns: int = 48  # 48 for 80 mm paper, 32 for 58 mm
    kick_drawer_on_cash: bool = True


@dataclass(slots=True)
class DrawerConfig:
    code: str = "1"  # the cash drawer at this counter ("1" unless a desk has two)
    pickup_limit_cents: int = 50_000  # prompt for a pickup when cash in the drawer passes this
    reason_threshold_cents: int = 500  # over/short beyond this needs a written reason
    reports_dir: str = ""  # "" = "reports" in the data folder (Z reports, deposit slips, GL)
    # The town's accounts for the GL export, over the defaults in domain.gl.GlAccounts:
    # {"cash": "1010-100", "hst_payable": "2310-000", "over_short": "5990-200", …}
    gl_accounts: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class StationConfig:
    data_dir: Path
    server_url: str = ""  # "" = standalone, nothing is pushed
    language: str = ""  # "en" or "fr" (issue 12's set-up); "" = the computer's language
    push_interval_s: float = 15.0
    pull_interval_s: float = 300.0  # reference data from head office
    keep_acked_days: float = 30.0  # sent records' outbox copies kept this long, then pruned
    # Head office over HTTPS: the town's certificate authority (a PEM file), and
    # whether an administrator allows plain http:// to another machine (counterapp.sync.tls).
    server_ca_file: str = ""
    allow_plain_http: bool = False
    receipt_printer: PrinterConfig = field(default_factory=PrinterConfig)
    drawer: DrawerConfig = field(default_factory=DrawerConfig)
    # Every device at this station (issue 4). When the file has no "devices" list yet,
    # the receipt printer above is the only device (see ``device_list``).
    devices: list[DeviceSettings] = field(default_factory=list)

    def device_list(self) -> list[DeviceSettings]:
        """The station's devices: ``devices``, or the older single ``receipt_printer``."""
        if self.devices:
            return list(self.devices)
        p = self.receipt_printer
        if not p.url:
            return []
        flow = "rtscts" if p.rtscts else "xonxoff" if p.xonxoff else "none"
        return [
            DeviceSettings(
                name="Receipt printer",
                role=DeviceRole.RECEIPT_PRINTER.value,
                url=p.url,
                baudrate=p.baudrate,
                parity=p.parity,
                flow_control=flow,
                write_timeout_s=p.write_timeout_s,
                columns=p.columns,
                kick_drawer_on_cash=p.kick_drawer_on_cash,
            )
        ]

    @property
    def database_path(self) -> Path:
        return self.data_dir / "station.sqlite3"

    @classmethod
    def load(cls, data_dir: Path | None = None) -> StationConfig:
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        path = data_dir / CONFIG_NAME
        raw: dict[str, Any] = {}
        if path.exists():
            raw = read_settings(path)
        printer_raw = raw.get("receipt_printer", {})
        check_switches(PrinterConfig, printer_raw, " of receipt_printer")
        printer = PrinterConfig(**printer_raw)
        config = cls(
            data_dir=data_dir,
            server_url=raw.get("server_url", ""),
            language=str(raw.get("language", "")),
            push_interval_s=float(raw.get("push_interval_s", 15.0)),
            pull_interval_s=float(raw.get("pull_interval_s", 300.0)),
            keep_acked_days=float(raw.get("keep_acked_days", 30.0)),
            server_ca_file=setting_text(raw, "server_ca_file", ""),
            allow_plain_http=setting_bool(raw, "allow_plain_http", False),
            receipt_printer=printer,
            drawer=DrawerConfig(**raw.get("drawer", {})),
            devices=[DeviceSettings.from_json(d) for d in raw.get("devices", [])],
        )
        config.migrate_queue_devices()
        return config

    def migrate_queue_devices(self) -> list[str]:
        """Move the device entries of an older ``queue.json`` (``ticket_printer``,
        ``now_serving``) into this station's device list, where every device is set up.

        ``station.json`` is written first, then ``queue.json`` without them, so a stop
        in between only repeats the move. A role the device list already has keeps its
        device (the older entry is dropped, and said so in the log). Returns the names
        of the devices added.
        """
        path = self.data_dir / QUEUE_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # no file, or one the queue settings will report as broken
        if not isinstance(raw, dict) or not any(k in raw for k in QUEUE_DEVICE_KEYS):
            return []
        devices = self.device_list()
        added: list[str] = []
        for key, role in QUEUE_DEVICE_KEYS.items():
            entry = raw.pop(key, None)
            device = from_queue_settings(role, entry) if isinstance(entry, dict) else None
            if device is None:
                continue
            if any(d.role == role for d in devices):
                log.warning("queue.json: %s dropped, station.json already has one", key)
                continue
            taken = {d.name.lower() for d in devices}
            base, n = device.name, 2
            while device.name.lower() in taken:
                device.name, n = f"{base} {n}", n + 1
            devices.append(device)
            added.append(device.name)
        self.devices = devices
        self.save()
        path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
        return added

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "server_url": self.server_url,
            "language": self.language,
            "push_interval_s": self.push_interval_s,
            "pull_interval_s": self.pull_interval_s,
            "keep_acked_days": self.keep_acked_days,
            "server_ca_file": self.server_ca_file,
            "allow_plain_http": self.allow_plain_http,
            "receipt_printer": asdict(self.receipt_printer),
            "drawer": asdict(self.drawer),
            "devices": [d.to_json() for d in self.devices],
        }
        (self.data_dir / CONFIG_NAME).write_text(json.dumps(data, indent=2), encoding="utf-8")
