"""Quick serve through the real window (issue 16): Ctrl+Shift+W, choose the
category, Enter; the visitor is being served at this desk, the visit opens
with the category's services, and the sale closes the ticket like any other."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counterapp.db.uow import UnitOfWork
from counterapp.queue.measures import summarise
from counterapp.services.auth import login
from tests.ui_support import make_ctx, signed_in
from ui.station_window import StationWindow


def associate(qtbot, ctx) -> StationWindow:
    window = signed_in(qtbot, ctx, StationWindow, "alex", "counter")
    qtbot.waitUntil(lambda: window.results.count() > 0)
    panel = window.queue_panel
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=10_000)
    return window


def test_serve_a_walk_in_with_the_keyboard_and_it_counts(qtbot, tmp_path, station_db):
    window = associate(qtbot, make_ctx(tmp_path, station_db))
    panel = window.queue_panel
    qtbot.keyClick(
        window.search,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.walk_ins.dialog is not None)
    dialog = window.walk_ins.dialog
    letter = dialog.category.itemData(1)
    dialog.category.setCurrentIndex(1)
    qtbot.keyClick(dialog.category, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    assert panel.current.category == letter
    assert "walk-in" in window.message.text()
    assert panel.snapshot.waiting == [] or all(
        t.id != panel.current.id for t in panel.snapshot.waiting
    )
    # a second walk-in while serving is refused with the reason
    window.walk_ins.action.trigger()
    assert "first" in window.message.text()
    sq = panel.sq
    panel.done()
    qtbot.waitUntil(lambda: panel.current is None, timeout=10_000)
    s = sq.settings
    day = window.walk_ins.last.issued_at.astimezone(s.zone).date().isoformat()
    f = summarise(
        sq.backend.events_of_day(day), day=day, zone=s.zone, standard=s.in_person_standard
    )
    assert (f.total.issued, f.total.called, f.total.served) == (1, 1, 1)


def test_warm_transfer_to_an_expert_with_notes(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    alex = associate(qtbot, ctx)
    panel = alex.queue_panel
    alex.walk_ins.action.trigger()
    qtbot.waitUntil(lambda: alex.walk_ins.dialog is not None)
    alex.walk_ins.dialog.accept()
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    label = panel.current.label
    alex.activateWindow()
    qtbot.waitUntil(alex.isActiveWindow)
    qtbot.keyClick(
        alex.search,
        Qt.Key.Key_X,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    hand_offs = alex.walk_ins.hand_offs
    qtbot.waitUntil(lambda: hand_offs.dialog is not None)
    dialog = hand_offs.dialog
    index = dialog.target.findText("Expert: Sam Okafor")
    assert index >= 0, [dialog.target.itemText(i) for i in range(dialog.target.count())]
    dialog.target.setCurrentIndex(index)
    qtbot.keyClicks(dialog.notes, "Fence dispute with neighbour; has the survey")
    dialog.ok.click()
    qtbot.waitUntil(lambda: panel.current is None, timeout=10_000)
    assert "handed on with the notes" in alex.message.text()

    who = login(UnitOfWork(ctx.session_factory), "sam", "supervisor")
    sam = StationWindow(ctx, who)
    qtbot.addWidget(sam)
    sam.show()
    qtbot.waitUntil(lambda: sam.queue_panel.snapshot is not None, timeout=10_000)
    sam.queue_panel.call_next()
    qtbot.waitUntil(lambda: sam.queue_panel.current is not None, timeout=10_000)
    assert sam.queue_panel.current.label == label
    assert "Fence dispute with neighbour; has the survey" in sam.message.text()
