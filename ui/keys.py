"""Every keyboard shortcut of a window is a ``QAction`` declared once, with
its key; F1's table is read back from those actions, so it cannot go stale.

``add_action`` makes the action, puts it on the window (so the key works
wherever the focus is) and, when given, in a menu. ``ShortcutsDialog`` lists
every action of a window that has a key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.fit import fit_to_screen


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def add_action(
    window: QWidget,
    text: str,
    slot: Callable[[], object],
    keys: str | Sequence[str] = "",
    *,
    menu: QMenu | None = None,
    name: str = "",
) -> QAction:
    """One action with its key(s); the window owns it, the menu shows it."""
    action = QAction(text, window)
    if name:
        action.setObjectName(name)
    if keys:
        seqs = [keys] if isinstance(keys, str) else list(keys)
        action.setShortcuts([QKeySequence(k) for k in seqs])
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # the key works wherever the focus is in the window
    if menu is not None:
        menu.addAction(action)
    return action


def plain_text(text: str) -> str:
    """An action's text without its mnemonic marks ("&&" stays one "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what it does) for every action of the window that has a key,
    in the order they were declared, each action once."""
    seen: set[int] = set()
    rows: list[tuple[str, str]] = []
    for action in window.findChildren(QAction):
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        what = action.toolTip() if action.toolTip() and not action.text() else action.text()
        rows.append((keys, plain_text(what)))
    return rows


class ShortcutsDialog(QDialog):
    """F1: the table of every key, read from the window's actions."""

    def __init__(self, window: QWidget, extra: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(window)
        self.setWindowTitle(_tr("Keyboard shortcuts"))
        self.setAccessibleName(_tr("Keyboard shortcuts"))
        rows = shortcut_rows(window) + list(extra)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutTable")
        self.table.setAccessibleName(_tr("Keyboard shortcuts"))
        self.table.setAccessibleDescription(_tr("Each key and what it does in this window"))
        self.table.setHorizontalHeaderLabels([_tr("Key"), _tr("Does")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Rows follow the final column widths (sized once, before the dialog had its
        # width, they came out two and three lines tall for one line of text).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(
            _tr(
                "In a list or a field: Enter does the default, Escape closes a dialog, "
                "Tab goes to the next field."
            ),  # fmt: skip
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_tr("Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        v = QVBoxLayout(self)
        v.addWidget(self.table, 1)
        v.addWidget(note)
        v.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_to_screen(self, 760, 620)
