"""Handing over the desk and the window following the visit, on the real
window: sign out / switch user never loses a visit silently, closing asks,
the lock keeps the visit, the last sale's figures clear for the next visit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counterapp.db.models import AuditEntry
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount
from counterapp.services import catalogue, drawer
from counterapp.services.auth import login
from tests.window_walk import make_ctx
from ui.station_window import StationWindow
from ui.visit_model import VisitLine


def _window(qtbot, ctx, username="alex", password="counter", *, shift=True) -> StationWindow:
    who = login(UnitOfWork(ctx.session_factory), username, password)
    if shift:  # cash goes into the seller's own open drawer shift (issue 10's money rule)
        drawer.open_shift(
            UnitOfWork(ctx.session_factory), drawer.OpenShift(who, CashCount.of({"20": 10}))
        )
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0, timeout=10_000)
    return window


def _simple(ctx):
    return next(
        s
        for s in catalogue.list_services(ctx.uow())
        if s.kind != "payment" and s.fee_cents and not s.rules and not s.checklist
    )


def _actions(session_factory) -> list[str]:
    with UnitOfWork(session_factory) as uow:
        return list(uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.at)))


def test_closing_with_an_open_visit_asks_and_going_back_keeps_it(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    window._add_line(VisitLine(_simple(ctx)))
    window.close()
    qtbot.waitUntil(lambda: window.open_visit_dialog is not None)
    assert window.isVisible()
    qtbot.keyClick(window.open_visit_dialog, Qt.Key.Key_Escape)  # go back
    qtbot.waitUntil(lambda: window.open_visit_dialog is None)
    assert window.isVisible() and window.model.rowCount() == 1
    window.close()
    qtbot.waitUntil(lambda: window.open_visit_dialog is not None)
    qtbot.mouseClick(window.open_visit_dialog.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    qtbot.waitUntil(lambda: "logout" in _actions(station_db))


def test_switch_user_parks_the_visit_for_the_next_user(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    alex = _window(qtbot, ctx)
    alex._add_line(VisitLine(_simple(ctx)))
    qtbot.keyClick(alex, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: alex.open_visit_dialog is not None)
    dialog = alex.open_visit_dialog
    assert dialog.park.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter parks
    qtbot.waitUntil(lambda: not alex.isVisible())
    assert alex.switch_user
    assert len(ctx.parked) == 1

    jordan = _window(qtbot, ctx, "jordan", "counter", shift=False)
    assert jordan.model.rowCount() == 0
    qtbot.keyClick(jordan, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: jordan.recall_dialog is not None)
    assert "Alex Martin" in jordan.recall_dialog.list.item(0).text()
    qtbot.keyClick(jordan.recall_dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: jordan.model.rowCount() == 1)
    assert ctx.parked == []
    assert "logout" in _actions(station_db)


def test_the_lock_keeps_the_visit_and_only_a_password_opens_it(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    window._add_line(VisitLine(_simple(ctx)))
    # The site's idle time is read on a background lane first (10 minutes when unset).
    qtbot.waitUntil(lambda: window.lock.minutes > 0, timeout=10_000)
    window.lock.set_minutes(0)
    window.lock._timer.start(10)  # the idle time has passed
    qtbot.waitUntil(lambda: window.lock.dialog is not None)
    dialog = window.lock.dialog
    assert not window.centralWidget().isVisible()  # nothing of the visit on show
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Escape does not unlock
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong" in dialog.message.text(), timeout=10_000)
    qtbot.keyClicks(dialog.password, "counter")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock.dialog is None, timeout=10_000)
    assert window.centralWidget().isVisible() and window.model.rowCount() == 1
    actions = _actions(station_db)
    qtbot.waitUntil(lambda: "lock" in _actions(station_db))
    assert "unlock" in _actions(station_db), actions


def test_another_user_at_the_lock_takes_over_and_the_visit_is_parked(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    window._add_line(VisitLine(_simple(ctx)))
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.lock.dialog is not None)
    dialog = window.lock.dialog
    dialog.username.setText("jordan")
    qtbot.keyClicks(dialog.password, "counter")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.switch_user and window.next_identity.username == "jordan"
    assert len(ctx.parked) == 1


def test_the_next_visit_starts_clean(qtbot, tmp_path, station_db):
    """A sale's "Change $…" and its tender kind do not outlive it."""
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    svc = _simple(ctx)
    window._add_line(VisitLine(svc))
    window.kind.setCurrentIndex(1)  # not the default
    window.kind.setCurrentIndex(0)
    window.amount.setText("1000")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.change_label.text().startswith("Change"), timeout=10_000)
    # a second sale taken by debit, then the next visit
    window._add_line(VisitLine(svc))
    assert window.change_label.text() == ""  # the first line starts the next visit
    assert "complete" not in window.message.text()
    window.kind.setCurrentIndex(window.kind.findData("debit"))
    window.fill_exact()
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=10_000)
    assert window.kind.currentIndex() == 0  # back to the default tender


def test_enter_on_the_tender_kind_goes_on(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    window._add_line(VisitLine(_simple(ctx)))
    window.kind.setFocus()
    qtbot.keyClick(window.kind, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.amount  # the next step: how much
    window.amount.setText("1000")
    window.kind.setFocus()
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        qtbot.keyClick(window.kind, Qt.Key.Key_Return)


def test_a_search_with_no_match_says_so(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = _window(qtbot, ctx)
    qtbot.keyClicks(window.search, "zzqxv")
    assert window.results.count() == 0
    assert window.search_note.isVisible()
    assert "No service matches" in window.search_note.text()
    window.search.clear()
    assert not window.search_note.isVisible()


def test_the_print_queue_names_every_job_kind_in_words():
    from devices.station_devices import known_kinds
    from ui.device_jobs_dialog import KIND_LABELS, kind_label

    assert set(known_kinds()) <= set(KIND_LABELS)
    assert kind_label("z_report") == "Z report"
    assert "_" not in kind_label("some_new_kind")
