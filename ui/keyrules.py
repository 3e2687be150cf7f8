"""Keyboard rules every dialog keeps, applied once for the whole application
(``install_keyboard_rules`` from ``ui.app``), so a new dialog keeps them too:

- Enter from any field does the dialog's default action: its default button,
  else the button its current page marks as primary (``mark_primary``), else
  the accept button of its button box; while that action cannot run yet,
  Enter goes on to the next field, as it does in a dialog with no default
  action at all (a look-up with only Close). A field with its own Enter
  handler (a search that finds on Enter) keeps it.
- Tab follows what the eye sees in a button box: left to right.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

PRIMARY = "primaryAction"


def mark_primary(button: QPushButton) -> QPushButton:
    """The button Enter presses while it is on screen (a page's main step)."""
    button.setProperty(PRIMARY, True)
    return button


def default_action(dialog: QDialog) -> QPushButton | None:
    """The button Enter presses; a primary button that cannot run yet (nothing
    found to refund) is returned disabled, and Enter then moves to the next field."""
    shown = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
    buttons = [b for b in shown if b.isEnabled()]
    for b in buttons:
        if b.isDefault():
            return b
    for b in shown:
        if b.property(PRIMARY):
            return b
    for box in dialog.findChildren(QDialogButtonBox):
        if not box.isVisibleTo(dialog):
            continue
        for button in box.buttons():
            if (
                isinstance(button, QPushButton)
                and box.buttonRole(button)
                in (
                    QDialogButtonBox.ButtonRole.AcceptRole,
                    QDialogButtonBox.ButtonRole.YesRole,
                    QDialogButtonBox.ButtonRole.ApplyRole,
                )
                and button.isEnabled()
            ):
                return button
    return None


def _own_enter(field: QWidget) -> bool:
    """A line edit whose Enter has a handler of its own (a search, an add)."""
    return isinstance(field, QLineEdit) and field.receivers("2returnPressed()") > 0


def order_button_boxes(top: QWidget) -> None:
    """Tab goes left to right through every button box (the platform may put
    Cancel left of OK; creation order would go right, then back left)."""
    for box in top.findChildren(QDialogButtonBox):
        buttons = sorted(
            (b for b in box.buttons() if b.isVisibleTo(top)), key=lambda b: b.geometry().x()
        )
        for a, b in zip(buttons, buttons[1:], strict=False):
            QWidget.setTabOrder(a, b)


def tab_chain(top: QWidget) -> list[QWidget]:
    """The widgets Tab reaches in the window ``top``, in order."""
    chain: list[QWidget] = []
    w = top.nextInFocusChain()
    while w is not None and w is not top and w not in chain:
        if (
            w.window() is top
            and w.isVisibleTo(top)
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None
        ):
            chain.append(w)
        w = w.nextInFocusChain()
    return chain


def _focus_next(widget: QWidget) -> None:
    """The next widget Tab would reach in the same window (walked here, as the
    application's focus may be in another window)."""
    chain = tab_chain(widget.window())
    if widget in chain and len(chain) > 1:
        chain[(chain.index(widget) + 1) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)


class KeyboardRules(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(obj, QDialog):
            obj.ensurePolished()
            layout = obj.layout()
            if layout is not None:
                layout.activate()
            order_button_boxes(obj)
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(obj, QWidget) or isinstance(obj, QAbstractButton):
            return False
        dialog = obj.window()
        if not isinstance(dialog, QDialog) or _own_enter(obj):
            return False
        if isinstance(obj, QComboBox) and obj.view().isVisible():
            return False  # Enter chooses in the open list
        if not isinstance(obj, (QLineEdit, QComboBox, QAbstractSpinBox)) and not isinstance(
            obj.parentWidget(), QAbstractSpinBox
        ):
            return False  # lists and tables: their own Enter (activate) stays
        target = default_action(dialog)
        if target is None or not target.isEnabled():
            # No action, or not ready yet (nothing chosen, a field still empty): Enter
            # goes on to the next field, even where QDialog would press its own default
            # button. Enter in a field never does nothing.
            _focus_next(obj)
            return True
        if target.isDefault():
            return False  # QDialog presses its own default button
        if isinstance(obj.parentWidget(), QAbstractSpinBox):
            spin = obj.parentWidget()
            assert isinstance(spin, QAbstractSpinBox)
            spin.interpretText()
        elif isinstance(obj, QAbstractSpinBox):
            obj.interpretText()
        target.click()
        return True


_rules: KeyboardRules | None = None


def install_keyboard_rules(app: QApplication) -> None:
    global _rules
    if _rules is None:
        _rules = KeyboardRules(app)
        app.installEventFilter(_rules)
