"""Station settings: where the database lives, the server, the devices.

Declared once with their defaults (like Picard's options); stored as JSON in
the station's data folder (``station.json``) so an installer or an
administrator can edit them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "station.json"


def default_data_dir() -> Path:
    env = os.environ.get("COUNTERAPP_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "counterapp"


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
class StationConfig:
    data_dir: Path
    server_url: str = ""  # "" = standalone, nothing is pushed
    push_interval_s: float = 15.0
    pull_interval_s: float = 300.0  # reference data from head office
    keep_acked_days: float = 30.0  # sent records' outbox copies kept this long, then pruned
    receipt_printer: PrinterConfig = field(default_factory=PrinterConfig)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "station.sqlite3"

    @classmethod
    def load(cls, data_dir: Path | None = None) -> StationConfig:
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        path = data_dir / CONFIG_NAME
        raw: dict[str, Any] = {}
        if path.exists():
            raw = json.loads(path.read_text(encoding="utf-8"))
        printer = PrinterConfig(**raw.get("receipt_printer", {}))
        return cls(
            data_dir=data_dir,
            server_url=raw.get("server_url", ""),
            push_interval_s=float(raw.get("push_interval_s", 15.0)),
            pull_interval_s=float(raw.get("pull_interval_s", 300.0)),
            keep_acked_days=float(raw.get("keep_acked_days", 30.0)),
            receipt_printer=printer,
        )

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "server_url": self.server_url,
            "push_interval_s": self.push_interval_s,
            "pull_interval_s": self.pull_interval_s,
            "keep_acked_days": self.keep_acked_days,
            "receipt_printer": asdict(self.receipt_printer),
        }
        (self.data_dir / CONFIG_NAME).write_text(json.dumps(data, indent=2), encoding="utf-8")
