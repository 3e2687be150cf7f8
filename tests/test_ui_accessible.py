"""Every window and dialog reads to a screen reader (issue 13, item 6): each
interactive widget has an accessible name, and one whose purpose its name
alone does not make plain (an icon-only button, a table or list, an amount
field) has an accessible description too."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

from tests.window_walk import close, make_ctx, openers
from ui.ops import OpRunner

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabWidget,
    QTextEdit,
    QPlainTextEdit,
)
AMOUNT = re.compile(r"amount|float|cents|\$|price|fee", re.IGNORECASE)


def _qt_internal(w: QWidget) -> bool:
    """Parts Qt builds inside a widget (a combo box's own line edit, a spin box's
    editor, a scroll bar's arrows, a tab widget's bar): the outer widget speaks for them."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabWidget)) and not isinstance(
            w, (QTabBar,)
        ):
            return True
        if isinstance(parent, QAbstractItemView):
            return True  # an editor or a header inside a table: the table is named
        parent = parent.parentWidget()
    name = w.objectName()
    return name.startswith("qt_") or isinstance(w, QTabBar)


def _icon_only(w: QWidget) -> bool:
    return isinstance(w, QAbstractButton) and not w.text().replace("&", "").strip()


def _needs_description(w: QWidget) -> str:
    if isinstance(w, QAbstractItemView):
        return "a table or list"
    if _icon_only(w):
        return "an icon-only button"
    if isinstance(w, (QLineEdit, QAbstractSpinBox)) and AMOUNT.search(
        f"{w.objectName()} {w.accessibleName()}"
    ):
        return "an amount field"
    return ""


def faults(top: QWidget, where: str) -> list[str]:
    out: list[str] = []
    for w in [top, *top.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(top) or _qt_internal(w):
            continue
        if w.window() is not top:
            continue
        label = f"{where}: {type(w).__name__} {w.objectName() or '?'}"
        if isinstance(w, QAbstractButton) and w.text():
            label += f" {w.text()!r}"
        # A push button, check box or radio button with text says that text.
        says_its_text = isinstance(w, (QPushButton, QCheckBox, QRadioButton, QToolButton)) and bool(
            w.text().replace("&", "").strip()
        )
        if not w.accessibleName().strip() and not says_its_text:
            out.append(f"{label}: no accessible name")
        why = _needs_description(w)
        if why and not w.accessibleDescription().strip():
            out.append(f"{label}: {why} without an accessible description")
    return out


def test_every_interactive_widget_has_a_name_and_a_description_where_needed(
    qtbot, tmp_path, station_db
):
    ctx = make_ctx(tmp_path, station_db)
    found: list[str] = []
    seen = 0
    for name, open_ in openers(qtbot, ctx):
        widget = open_()
        QApplication.processEvents()
        seen += 1
        found.extend(faults(widget, name))
        for lane in widget.findChildren(OpRunner):
            lane.wait(5_000)
        close(widget)
    assert seen > 20
    assert not found, "\n".join(found)


def test_the_walk_finds_a_nameless_field_and_an_undescribed_table(qtbot):
    """The check itself can fail: a bare field, an undescribed list and an icon-only button."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QListWidget, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    lay = QVBoxLayout(top)
    edit = QLineEdit(top)
    listing = QListWidget(top)
    listing.setAccessibleName("Lines")
    icon = QToolButton(top)
    icon.setIcon(QIcon.fromTheme("edit-delete"))
    icon.setAccessibleName("Remove")
    named = QPushButton("&Save", top)
    for w in (edit, listing, icon, named):
        lay.addWidget(w)
    top.show()
    found = faults(top, "test")
    assert any("QLineEdit" in f and "no accessible name" in f for f in found)
    assert any("QListWidget" in f and "description" in f for f in found)
    assert any("QToolButton" in f and "icon-only" in f for f in found)
    assert not any("Save" in f for f in found)  # a button says its own text
