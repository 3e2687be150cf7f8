"""Setting up a counter PC (issue 12): one code path for ``counterapp setup``
(unattended, mass roll-out, the installer's silent mode) and the window's
first-run set-up.

A station of head office registers with its one-time code and pulls its
reference data; a standalone office loads its reference data from a file.
``station.json`` is written last, so a set-up that stopped half way (the pull
failed) is simply run again: a station already registered with that server
is not registered twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from counterapp.config import CONFIG_NAME, StationConfig
from counterapp.domain.devices import DeviceRole, DeviceSettings
from counterapp.sync.protocol import load_credential

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

LANGUAGES = {"en": "English", "fr": "Français"}

# What the set-up reports while it works: a short sentence, then done / total
# (total 0 while unknown).
Progress = Callable[[str, int, int], None]


class SetupFailed(Exception):
    """Why the set-up stopped, in a sentence; ``reason`` says what kind of
    failure it was (``counterapp.sync.register``'s words, ``"input"``, ``"pull"``)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class SetupRequest:
    data_dir: Path
    language: str = "en"
    standalone: bool = False
    server_url: str = ""
    station_code: str = ""
    one_time_code: str = ""
    reference_file: Path | None = None  # a standalone office's reference data (JSON)
    receipt_printer: str = ""  # "", "COM3", "/dev/ttyUSB0", "socket://10.0.0.7:9100"
    devices: list[DeviceSettings] = field(default_factory=list)  # more, from the window


@dataclass(frozen=True)
class SetupResult:
    station_code: str
    server_url: str
    reference_items: int  # items of reference data loaded


def needs_setup(data_dir: Path) -> bool:
    """A station with no configuration: no ``station.json`` and no database with
    a station in it (an installation from before issue 12 is not set up again)."""
    data_dir = Path(data_dir)
    if (data_dir / CONFIG_NAME).exists():
        return False
    from counterapp.db.upgrade import first_row

    try:
        return first_row(StationConfig(data_dir=data_dir).database_path, "station", "code") is None
    except sqlite3.DatabaseError:
        return False  # not ours to judge here: start-up says what is wrong with it


def receipt_printer_settings(url: str) -> DeviceSettings:
    return DeviceSettings(
        name="Receipt printer", role=DeviceRole.RECEIPT_PRINTER.value, url=url.strip()
    )


def problems(req: SetupRequest) -> list[str]:
    """What is wrong with the answers, each naming the field; empty when usable."""
    out: list[str] = []
    if req.language not in LANGUAGES:
        out.append(f"Language: choose one of {', '.join(LANGUAGES)}.")
    if req.standalone:
        if req.reference_file is None:
            out.append("Reference data: a standalone office needs its reference data file.")
        elif not Path(req.reference_file).is_file():
            out.append(f"Reference data: there is no file {req.reference_file}.")
    else:
        parts = urlsplit(req.server_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            out.append(
                "Server address: give it as http://host:port or https://host "
                "(for example https://counter.whitby.ca)."
            )
        code = req.station_code.strip()
        if not 1 <= len(code) <= 16:
            out.append("Station code: give the code head office gave this counter (WHB-02).")
        if not req.one_time_code.strip():
            out.append("One-time code: type the code the administrator gave you.")
    if req.receipt_printer.strip():
        out.extend(receipt_printer_settings(req.receipt_printer).problems())
    for device in req.devices:
        out.extend(device.problems())
    return out


def run_setup(req: SetupRequest, progress: Progress | None = None) -> SetupResult:
    """Set the station up as asked; raises ``SetupFailed`` saying why not."""
    from counterapp.db.engine import open_database
    from counterapp.db.uow import UnitOfWork

    say = progress or (lambda _text, _done, _total: None)
    found = problems(req)
    if found:
        raise SetupFailed(" ".join(found), "input")
    config = StationConfig.load(req.data_dir)
    say("Preparing the station database…", 0, 0)
    engine, session_factory = open_database(config.database_path)
    try:
        if req.standalone:
            from counterapp.services.reference import load_reference

            say("Loading the reference data…", 0, 0)
            try:
                data = json.loads(Path(req.reference_file or "").read_text(encoding="utf-8"))
                load_reference(UnitOfWork(session_factory), data)
                station_code = str(data["site"]["station_code"])
                items = sum(len(data.get(k, ())) for k in ("services", "staff", "tax_rates"))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise SetupFailed(
                    f"Reference data: {req.reference_file} cannot be loaded ({exc}).", "input"
                ) from None
            server_url = ""
        else:
            station_code, server_url = req.station_code.strip(), req.server_url.strip()
            items = _register_and_pull(
                session_factory, config.data_dir, server_url, station_code, req, say
            )
    finally:
        engine.dispose()
    config.server_url = server_url
    config.language = req.language
    devices = list(req.devices)
    if req.receipt_printer.strip() and not any(
        d.role == DeviceRole.RECEIPT_PRINTER.value for d in devices
    ):
        devices.insert(0, receipt_printer_settings(req.receipt_printer))
    if devices:
        config.devices = devices
    config.save()  # last: the station counts as set up from here
    say("Done.", 1, 1)
    return SetupResult(station_code, server_url, items)


def _register_and_pull(
    session_factory: Callable[[], Session],
    data_dir: Path,
    server_url: str,
    station_code: str,
    req: SetupRequest,
    say: Progress,
) -> int:
    from counterapp.sync.pull import pull_changes
    from counterapp.sync.register import RegistrationFailed, register_station

    done = load_credential(data_dir)
    if done is None or done.station_code != station_code:
        say("Registering with head office…", 0, 0)
        try:
            register_station(
                session_factory,
                data_dir,
                server_url,
                station_code,
                req.one_time_code,
            )
        except RegistrationFailed as exc:
            raise SetupFailed(_sentence(str(exc)), exc.reason) from None
    say("Loading reference data from head office…", 0, 0)
    result = pull_changes(
        session_factory,
        server_url,
        on_page=lambda until, current: say(
            "Loading reference data from head office…", until, max(current, until)
        ),
    )
    if result.error:
        raise SetupFailed(
            f"Registered with head office, but the reference data did not load: {result.error}. "
            "Run the set-up again to continue (no new code is needed).",
            "pull",
        )
    return result.applied


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."
