"""``counterapp demo``: a whole counter on one machine, with nothing to set up.

A demo station database (demo catalogue and staff), a local server on
SQLite, and simulators on pseudo-terminals for every device role: the
receipt printer (it shows in this terminal what it would have printed), the
greeter's ticket printer, the customer pole display (each change of its two
lines, as ``top|bottom``) and the lobby's now-serving sign. All of them are
set up in ``station.json``'s device list, like a real counter's.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from counterapp.config import StationConfig
from counterapp.demo.accounts import load_demo_accounts, load_demo_stock
from counterapp.services.reference import load_demo


def _start_server(data_dir: Path, port: int, *, wait: bool) -> subprocess.Popen[bytes]:
    """Start the demo's head office. ``wait``: until it answers (the first run enrols
    the station with it); otherwise it comes up while the station starts, and the
    station's sync reports it offline until then."""
    url = f"sqlite:///{data_dir / 'server.sqlite3'}"
    # The server stops when its standard input closes: this process holds the pipe's
    # other end, which the system closes however this process ends. A station that
    # crashed or was killed leaves no server behind holding the port (the next demo
    # on it would talk to the old server and its other data folder).
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "counterapp", "server", "--port", str(port),
            "--database-url", url, "--stop-with-stdin",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    if wait:
        _wait_for_server(proc, port)
    else:
        threading.Thread(
            target=_wait_for_server, args=(proc, port), name="demo server", daemon=True
        ).start()
    return proc


def _wait_for_server(proc: subprocess.Popen[bytes], port: int) -> bool:
    import httpx

    deadline = time.monotonic() + 30
    with httpx.Client(timeout=0.5) as client:  # one client: no TLS set-up per poll
        while time.monotonic() < deadline:
            try:
                if client.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    print(f"The demo server did not start on port {port}; the station works offline.", flush=True)
    return False


def _enrol_demo_station(data_dir: Path, port: int, session_factory: Any) -> None:
    """Register the demo station with the demo server, as an administrator and
    the counter PC would (one-time code, then the station's own credential)."""
    from counterapp.sync.protocol import load_credential

    if load_credential(data_dir) is not None:
        return  # registered on an earlier run: head office's code is not even loaded
    from counterapp.demo.staff import publish_demo_staff
    from counterapp.server.db import make_server_engine, session_factories
    from counterapp.server.stations import add_station
    from counterapp.sync.register import RegistrationFailed, register_station

    engine = make_server_engine(f"sqlite:///{data_dir / 'server.sqlite3'}")
    try:
        writers = session_factories(engine)[1]
        code = add_station(writers, "WHB-01", "WHB", "Demo counter")
        publish_demo_staff(writers, session_factory)
    finally:
        engine.dispose()
    try:
        register_station(session_factory, data_dir, f"http://127.0.0.1:{port}", "WHB-01", code)
    except RegistrationFailed as exc:
        print(f"The demo station could not register with the demo server: {exc}")


def run_demo(
    *, data_dir: Path, port: int = 8765, with_server: bool = True, ticket_status: str = "ok"
) -> int:
    from counterapp.domain.devices import DeviceRole, DeviceSettings
    from counterapp.sync.protocol import load_credential
    from devices.simulator import PoleDisplaySimulator, PrinterSimulator
    from ui.app import make_application, run_station
    from ui.context import bootstrap

    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Head office starts first and comes up while the station does (a first run waits
    # for it: the station enrols with it).
    first_run = load_credential(data_dir) is None
    server = _start_server(data_dir, port, wait=first_run) if with_server else None
    make_application()  # fail early, with the install hint, when there is no screen
    sim = PrinterSimulator(on_line=lambda line: print(f"printer │ {line}", flush=True))
    # The walk-in queue (issue 5): a ticket printer for the greeter (gail / greeter).
    tickets = PrinterSimulator(on_line=lambda line: print(f"ticket  │ {line}", flush=True))
    tickets.status_mode = ticket_status  # --ticket-status paper_out: see the greeter told
    sign = PrinterSimulator(on_line=lambda line: print(f"sign    │ {line}", flush=True))
    sign.status_mode = "silent"  # a lobby sign never answers
    pole = PoleDisplaySimulator(on_line=lambda line: print(f"display │ {line}", flush=True))
    config = StationConfig.load(data_dir)
    config.server_url = f"http://127.0.0.1:{port}" if server else ""
    config.receipt_printer.url = sim.port_path
    config.devices = [
        DeviceSettings("Receipt printer", url=sim.port_path),
        DeviceSettings(
            "Customer display",
            role=DeviceRole.POLE_DISPLAY.value,
            url=pole.port_path,
            columns=20,
            welcome="Welcome to Service Whitby",
        ),
        DeviceSettings(
            "Ticket printer",
            role=DeviceRole.TICKET_PRINTER.value,
            url=tickets.port_path,
            columns=32,
            read_timeout_s=0.3,
        ),
        DeviceSettings(
            "Now-serving sign",
            role=DeviceRole.NOW_SERVING.value,
            url=sign.port_path,
            columns=32,
            status_query=False,
        ),
    ]
    config.save()
    ctx = bootstrap(config)
    load_demo(ctx.uow())
    accounts = load_demo_accounts(
        ctx.uow(),
        on_loading=lambda: print(
            "Loading the demo accounts (tax rolls, tickets, utility bills) the first time…",
            flush=True,
        ),
    )
    load_demo_stock(ctx.uow())
    print(f"{accounts:,} demo accounts on file.")
    if server:
        _enrol_demo_station(data_dir, port, ctx.session_factory)
    print(f"Demo data in {data_dir}")
    print(f"Receipt printer simulator on {sim.port_path}: receipts appear below.")
    print(f"Pole display simulator on {pole.port_path}: what the visitor sees appears below.")
    if server:
        print(f"Server on http://127.0.0.1:{port} (SQLite, {data_dir / 'server.sqlite3'})")
    print("Sign in as alex / counter (associate, commissioner) or sam / supervisor.")
    print("Sign in as gail / greeter for the greeter's window (tickets appear below too).")
    try:
        return run_station(config, username_hint="alex", ctx=ctx)
    finally:
        sim.stop()
        tickets.stop()
        sign.stop()
        pole.stop()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
