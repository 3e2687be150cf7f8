"""The window's language (issue 13): catalogues built from the .ts, chosen at
sign-in and remembered per user, switched from the menu with the visit kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from counterapp.config import StationConfig
from counterapp.db.models import StaffPreference
from counterapp.db.uow import UnitOfWork
from counterapp.services.auth import login
from tests.drawer_support import open_drawers
from ui.context import StationContext
from ui.language import build_catalogues, current_language, qm_path, set_language
from ui.language_menu import switch_language
from ui.login import LoginDialog
from ui.station_window import StationWindow


@pytest.fixture(autouse=True)
def english_again():
    """Every test leaves the application in English, as the rest of the suite expects."""
    yield
    set_language("en")


def make_ctx(tmp_path: Path, station_db) -> StationContext:
    return StationContext(StationConfig(data_dir=tmp_path), station_db)


def test_the_french_catalogue_is_built_from_its_source_and_loaded(qapp):
    build_catalogues()
    assert qm_path("fr").exists()
    set_language("fr")
    assert current_language() == "fr"
    # Qt's own catalogue (its buttons) and ours, both installed.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    assert QCoreApplication.translate("LoginDialog", "&Sign in") == "&Ouvrir une session"
    # A module-level _tr helper's string, filed by lupdate under the empty context.
    assert QCoreApplication.translate("QueuePanel", "No visitor called") != "No visitor called"
    set_language("en")
    assert QCoreApplication.translate("LoginDialog", "&Sign in") == "&Sign in"


def _sign_in(qtbot, dialog: LoginDialog, user: str, password: str) -> None:
    dialog.show()
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClicks(dialog.password, password)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_language_chosen_at_sign_in_is_remembered_for_that_user(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    # The sign-in itself turns French as soon as French is chosen.
    assert dialog.sign_in.text() == "&Ouvrir une session"
    assert dialog.windowTitle() == "counterapp — ouverture de session"
    _sign_in(qtbot, dialog, "alex", "counter")
    with station_db() as s:
        assert s.get(StaffPreference, dialog.identity.id).language == "fr"

    set_language("en")  # the station's language at the next sign-in
    again = LoginDialog(ctx)
    qtbot.addWidget(again)
    assert again.sign_in.text() == "&Sign in"
    _sign_in(qtbot, again, "alex", "counter")
    assert current_language() == "fr"  # Alex's own choice, without choosing again

    set_language("en")
    other = LoginDialog(ctx)
    qtbot.addWidget(other)
    _sign_in(qtbot, other, "jordan", "counter")
    assert current_language() == "en"  # someone who never chose keeps the station's


def test_switching_to_french_rebuilds_the_window_with_the_visit_and_remembers(
    qtbot, tmp_path, station_db
):
    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    qtbot.keyClicks(window.search, "meeting room")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # $35.00 + HST $4.55
    qtbot.keyClicks(window.amount, "20")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)  # a tender taken, $19.55 still due
    assert window.due_label.text() == "$19.55"
    assert window.counter_menu.title() == "&Counter"

    assert switch_language(window, "fr")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.switch_user and window.next_identity == who
    carried = window.carried_visit
    assert carried is not None and len(carried.lines) == 1 and len(carried.tenders) == 1
    with station_db() as s:
        assert s.get(StaffPreference, who.id).language == "fr"

    rebuilt = StationWindow(ctx, window.next_identity)  # what ui.app.run_station does
    qtbot.addWidget(rebuilt)
    rebuilt.restore_visit(carried)
    rebuilt.show()
    assert rebuilt.counter_menu.title() == "&Comptoir"
    assert rebuilt.model.rowCount() == 1
    assert rebuilt.tender_list.count() == 1
    assert rebuilt.has_tenders and rebuilt.model.total_cents() == 3955
    assert rebuilt.due_label.text() == "19,55\u00a0$"  # money in the window's language
    assert rebuilt.total_label.text() == "39,55\u00a0$"
    assert "français" in rebuilt.message.text()


def test_the_language_does_not_change_while_a_dialog_is_open(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    window.show_shortcuts()
    qtbot.waitUntil(
        lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible()
    )
    assert not switch_language(window, "fr")
    assert window.isVisible() and current_language() == "en"
    assert "dialog" in window.message.text()
    assert window.findChild(type(window.language_menu.actions()[0]), "language_en").isChecked()


def test_the_visitors_receipt_follows_the_visit_not_the_window(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))
    window = StationWindow(ctx, who)  # the window in English
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    qtbot.keyClicks(window.search, "meeting room")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    window.visitor_language.setCurrentIndex(window.visitor_language.findData("fr"))
    with qtbot.waitSignal(window.sale_completed, timeout=15_000) as sold:
        window.fill_exact()
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    receipt = sold.args[0].receipt
    assert receipt.language == "fr"
    assert window.total_label.text() == "$0.00"  # the window stays English
    assert window.visitor_language.currentData() is None  # the next visitor starts afresh
    from printing.escpos_receipt import receipt_text

    assert any(line.startswith("Monnaie rendue") or line.startswith("TOTAL") for line in
               receipt_text(receipt, 32))  # fmt: skip
    assert any(line.startswith("Reçu ") for line in receipt_text(receipt, 32))


def test_the_greeter_prints_the_ticket_in_the_visitors_language(qtbot, tmp_path, station_db):
    """The greeter's window in English, the visitor's ticket in French, on a real
    (simulated, serial) ticket printer whose bytes are decoded back."""
    from devices.simulator import PrinterSimulator
    from tests.test_ui_queue import greeter
    from tests.test_ui_queue import make_ctx as queue_ctx

    sim = PrinterSimulator(on_line=lambda _line: None)
    try:
        window = greeter(qtbot, queue_ctx(tmp_path, station_db, sim.port_path))
        window.visitor_language.setCurrentIndex(window.visitor_language.findData("fr"))
        qtbot.keyClick(window, Qt.Key.Key_C)
        qtbot.keyClick(window, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.issued_label.text() == "C-001", timeout=10_000)
        assert sim.wait_for("Votre numéro", timeout=5)
        assert sim.wait_for("C-001", timeout=5)
        printed = "\n".join(sim.lines)
        assert "Personne n’attend devant vous" in printed or "Personne n'attend" in printed
        assert "You are next in line" not in printed
        assert window.visitor_language.currentData() is None  # the next visitor afresh
        assert "Ticket C-001 issued." in window.message.text()  # the window stays English
    finally:
        sim.stop()


def test_the_pole_display_follows_the_visitors_language_not_the_window(qtbot, tmp_path, station_db):
    """An English window, a French visitor: the pole display (a real serial pole
    display simulator, frames decoded) shows the visit in French."""
    from counterapp.domain.devices import DeviceRole, DeviceSettings
    from devices.simulator import PoleDisplaySimulator, PrinterSimulator
    from tests.test_ui_devices import open_window, receipt_printer

    with PrinterSimulator(on_line=None) as printer, PoleDisplaySimulator(on_line=None) as pole:
        devices = [
            receipt_printer(printer.url),
            DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20),
        ]
        window = open_window(qtbot, tmp_path, station_db, devices)
        window.visitor_language.setCurrentIndex(window.visitor_language.findData("fr"))
        qtbot.keyClicks(window.search, "TST-15")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        assert pole.wait_for_screen("Dog licence  15,00 $", "TOTAL        15,00 $")
        qtbot.keyClick(window, Qt.Key.Key_F9)
        qtbot.keyClicks(window.amount, "20")
        with qtbot.waitSignal(window.sale_completed, timeout=10_000):
            qtbot.keyClick(window.amount, Qt.Key.Key_Return)
        assert pole.wait_for_screen("REMIS        20,00 $", "MONNAIE       5,00 $")
        assert window.total_label.text() == "$0.00"  # the window stays English


def _window_with_meeting_room(qtbot, tmp_path, station_db) -> StationWindow:
    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    qtbot.keyClicks(window.search, "meeting room")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)  # $35.00 + HST $4.55 = $39.55
    return window


def _tender(qtbot, window: StationWindow, typed: str) -> None:
    window.amount.clear()
    qtbot.keyClicks(window.amount, typed)
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)


def test_a_french_window_takes_french_amounts_and_says_its_refusals_in_french(
    qtbot, tmp_path, station_db
):
    set_language("fr")
    window = _window_with_meeting_room(qtbot, tmp_path, station_db)
    nb = "\u00a0"
    _tender(qtbot, window, "douze")
    assert window.message.text() == (
        f"«{nb}douze{nb}» n’est pas un montant. Tapez des chiffres, par exemple 20 ou 20,50."
    )
    assert window.tender_list.count() == 0
    _tender(qtbot, window, "12,50")
    assert window.tender_list.count() == 1
    assert window.due_label.text() == f"27,05{nb}$"
    _tender(qtbot, window, "2 000,005 $")
    assert window.message.text() == "Un montant a au plus deux décimales (les cents)."
    # A refusal from the core, its money in the window's form and the tender's name in French.
    window.kind.setCurrentIndex(window.kind.findData("debit"))
    _tender(qtbot, window, "1 234,50 $")
    assert window.message.text() == (
        f"Un paiement (Débit) ne peut pas dépasser le montant dû (27,05{nb}$); "
        "la monnaie est rendue en espèces seulement."
    )
    assert window.tender_list.count() == 1


def test_an_english_window_keeps_english_amounts(qtbot, tmp_path, station_db):
    window = _window_with_meeting_room(qtbot, tmp_path, station_db)
    _tender(qtbot, window, "12,50")  # an English thousands comma, not a decimal one
    assert window.message.text() == (
        "'12,50' is not an amount. Type digits, for example 20 or 20.50."
    )
    _tender(qtbot, window, "12.50")
    assert window.due_label.text() == "$27.05"
    window.kind.setCurrentIndex(window.kind.findData("debit"))
    _tender(qtbot, window, "$1,234.50")
    assert window.message.text() == (
        "A Debit tender cannot be more than what is due ($27.05); change is given only in cash."
    )
