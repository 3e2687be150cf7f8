"""The station's display per user (issue 13, item 6): high contrast and text
size chosen from Counter ▸ Display, shown at once, remembered for that user;
a focus ring that shows on every focusable widget in both themes; the
greeter switches its window's language as the station does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from counterapp.config import StationConfig
from counterapp.db.models import StaffPreference
from counterapp.db.uow import UnitOfWork
from counterapp.services.auth import login
from counterapp.services.errors import ServiceError
from counterapp.services.preferences import (
    Display,
    remember_display,
    remember_language,
    staff_display,
    staff_language,
)
from tests.window_walk import close, make_ctx, openers
from ui.context import StationContext
from ui.display import (
    HIGH_CONTRAST_COLOURS,
    apply_display,
    contrast_ratio,
    current_display,
)
from ui.language import current_language, set_language
from ui.ops import OpRunner

FOCUSABLE_KINDS = (
    "QLineEdit",
    "QSpinBox",
    "QComboBox",
    "QListWidget",
    "QTableView",
    "QTableWidget",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QPlainTextEdit",
    "QTextEdit",
)


@pytest.fixture(autouse=True)
def standard_again(qapp):
    """Every test leaves the application as the rest of the suite expects it."""
    yield
    flush_deleted()
    apply_display(Display())
    set_language("en")


def flush_deleted() -> None:
    """Windows closed by the test are deleted before the display repolishes every widget."""
    from PySide6.QtCore import QEvent

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def _ctx(tmp_path: Path, station_db) -> StationContext:
    return StationContext(StationConfig(data_dir=tmp_path), station_db)


def test_a_users_display_is_remembered_apart_from_their_language(station_db):
    uow = UnitOfWork(station_db)
    sam = login(uow, "sam", "supervisor")
    alex = login(uow, "alex", "counter")
    assert staff_display(uow, sam.id) == Display()  # never chose: the standard one
    remember_display(uow, sam.id, Display("high_contrast", "large"))
    assert staff_display(uow, sam.id) == Display("high_contrast", "large")
    assert staff_language(uow, sam.id) is None  # a display chosen, no language chosen
    remember_language(uow, sam.id, "fr")
    assert staff_display(uow, sam.id) == Display("high_contrast", "large")
    assert staff_display(uow, alex.id) == Display()  # per user
    with pytest.raises(ServiceError):
        remember_display(uow, sam.id, Display("neon", "normal"))
    with pytest.raises(ServiceError):
        remember_display(uow, sam.id, Display("standard", "huge"))


def test_high_contrast_colours_meet_wcag_aa_and_better():
    from ui.display import HIGH_CONTRAST, high_contrast_palette

    p = high_contrast_palette()
    pairs = [
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    ]
    for fg, bg in pairs:
        assert contrast_ratio(p.color(fg).name(), p.color(bg).name()) >= 7, (fg, bg)
    disabled = p.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name()
    assert contrast_ratio(disabled, "#000000") >= 4.5
    for shown in HIGH_CONTRAST_COLOURS.values():  # errors, confirmations, warnings
        assert contrast_ratio(shown, "#000000") >= 7, shown
    assert contrast_ratio(HIGH_CONTRAST["ring"], "#000000") >= 3  # the focus ring
    assert contrast_ratio(HIGH_CONTRAST["ring"], HIGH_CONTRAST["edge"]) >= 1.0


def _action(window: QWidget, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def test_counter_display_turns_high_contrast_and_large_at_once_and_remembers(
    qtbot, tmp_path, station_db
):
    from ui.station_window import StationWindow

    ctx = _ctx(tmp_path, station_db)
    sam = login(UnitOfWork(ctx.session_factory), "sam", "supervisor")
    window = StationWindow(ctx, sam)
    qtbot.addWidget(window)
    window.show()
    window.say("Nothing to pay.", error=True)  # a label with a red style of its own
    red = window.message.styleSheet()
    assert "#b00020" in red
    before = QApplication.font().pointSizeF()

    _action(window, "display_high_contrast").trigger()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert app.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert "#b00020" not in window.message.styleSheet()  # the error reads on black
    assert "#ff8a80" in window.message.styleSheet()
    window.say("Still nothing to pay.", error=True)  # set again while high contrast is on
    assert "#ff8a80" in window.message.styleSheet()
    assert window.isVisible()  # applied in place: the same window, not a restart

    _action(window, "display_large").trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before * 14 / 12, abs=1)
    assert window.search.font().pointSizeF() == QApplication.font().pointSizeF()
    qtbot.waitUntil(lambda: "points" in window.message.text(), timeout=10_000)
    with station_db() as s:
        pref = s.get(StaffPreference, sam.id)
        assert (pref.theme, pref.text_size) == ("high_contrast", "large")

    # The next sign-in of the same user gets it back (what ui.app.run_station reads).
    from ui.app import user_display

    assert user_display(ctx, sam) == Display("high_contrast", "large")

    _action(window, "display_standard").trigger()
    _action(window, "display_normal").trigger()
    assert current_display() == Display()
    assert app.palette().color(QPalette.ColorRole.Window).name() != "#000000"
    window.say("Nothing to pay.", error=True)
    assert window.message.styleSheet() == red  # the label's own style, as it was
    assert QApplication.font().pointSizeF() == before
    qtbot.waitUntil(lambda: "points" in window.message.text(), timeout=10_000)


def _focus_shows(qtbot, top: QWidget, where: str) -> list[str]:
    """Every focusable widget of ``top`` looks different focused than not."""
    from PySide6.QtCore import Qt

    faults: list[str] = []
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=5_000)
    candidates = [
        o
        for o in top.findChildren(QWidget)
        if type(o).__name__ in FOCUSABLE_KINDS and o.isVisibleTo(top) and o.isEnabled()
        and o.focusPolicy() != Qt.FocusPolicy.NoFocus and not o.objectName().startswith("qt_")
    ]  # fmt: skip
    for w in candidates:
        if w.width() < 4 or w.height() < 4:
            continue
        # Focus parked on another widget (not a part of this one) to see it unfocused.
        parking = next(
            (o for o in candidates if o is not w and not w.isAncestorOf(o)
             and not o.isAncestorOf(w)),
            None,
        )  # fmt: skip
        if parking is None:
            continue
        parking.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        unfocused = w.grab().toImage()
        w.setFocus(Qt.FocusReason.TabFocusReason)
        QApplication.processEvents()
        if not w.hasFocus():
            continue  # a widget that gives its focus to a part of it (checked on the part)
        focused = w.grab().toImage()
        if focused == unfocused:
            faults.append(f"{where}: {type(w).__name__} {w.objectName() or '?'} looks the same")
    return faults


@pytest.mark.parametrize("theme", ["standard", "high_contrast"])
def test_focus_is_visible_on_every_focusable_widget(qtbot, tmp_path, station_db, theme):
    flush_deleted()
    apply_display(Display(theme, "normal"))
    ctx = make_ctx(tmp_path, station_db)
    faults: list[str] = []
    checked = 0
    for name, open_ in openers(qtbot, ctx):
        widget = open_()
        QApplication.processEvents()
        faults.extend(_focus_shows(qtbot, widget, name))
        checked += 1
        for lane in widget.findChildren(OpRunner):
            lane.wait(5_000)
        close(widget)
    assert checked > 20
    assert not faults, "\n".join(faults)


def test_the_focus_check_fails_without_a_ring(qtbot, qapp):
    """Without the display's style sheet a line edit's focus may show only as a
    caret: the check sees a widget whose look does not change."""
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    qapp.setStyleSheet("QPushButton, QPushButton:focus { border: 1px solid black; }")
    try:
        top = QWidget()
        qtbot.addWidget(top)
        lay = QVBoxLayout(top)
        first, button = QLineEdit(top), QPushButton("Go", top)
        button.setFocusPolicy(button.focusPolicy())
        lay.addWidget(first)
        lay.addWidget(button)
        top.show()
        qtbot.waitExposed(top)
        faults = _focus_shows(qtbot, top, "test")
        assert any("QPushButton" in f for f in faults)
    finally:
        apply_display(Display())


def test_the_greeter_switches_its_language_and_remembers_it(qtbot, tmp_path, station_db):
    from tests.test_ui_queue import greeter
    from tests.test_ui_queue import make_ctx as queue_ctx

    window = greeter(qtbot, queue_ctx(tmp_path, station_db))
    assert window.counter_menu.title() == "&Counter"
    _action(window, "language_fr").trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert current_language() == "fr"
    assert window.switch_user and window.next_identity == window.staff  # the same person
    with station_db() as s:
        assert s.get(StaffPreference, window.staff.id).language == "fr"

    from ui.app import user_language
    from ui.greeter_window import GreeterWindow

    ctx = window.ctx
    assert user_language(ctx, window.staff) == "fr"  # what run_station applies next
    rebuilt = GreeterWindow(ctx, window.next_identity)  # what ui.app.run_station does
    qtbot.addWidget(rebuilt)
    rebuilt.show()
    assert rebuilt.counter_menu.title() == "&Comptoir"
    assert _action(rebuilt, "language_fr").isChecked()
    rebuilt.close()


def test_the_greeter_keeps_its_language_while_a_dialog_is_open(qtbot, tmp_path, station_db):
    from tests.test_ui_queue import greeter
    from tests.test_ui_queue import make_ctx as queue_ctx
    from ui.language_menu import switch_greeter_language

    window = greeter(qtbot, queue_ctx(tmp_path, station_db))
    window.show_shortcuts()
    qtbot.waitUntil(
        lambda: window.shortcuts_dialog is not None and window.shortcuts_dialog.isVisible()
    )
    assert not switch_greeter_language(window, "fr")
    assert window.isVisible() and current_language() == "en"
    assert "dialog" in window.message.text()
    assert _action(window, "language_en").isChecked()
