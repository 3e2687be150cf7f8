"""A core that wires itself: ``counterapp.bootstrap`` builds the station for the window,
the command line and the tests alike, without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from counterapp.bootstrap import bootstrap
from counterapp.config import StationConfig
from counterapp.domain.devices import DeviceRole, DeviceSettings


def test_bootstrap_is_qt_free() -> None:
    code = (
        "import sys, counterapp.bootstrap, counterapp.cli, counterapp.devices_cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'ui'))\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_bootstrap_builds_the_station_with_every_device_role_and_sync(tmp_path: Path) -> None:
    devices = [
        DeviceSettings("Receipt printer", url="/dev/ttyUSB0"),
        DeviceSettings("Tickets", role=DeviceRole.TICKET_PRINTER.value, url="10.0.0.7:9100",
                       transport="network"),  # fmt: skip
        DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url="COM4", columns=20),
        DeviceSettings("Sign", role=DeviceRole.NOW_SERVING.value, url="COM5", columns=20),
    ]
    config = StationConfig(data_dir=tmp_path, server_url="http://hq.invalid", devices=devices)
    station = bootstrap(config)
    queue = station.devices()
    assert queue is station.device_lanes and not queue.running  # built, not started
    assert queue.backend.names == ["Receipt printer", "Tickets", "Pole", "Sign"]
    assert station.pusher is not None  # a server is set: head-office sync is wired
    with station.uow() as uow:  # the database is there and migrated
        assert uow.session.connection().exec_driver_sql("SELECT count(*) FROM device_job")
    assert station.devices(restart=True) is not queue  # new settings: a new queue


def test_lanes_a_closed_window_stopped_are_made_again_for_the_next_window(
    tmp_path: Path,
) -> None:
    """Sign-out or switch of user from the counter window to the greeter's: the first
    window's close stops the device lanes; the next window's lanes send again (a ticket
    issued after the switch prints)."""
    from counterapp.services import device_jobs
    from devices.simulator import CUT_LINE, PrinterSimulator

    with PrinterSimulator(on_line=None) as printer:
        tickets = DeviceSettings("Tickets", role=DeviceRole.TICKET_PRINTER.value,
                                 url=printer.url, read_timeout_s=0.3)  # fmt: skip
        station = bootstrap(StationConfig(data_dir=tmp_path, devices=[tickets]))
        first = station.devices()
        first.start()
        first.stop()  # the counter window closed
        lanes = station.devices()  # the greeter window opens
        assert lanes is not first and not lanes.stopped
        lanes.start()
        try:
            device_jobs.enqueue(station.uow(), device_jobs.EnqueueJob("Tickets", "test_print", {}))
            lanes.wake("Tickets")
            assert printer.wait_for(CUT_LINE, timeout=15)
        finally:
            lanes.stop()


def test_the_sync_client_and_wire_models_load_after_sign_in_not_at_start_up(
    tmp_path: Path,
) -> None:
    """Start-up stays lazy (bench/startup.py): a station with a server is wired, up to
    its sign-in screen, without the sync client or the wire models; its pusher (and
    the wire models, with the first audited act) are made when used."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from counterapp.bootstrap import bootstrap\n"
        "from counterapp.config import StationConfig\n"
        "import counterapp.services.auth\n"
        f"station = bootstrap(StationConfig(data_dir=Path({str(tmp_path)!r}),\n"
        "                                   server_url='http://127.0.0.1:9'))\n"
        "lazy = ('counterapp.sync.client', 'counterapp.sync.wire')\n"
        "early = [m for m in lazy if m in sys.modules]\n"
        "assert not early, early\n"
        "from counterapp.sync.client import Pusher\n"
        "assert isinstance(station.pusher, Pusher) and station.pusher is station.pusher\n"
        "assert not station.pusher.running\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
