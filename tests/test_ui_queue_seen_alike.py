"""One queue, seen the same everywhere: the associate's dock and the greeter's
lobby list show the same wait for the same visitor, both ticking on screen;
a supervisor's acknowledgement clears the backup alert on every screen; marks
are words, readable in any font."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from counterapp.db.uow import UnitOfWork
from counterapp.ids import uuid7
from counterapp.services.auth import login
from tests.window_walk import make_ctx
from ui.greeter_window import GreeterWindow
from ui.queue_marks import OVER_STANDARD
from ui.station_window import StationWindow


def _open(qtbot, ctx, username, password):
    who = login(UnitOfWork(ctx.session_factory), username, password)
    window = GreeterWindow(ctx, who) if username == "gail" else StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    return window


def test_dock_and_greeter_show_the_same_wait_and_it_ticks(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    lobby = _open(qtbot, ctx, "gail", "greeter")
    qtbot.waitUntil(lambda: lobby.snapshot is not None, timeout=10_000)
    desk = _open(qtbot, ctx, "alex", "counter")
    panel = desk.queue_panel
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=10_000)
    sq = lobby.sq
    sq.backend.issue(sq.actor(lobby.staff), request_id=uuid7(), category="T", priority=True,
                     language_line=True)  # fmt: skip
    qtbot.waitUntil(lambda: panel.waiting.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: lobby.waiting.rowCount() == 1, timeout=10_000)
    assert panel._clock.isActive() and lobby._clock.isActive()  # both tick on screen

    # Eleven minutes later, with no queue event in between: the clocks tick.
    def older(snap):
        waiting = [
            t.model_copy(update={"waiting_since": datetime.now(UTC) - timedelta(minutes=11)})
            for t in snap.waiting
        ]
        return snap.model_copy(update={"waiting": waiting})

    panel.snapshot = older(panel.snapshot)
    lobby.snapshot = older(lobby.snapshot)
    panel._clock.timeout.emit()
    lobby._clock.timeout.emit()
    dock_text = panel.waiting.item(0).text()
    assert "11 min" in dock_text
    assert lobby.waiting.item(0, 2).text() == "11 min"
    # red past the standard on both screens
    assert panel.waiting.item(0).background().color() == OVER_STANDARD
    assert lobby.waiting.item(0, 0).background().color() == OVER_STANDARD
    # the marks are words (a star or a globe is missing from many fonts)
    assert "priority" in dock_text and "language line" in dock_text
    assert not any(ord(ch) > 0x2000 for ch in dock_text)


def test_a_supervisor_clears_the_backup_alert_for_everyone(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    lobby = _open(qtbot, ctx, "gail", "greeter")
    qtbot.waitUntil(lambda: lobby.snapshot is not None, timeout=10_000)
    sup = _open(qtbot, ctx, "sam", "supervisor")
    panel = sup.queue_panel
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=10_000)
    lobby.need_backup()  # F12 on the greeter's window
    qtbot.waitUntil(lambda: not panel.alert.isHidden(), timeout=15_000)
    qtbot.waitUntil(lambda: not lobby.backup_status.isHidden(), timeout=15_000)
    assert "waiting for a supervisor" in lobby.backup_status.text()
    assert not panel.ack_button.isHidden()
    qtbot.mouseClick(panel.ack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.alert.isHidden(), timeout=15_000)
    qtbot.waitUntil(lambda: "acknowledged" in lobby.backup_status.text(), timeout=15_000)
