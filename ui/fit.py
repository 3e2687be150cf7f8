"""Windows that fit a counter PC's screen (1366x768, 150 % scaling): start no
larger than the screen, and let tall content scroll instead of pushing the
window past the screen's edge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QStatusBar,
    QTableWidget,
    QWidget,
)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Start at ``width`` x ``height`` or the screen's available size, whichever
    is smaller."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    avail = screen.availableGeometry()
    if avail.width() < width + 120 or avail.height() < height + 80:
        # A counter PC's screen (1366x768, 150 % scaling): use all of it; the
        # title bar and the task bar would push a window of the screen's size off it.
        window.resize(min(width, avail.width()), min(height, avail.height() - 40))
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    window.resize(width, height)


class _ColumnScroll(QScrollArea):
    """A vertical scroll area as wide as its content needs, asked again whenever
    the text size changes (Counter ▸ Display), so nothing is cut off on the right."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(content.minimumSizeHint().width() + bar + 2 * self.frameWidth(),
                     hint.height())  # fmt: skip

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
        return super().event(event)


def scrollable(content: QWidget | QLayout, parent: QWidget) -> QScrollArea:
    """``content`` in a frameless vertical scroll area: its height no longer
    sets the window's minimum; its width still does (no sideways scrolling)."""
    area = _ColumnScroll(parent)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    if isinstance(content, QLayout):
        holder = QWidget(area)
        holder.setLayout(content)
        content = holder
    area.setWidget(content)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class ElidedLabel(QLabel):
    """A one-line label that never widens its window: it shows what fits, ends
    with "…" and keeps the whole text as its tooltip and accessible description."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, min_chars: int = 8):
        super().__init__(parent)
        self._full = ""
        self._min_chars = min_chars
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("M" * self._min_chars), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(0, self.width() - 2)
        )
        QLabel.setText(self, shown)


def add_status_part(bar: QStatusBar, label: QLabel, stretch: int = 0) -> QLabel:
    """One figure of a status bar, framed and padded so that two figures side by
    side never read as one run-on line ("sent, not confirmed Ticket printer: ready")."""
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setContentsMargins(6, 0, 6, 0)
    bar.addPermanentWidget(label, stretch)
    return label


@contextmanager
def refilling(table: QTableWidget) -> Iterator[None]:
    """Set a table's items again, its columns sized to their contents once, at the end.

    A column sized to its contents measures every row again for each item set into a
    table that already has rows: refilling a lobby of 150 visitors this way took the UI
    thread seconds (bench/ticket_on_busy_site.py --probe), holding up the greeter's
    keys and the ticket just issued. While the items are set, those columns keep
    their width; when done, they are sized to their contents again, once."""
    header = table.horizontalHeader()
    sized = [
        col
        for col in range(header.count())
        if header.sectionResizeMode(col) == QHeaderView.ResizeMode.ResizeToContents
    ]
    for col in sized:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        for col in sized:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
