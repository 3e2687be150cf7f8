"""Quick serve (issue 16): an associate serves a visitor who took no ticket.

The queue issues a ticket and calls it to this desk in one step, so the visit
is timed and counted in the day's figures like any other, and the visit opens
with the category's services as a called ticket's does. Wired into the
station window by ``install_walk_ins`` (the *Appointments & walk-ins* menu,
Ctrl+Shift+W).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from counterapp.ids import uuid7
from counterapp.queue.views import TicketView
from counterapp.services.changes import Change, changes
from ui.language import current_language
from ui.messages import error_text
from ui.ops import queue_lane

if TYPE_CHECKING:
    from ui.station_window import StationWindow

KEY = "Ctrl+Shift+W"


def _tr(text: str) -> str:
    return QCoreApplication.translate("WalkIns", text)


class WalkInDialog(QDialog):
    """Which category the walk-in's matter is (for the figures and the services)."""

    def __init__(self, categories: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walkInDialog")
        self.setWindowTitle(self.tr("Serve a walk-in now"))
        self.setAccessibleName(self.tr("Serve a walk-in who took no ticket"))
        v = QVBoxLayout(self)
        explain = QLabel(
            self.tr(
                "The visitor is served at this desk now, without waiting in the lobby; "
                "the visit is timed and counted like a ticket."
            ),
            self,
        )
        explain.setWordWrap(True)
        v.addWidget(explain)
        label = QLabel(self.tr("&Category:"), self)
        self.category = QComboBox(self)
        self.category.setObjectName("walkInCategory")
        self.category.setAccessibleName(self.tr("Service category of the walk-in"))
        for letter, name in categories:
            self.category.addItem(f"{letter}  {name}", letter)
        label.setBuddy(self.category)
        v.addWidget(label)
        v.addWidget(self.category)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Serve now"))
        ok.setObjectName("walkInServe")
        ok.setAccessibleName(self.tr("Serve the walk-in now"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.category.setFocus()

    def letter(self) -> str:
        return str(self.category.currentData() or "")


class WalkIns:
    def __init__(self, window: StationWindow, menu: QMenu) -> None:
        self.window = window
        self.dialog: WalkInDialog | None = None
        self.last: TicketView | None = None
        self.hand_offs: Any = None
        self.appointments: Any = None
        self.action = QAction(_tr("Serve a &walk-in now (no ticket)…"), window)
        self.action.setObjectName("serveWalkIn")
        self.action.setShortcut(QKeySequence(KEY))
        self.action.triggered.connect(self.open)
        menu.addAction(self.action)
        window.addAction(self.action)

    def _panel(self) -> Any:
        return getattr(self.window, "queue_panel", None)

    def open(self) -> None:
        panel = self._panel()
        sq = getattr(panel, "sq", None)
        if panel is None or sq is None:
            self.window.say(_tr("The walk-in queue is not available at this desk."), error=True)
            return
        current = getattr(panel, "current", None)
        if current is not None:
            self.window.say(
                _tr("Finish, park or transfer %1 first.").replace("%1", current.label), error=True
            )
            return
        categories = [(c.letter, c.name_in(current_language())) for c in sq.settings.categories]
        dialog = WalkInDialog(categories, self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._serve(dialog.letter()))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: WalkInDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _serve(self, letter: str) -> None:
        panel = self._panel()
        sq = getattr(panel, "sq", None)
        if sq is None or not letter:
            return
        actor, request_id = sq.actor(self.window.staff), uuid7()  # one id: a retry is one visit
        box = getattr(self.window, "visitor_language", None)
        language = box.currentData() if box is not None else None  # chosen for the visit
        queue_lane(sq.shared).run(
            lambda: sq.backend.serve_walk_in(
                actor, request_id=request_id, category=letter, language=language
            ),
            self._served,
            lambda exc: self.window.say(error_text(exc), error=True),
            changes=changes(Change.WALK_IN_QUEUE),  # the queue panel reloads
        )

    def _served(self, ticket: TicketView) -> None:
        self.last = ticket
        panel = self._panel()
        called = getattr(panel, "_called", None)
        if callable(called):
            called(ticket)  # the visit opens as a called ticket's does
        self.window.say(
            _tr("Serving walk-in %1 now (no ticket taken); the visit is timed.").replace(
                "%1", ticket.label
            )
        )


def install_walk_ins(window: StationWindow) -> WalkIns:
    """The station window's hook: the *Appointments & walk-ins* menu (Alt+M)."""
    menu = window.menuBar().addMenu(_tr("Appoint&ments && walk-ins"))
    menu.setObjectName("visitorsMenu")
    walk_ins = WalkIns(window, menu)
    from ui.hand_offs import install_hand_offs  # the same menu: a visit handed on

    walk_ins.hand_offs = install_hand_offs(window, menu)
    from ui.appointments import install_station_appointments

    walk_ins.appointments = install_station_appointments(window, menu)
    return walk_ins
