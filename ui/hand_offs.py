"""Warm transfer of a visit (issue 16): the associate hands the visitor to a
department expert (the queue's named expert) or another category with a note
of what the visitor said, which travels with the ticket: whoever calls it next
reads it in the message line and the visitor is not asked again.

Installed into the *Appointments & walk-ins* menu (Ctrl+Shift+X).
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
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counterapp.queue.views import TicketView
from counterapp.services.changes import Change, changes
from ui.messages import error_text
from ui.ops import queue_lane

if TYPE_CHECKING:
    from ui.station_window import StationWindow

KEY = "Ctrl+Shift+X"
MAX_NOTE = 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandOffs", text)


class TransferDialog(QDialog):
    def __init__(
        self,
        label: str,
        targets: list[tuple[str, tuple[str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        self.setWindowTitle(self.tr("Transfer %1 with notes").replace("%1", label))
        self.setAccessibleName(self.tr("Warm transfer with notes"))
        self.resize(560, 360)
        v = QVBoxLayout(self)
        to_label = QLabel(self.tr("Transfer t&o:"), self)
        self.target = QComboBox(self)
        self.target.setObjectName("transferTarget")
        self.target.setAccessibleName(self.tr("Department expert or category"))
        for text, data in targets:
            self.target.addItem(text, data)
        to_label.setBuddy(self.target)
        v.addWidget(to_label)
        v.addWidget(self.target)
        notes_label = QLabel(self.tr("&What the visitor said (travels with the ticket):"), self)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("transferNotes")
        self.notes.setAccessibleName(self.tr("Notes for the expert"))
        self.notes.setTabChangesFocus(True)
        notes_label.setBuddy(self.notes)
        v.addWidget(notes_label)
        v.addWidget(self.notes, 1)
        self.message = QLabel(self)
        self.message.setObjectName("transferMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Transfer"))
        self.ok.setObjectName("transferWithNotes")
        self.ok.setAccessibleName(self.tr("Transfer the visitor with the notes"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.target.setFocus()

    def _check(self) -> None:
        if len(self.notes.toPlainText().strip()) > MAX_NOTE:
            self.message.setText(
                self.tr("The note is too long (at most %1 characters).").replace(
                    "%1", str(MAX_NOTE)
                )
            )
            self.message.setStyleSheet("color: #b00020; font-weight: bold;")
            return
        self.accept()

    def choice(self) -> tuple[str, str]:
        kind, value = self.target.currentData()
        return str(kind), str(value)


class HandOffs:
    def __init__(self, window: StationWindow, menu: QMenu) -> None:
        self.window = window
        self.dialog: TransferDialog | None = None
        self.action = QAction(_tr("&Transfer to an expert with notes…"), window)
        self.action.setObjectName("transferWithNotes")
        self.action.setShortcut(QKeySequence(KEY))
        self.action.triggered.connect(self.open)
        menu.addAction(self.action)
        window.addAction(self.action)

    def _panel(self) -> Any:
        return getattr(self.window, "queue_panel", None)

    def open(self) -> None:
        panel = self._panel()
        sq = getattr(panel, "sq", None)
        current: TicketView | None = getattr(panel, "current", None)
        if sq is None or current is None:
            self.window.say(
                _tr("Call a visitor first: only a visit being served is transferred."), error=True
            )
            return
        targets: list[tuple[str, tuple[str, str]]] = [
            (_tr("Expert: %1").replace("%1", name), ("expert", staff_id))
            for staff_id, name in sorted(sq.staff_names.items(), key=lambda kv: kv[1])
            if staff_id != self.window.staff.id
        ]
        targets += [
            (f"{c.letter} {c.name}", ("category", c.letter)) for c in sq.settings.categories
        ]
        dialog = TransferDialog(current.label, targets, self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._transfer(dialog.choice(), dialog.notes.toPlainText()))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: TransferDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _transfer(self, choice: tuple[str, str], note: str) -> None:
        panel = self._panel()
        sq, current = getattr(panel, "sq", None), getattr(panel, "current", None)
        if sq is None or current is None:
            return
        kind, value = choice
        actor, ticket_id = sq.actor(self.window.staff), current.id
        if kind == "expert":
            what = lambda: sq.backend.transfer(actor, ticket_id, expert_id=value, note=note)  # noqa: E731
        else:
            what = lambda: sq.backend.transfer(actor, ticket_id, category=value, note=note)  # noqa: E731
        queue_lane(sq.shared).run(
            what,
            self._done,
            lambda exc: self.window.say(error_text(exc), error=True),
            changes=changes(Change.WALK_IN_QUEUE),  # the queue panel reloads
        )

    def _done(self, ticket: TicketView) -> None:
        panel = self._panel()
        after = getattr(panel, "_after", None)
        if callable(after):
            after("transfer", ticket)  # the desk is free for the next visitor
        self.window.say(
            _tr("%1 handed on with the notes; the visitor keeps their place.").replace(
                "%1", ticket.label
            )
        )


def install_hand_offs(window: StationWindow, menu: QMenu) -> HandOffs:
    return HandOffs(window, menu)
