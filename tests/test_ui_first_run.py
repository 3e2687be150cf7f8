"""The first-run set-up in the window (issue 12), driven with the keyboard
against a real server over HTTP and a network receipt printer on a real
socket: a wrong one-time code is refused on the page, Back fixes it, the test
print reaches the printer before anything is saved, and the station ends up
set up with its reference data."""

from __future__ import annotations

import json
import os
import pty
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.server.app import create_app
from counterapp.server.reference import publish_file
from counterapp.server.stations import add_station
from counterapp.services.auth import login
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.setup import needs_setup
from tests.sync_support import live_server
from ui.first_run import FirstRunWizard


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, object]]:
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    publish_file(app.state.sessions[1], DEMO_CATALOGUE.read_text(encoding="utf-8"))
    try:
        with live_server(app) as url:
            yield url, app.state.sessions[1]
    finally:
        app.state.engine.dispose()


class NetworkPrinter:
    """A receipt printer on a TCP port (socket://), keeping what it was sent."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.received = bytearray()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while chunk := conn.recv(4096):
                    self.received += chunk


def _next(qtbot, wizard: FirstRunWizard) -> None:
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)  # the default button


def test_first_run_sets_the_counter_up_with_the_keyboard(qtbot, tmp_path: Path, server) -> None:
    url, writers = server
    code = add_station(writers, "WHB-03", "WHB", "Counter 3")
    printer = NetworkPrinter()
    display_master, display_slave = pty.openpty()  # the customer display on a serial line
    display_port = os.ttyname(display_slave)
    data = tmp_path / "pc"
    assert needs_setup(data)

    wizard = FirstRunWizard(data)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.width() <= 1366 and wizard.height() <= 768

    # Language: French.
    combo = wizard.language_page.language
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "fr"
    _next(qtbot, wizard)

    # This counter: the head office's address, the station, a mistyped code.
    page = wizard.station_page
    assert wizard.currentPage() is page
    _next(qtbot, wizard)  # nothing filled in: each field named, the page stays
    assert wizard.currentPage() is page
    for words in ("Server address", "Station code", "One-time code"):
        assert words in page.message.text()
    qtbot.keyClicks(page.server, url)
    qtbot.keyClicks(page.station, "whb-03")
    qtbot.keyClicks(page.code, "ABCD-EFGH-JKMN")  # wrong
    page.code.setFocus()
    _next(qtbot, wizard)

    # Devices: the computer's serial ports are listed off the UI thread; the
    # network printer and the display are tried before anything is saved.
    devices = wizard.devices_page
    assert wizard.currentPage() is devices
    qtbot.waitUntil(lambda: "serial ports" in devices.message.text().lower(), timeout=10_000)
    qtbot.keyClicks(devices.network, f"127.0.0.1:{printer.port}")
    devices.display.setEditText(display_port)
    qtbot.mouseClick(devices.test_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Test sent to socket://" in devices.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: b"\x1b@" in printer.received, timeout=5_000)  # ESC @: a page began
    qtbot.mouseClick(devices.test_display, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: f"Test sent to {display_port}" in devices.message.text(), timeout=10_000
    )
    assert os.read(display_master, 4096)  # the display got its test
    assert not (data / "station.json").exists()  # nothing saved yet
    devices.network.setFocus()
    _next(qtbot, wizard)

    # The set-up runs: the wrong code is named, Back, correct it, Next again.
    finish = wizard.finish_page
    assert wizard.currentPage() is finish
    qtbot.waitUntil(lambda: bool(finish.error.text()), timeout=30_000)
    assert "do not match a registration waiting at head office" in finish.error.text()
    assert not finish.isComplete() and needs_setup(data)
    qtbot.keyClick(wizard.button(QWizard.WizardButton.BackButton), Qt.Key.Key_Space)
    qtbot.keyClick(wizard.button(QWizard.WizardButton.BackButton), Qt.Key.Key_Space)
    assert wizard.currentPage() is page
    page.code.selectAll()
    qtbot.keyClicks(page.code, code)
    page.code.setFocus()
    _next(qtbot, wizard)
    devices.network.setFocus()
    _next(qtbot, wizard)
    qtbot.waitUntil(finish.isComplete, timeout=60_000)
    assert "Station WHB-03 is set up" in finish.status.text()
    assert finish.bar.value() == finish.bar.maximum()
    with qtbot.waitSignal(wizard.accepted, timeout=5_000):
        qtbot.keyClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.Key.Key_Space)

    saved = json.loads((data / "station.json").read_text(encoding="utf-8"))
    assert saved["server_url"] == url and saved["language"] == "fr"
    assert [(d["role"], d["url"]) for d in saved["devices"]] == [
        ("receipt_printer", f"socket://127.0.0.1:{printer.port}"),
        ("pole_display", display_port),
    ]
    assert not needs_setup(data)
    engine, sf = open_database(data / "station.sqlite3")
    try:  # the sign-in that follows works with head office's staff
        assert login(UnitOfWork(sf), "alex", "counter").username == "alex"
    finally:
        engine.dispose()
    os.close(display_master)
    os.close(display_slave)
    printer.sock.close()


def test_a_set_up_station_goes_straight_to_the_sign_in(tmp_path: Path) -> None:
    from counterapp.config import StationConfig
    from ui.app import run_first_setup

    StationConfig(data_dir=tmp_path).save()
    assert run_first_setup(StationConfig.load(tmp_path))  # no wizard shown
