"""The associate's path through the real widgets, offscreen: sign in, add a
commissioning, tick the checklist, take cash, give change, print."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox

from counterapp.config import PrinterConfig, StationConfig
from counterapp.db.models import OutboxEntry, Sale
from counterapp.services.auth import login
from devices.simulator import PrinterSimulator
from tests.drawer_support import open_drawers
from ui.checklist import ChecklistDialog
from ui.context import StationContext
from ui.login import LoginDialog
from ui.station_window import StationWindow


@pytest.fixture
def simulator():
    sim = PrinterSimulator(on_line=lambda _line: None)
    yield sim
    sim.stop()


def make_ctx(tmp_path: Path, station_db, printer_url: str = "") -> StationContext:
    config = StationConfig(
        data_dir=tmp_path, receipt_printer=PrinterConfig(url=printer_url, write_timeout_s=1.0)
    )
    return StationContext(config, station_db)


def test_wrong_password_shows_a_clear_message(qtbot, tmp_path, station_db):
    dialog = LoginDialog(make_ctx(tmp_path, station_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "alex")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.message.text())
    assert dialog.identity is None
    assert dialog.password.text() == ""  # never left in the field
    assert dialog.sign_in.isEnabled()


def test_sign_in_with_the_keyboard(qtbot, tmp_path, station_db):
    dialog = LoginDialog(make_ctx(tmp_path, station_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "alex")
    qtbot.keyClicks(dialog.password, "counter")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.identity is not None
    assert dialog.identity.display_name == "Alex Martin"


def _window(qtbot, ctx, username="alex", password="counter") -> StationWindow:
    from counterapp.db.uow import UnitOfWork

    who = login(UnitOfWork(ctx.session_factory), username, password)
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))  # no money outside a drawer
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    return window


def _active_checklist() -> ChecklistDialog:
    dialogs = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ChecklistDialog) and w.isVisible()
    ]
    assert dialogs, "the eligibility checklist did not open"
    return dialogs[0]


def _fill_form(qtbot, window: StationWindow, answers: dict[str, str]) -> None:
    """Since issue 3 commissioning, licences and permits take down a form."""
    qtbot.waitUntil(lambda: window.form_dialog is not None and window.form_dialog.isVisible())
    form = window.form_dialog
    rows = window.model.rowCount()
    for key, value in answers.items():
        form.set_answer(key, value)
    form.ok.click()
    qtbot.waitUntil(lambda: window.model.rowCount() == rows + 1)
    qtbot.waitUntil(lambda: window.form_dialog is None)


DEPONENT = {"deponent_name": "Sam Rivera", "id_type": "Passport", "id_last_digits": "1234"}
BURIAL = {
    "deceased_name": "Élise Tremblay",
    "date_of_death": "2026-11-20",
    "funeral_home": "Barnes Memorial",
}
DOG = {
    "owner_name": "Pat Singh",
    "owner_address": "10 Kent St",
    "dog_name": "Biscuit",
    "sterilized": "Yes",
    "owner_senior": "No",
}


def test_commissioning_visit_end_to_end(qtbot, tmp_path, station_db, simulator):
    ctx = make_ctx(tmp_path, station_db, simulator.port_path)
    window = _window(qtbot, ctx)

    qtbot.keyClicks(window.search, "affidavit")
    assert window.results.count() == 1
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, ChecklistDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    dialog = _active_checklist()
    assert not dialog.ok.isEnabled()  # nothing ticked yet
    for box in dialog.findChildren(QCheckBox):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    _fill_form(qtbot, window, DEPONENT)
    assert window.total_label.text() == "$20.00"

    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClicks(window.amount, "50")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000) as done:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    result = done.args[0]
    assert result.receipt_no == "WHB-01-000001"
    assert window.change_label.text() == "Change $30.00"
    assert "WHB-01-000001 complete" in window.message.text()
    assert window.model.rowCount() == 0  # ready for the next visitor

    with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
        pass
    assert printed.args[0] == ""
    assert simulator.wait_for("[cash drawer opened]", timeout=5)
    text = "\n".join(simulator.lines)
    assert "WHB-01-000001" in text
    assert "Commissioning" in text

    with station_db() as s:
        assert s.query(Sale).count() == 1
        assert s.query(OutboxEntry).filter(OutboxEntry.kind == "sale").count() == 1


def test_short_cash_tender_keeps_the_visit_open(qtbot, tmp_path, station_db):
    window = _window(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClicks(window.search, "meeting room")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # $35.00 + HST $4.55
    assert window.total_label.text() == "$39.55"
    qtbot.keyClicks(window.amount, "20")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert window.due_label.text() == "$19.55"
    assert "Still due" in window.message.text()
    assert window.model.rowCount() == 1
    with station_db() as s:
        assert s.query(Sale).count() == 0


@pytest.mark.parametrize("typed", ["abc", "-5", "12.345", "99999999999"])
def test_bad_amounts_get_a_message_and_save_nothing(qtbot, tmp_path, station_db, typed):
    window = _window(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClicks(window.search, "burial")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    dialog = _active_checklist()
    for box in dialog.boxes:
        box.setChecked(True)
    dialog.accept()
    _fill_form(qtbot, window, BURIAL)
    window.amount.setFocus()
    qtbot.keyClicks(window.amount, typed)
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert window.message.property("isError") is True
    assert window.message.text()
    assert window.tender_list.count() == 0
    with station_db() as s:
        assert s.query(Sale).count() == 0


def test_non_commissioner_is_told_why_not(qtbot, tmp_path, station_db):
    window = _window(qtbot, make_ctx(tmp_path, station_db), "jordan", "counter")
    qtbot.keyClicks(window.search, "affidavit")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert "commissioner appointment" in window.message.text()
    assert window.model.rowCount() == 0


def test_missing_printer_port_does_not_lose_the_sale(qtbot, tmp_path, station_db):
    window = _window(qtbot, make_ctx(tmp_path, station_db, "/dev/ttyDOESNOTEXIST"))
    qtbot.keyClicks(window.search, "dog sterilized")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    _fill_form(qtbot, window, DOG)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F8)  # exact amount
    with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert "ttyDOESNOTEXIST" in printed.args[0]
    assert "The sale is saved" in window.message.text()
    with station_db() as s:
        assert s.query(Sale).count() == 1


def test_double_press_on_tender_makes_one_sale(qtbot, tmp_path, station_db):
    window = _window(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClicks(window.search, "tax certificate rush")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    window.amount.setText("100")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        window.add_tender()
        window.add_tender()  # pressed again before the save came back
    qtbot.wait(100)
    with station_db() as s:
        assert s.query(Sale).count() == 1


def test_sale_reaches_the_server_and_the_window_says_up_to_date(qtbot, tmp_path, station_db):
    from counterapp.server.app import create_app
    from counterapp.sync.client import Pusher
    from tests.sync_support import enrol, live_server, station_credential

    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)
    with live_server(app) as url:
        ctx = make_ctx(tmp_path, station_db)
        ctx.pusher = Pusher(station_db, url, interval_s=60, credential=station_credential())
        window = _window(qtbot, ctx)
        qtbot.keyClicks(window.search, "tax certificate rush")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        qtbot.keyClick(window, Qt.Key.Key_F8)
        with qtbot.waitSignal(window.sale_completed, timeout=10_000):
            qtbot.keyClick(window.amount, Qt.Key.Key_Return)
        qtbot.waitUntil(
            lambda: window.sync_status.text() == "Head office: up to date", timeout=10_000
        )
        summary = httpx.get(f"{url}/api/v1/summary").json()
        window.close()
    assert "WHB-01" in str(summary)
    assert "7500" in str(summary)


def test_unreachable_server_is_shown_and_selling_goes_on(qtbot, tmp_path, station_db):
    from counterapp.sync.client import Pusher
    from tests.sync_support import station_credential

    ctx = make_ctx(tmp_path, station_db)
    down = "http://127.0.0.1:1"
    ctx.pusher = Pusher(
        station_db, down, interval_s=60, timeout_s=1, credential=station_credential()
    )
    window = _window(qtbot, ctx)
    qtbot.keyClicks(window.search, "burial")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    dialog = _active_checklist()
    for box in dialog.boxes:
        box.setChecked(True)
    dialog.accept()
    _fill_form(qtbot, window, BURIAL)
    window.amount.setText("10")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        window.add_tender()
    qtbot.waitUntil(lambda: "waiting" in window.sync_status.text(), timeout=10_000)
    assert "offline since" in window.sync_status.text()
    assert "unreachable" in window.sync_status.text()
    window.close()
