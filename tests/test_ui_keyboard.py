"""The keyboard is trustworthy, in every window and dialog: no two mnemonics
or shortcuts collide, Tab follows what the eye sees, Enter from any field does
the dialog's default, Escape cancels. F1's table comes from the actions."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)

from tests.window_walk import close, make_ctx, openers
from ui.keyrules import tab_chain

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _shown(w: QWidget, top: QWidget) -> bool:
    return w.isVisibleTo(top) and w.isEnabled()


def mnemonics(top: QWidget) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(text: str, where: str) -> None:
        for m in MNEMONIC.finditer(text.replace("&&", "")):
            found.setdefault(m.group(1).lower(), []).append(where)

    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            if action.isVisible():
                add(action.text(), f"menu {action.text()!r}")
    for w in top.findChildren(QWidget):
        if not w.isVisibleTo(top) or w.window() is not top:
            continue
        if isinstance(w, QAbstractButton):
            add(w.text(), f"button {w.text()!r}")
        elif isinstance(w, QLabel) and w.buddy() is not None and w.buddy().isVisibleTo(top):
            add(w.text(), f"label {w.text()!r}")
        elif isinstance(w, QGroupBox):
            add(w.title(), f"group {w.title()!r}")
    for seq, where in shortcuts(top):
        m = re.fullmatch(r"Alt\+(.)", seq)
        if m:
            found.setdefault(m.group(1).lower(), []).append(where)
    return found


def shortcuts(top: QWidget) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for action in top.findChildren(QAction):
        for seq in action.shortcuts():
            out.append((seq.toString(), f"action {action.text()!r}"))
    for sc in top.findChildren(QShortcut):
        if sc.isEnabled():
            out.append((sc.key().toString(), "QShortcut"))
    return out


def _same_column(a, b, tol: int = 4) -> bool:
    return a.left() < b.right() - tol and a.right() > b.left() + tol


def tab_order_faults(top: QWidget) -> list[str]:
    """Within one group (the same parent widget) Tab reads the screen: left to
    right along a row, top to bottom down a column. Never up a column; and a
    column of like fields (pieces of each coin) is finished before Tab goes
    right: Tab never zig-zags back left to the next field of a column it left."""
    faults = []
    chain = tab_chain(top)
    tol = 4
    for i, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
        if a.parentWidget() is not b.parentWidget():
            continue
        ra = a.geometry()
        rb = b.geometry()
        up = _same_column(ra, rb) and rb.bottom() <= ra.top() + tol
        back_left = rb.right() <= ra.left() + tol and any(
            c.parentWidget() is b.parentWidget()
            and type(c) is type(b)
            and _same_column(c.geometry(), rb)
            and c.geometry().bottom() <= rb.top() + tol
            for c in chain[:i]
        )
        if back_left or up:
            faults.append(
                f"Tab from {a.accessibleName() or a.objectName() or type(a).__name__} "
                f"goes {'back left' if back_left else 'up'} to "
                f"{b.accessibleName() or b.objectName() or type(b).__name__}"
            )
    return faults


def fields(top: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox)
    return [
        w
        for w in tab_chain(top)
        if isinstance(w, kinds) and not isinstance(w.parentWidget(), QAbstractSpinBox)
    ]


def test_every_window_and_dialog_has_a_trustworthy_keyboard(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    faults: list[str] = []
    for name, open_ in openers(qtbot, ctx):
        widget = open_()
        QApplication.processEvents()
        for letter, where in mnemonics(widget).items():
            if len(where) > 1:
                faults.append(f"{name}: Alt+{letter.upper()} is {' and '.join(where)}")
        seen: dict[str, str] = {}
        for seq, where in shortcuts(widget):
            if seq in seen:
                faults.append(f"{name}: {seq} is {seen[seq]} and {where}")
            seen[seq] = where
        faults += [f"{name}: {f}" for f in tab_order_faults(widget)]
        close(widget)
    assert not faults, "\n".join(faults)


def _default_button(dialog: QDialog) -> QPushButton | None:
    from ui.keyrules import default_action

    return default_action(dialog)


def test_enter_does_the_default_and_escape_cancels_in_every_dialog(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    faults: list[str] = []
    for name, open_ in openers(qtbot, ctx):
        probe = open_()
        if not isinstance(probe, QDialog):
            close(probe)
            continue
        count = len(fields(probe))
        close(probe)
        for i in range(count):
            dialog = open_()
            assert isinstance(dialog, QDialog)
            field = fields(dialog)[i]
            default = _default_button(dialog)
            clicked: list[bool] = []
            if default is not None:
                default.clicked.connect(lambda _c=False, seen=clicked: seen.append(True))
            accepted: list[int] = []
            dialog.finished.connect(accepted.append)
            own: list[bool] = []
            if isinstance(field, QLineEdit) and field.receivers("2returnPressed()") > 0:
                field.returnPressed.connect(lambda seen=own: seen.append(True))
            dialog.activateWindow()  # the walk opens many windows; this one has the keys
            field.setFocus()
            QApplication.processEvents()
            qtbot.keyClick(field, Qt.Key.Key_Return)
            QApplication.processEvents()
            moved = dialog.focusWidget() is not field
            handled_by_field = bool(own)
            if not (clicked or accepted or handled_by_field or moved):
                faults.append(f"{name}: Enter in {field.accessibleName()!r} does nothing")
            close(dialog)
        dialog = open_()
        assert isinstance(dialog, QDialog)
        if getattr(dialog, "escape_cancels", True):
            target = dialog.focusWidget() or dialog
            qtbot.keyClick(target, Qt.Key.Key_Escape)
            QApplication.processEvents()
            if dialog.isVisible():
                faults.append(f"{name}: Escape does not cancel")
        close(dialog)
    assert not faults, "\n".join(faults)


def test_f1_lists_every_shortcut_of_the_window(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    window = dict(openers(qtbot, ctx))["station window"]()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None)
    table = window.shortcuts_dialog.table  # type: ignore[attr-defined]
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.NativeText)
            assert any(text in row for row in listed), f"F1 leaves out {text}"
    for key in ("Ctrl+L", "F1", "F11", "Ctrl+Shift+Q", "Ctrl+Shift+C", "Ctrl+Shift+P"):
        assert any(key in row for row in listed), key
