"""Every window and dialog fits a counter PC's screen: 1366x768, 1920x1080,
and 1920x1080 at 150 % scaling (1280x720 logical), less a task bar, in English
and in French; the station window at large text still fits 1366x768; nothing
grows by itself; one readable font everywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QMainWindow

from counterapp.services import catalogue
from counterapp.services.preferences import Display
from tests.window_walk import OPENED_CLASSES, close, every_dialog_class, make_ctx, openers
from ui.app import READABLE_POINT_SIZE
from ui.display import apply_display
from ui.language import set_language
from ui.visit_model import VisitLine

TASK_BAR = 48
SCREENS = {"1366x768": (1366, 768), "1920x1080": (1920, 1080), "150% of 1920x1080": (1280, 720)}


def test_the_walk_opens_every_dialog():
    names = {cls.__name__ for cls in every_dialog_class()}
    assert names <= OPENED_CLASSES, f"dialogs the walk does not open: {names - OPENED_CLASSES}"


@pytest.fixture
def in_language(qapp, request):
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("in_language", ["en", "fr"], indirect=True)
def test_every_window_and_dialog_fits_every_screen(qtbot, tmp_path, station_db, in_language):
    ctx = make_ctx(tmp_path, station_db)
    misfits: list[str] = []
    for name, open_ in openers(qtbot, ctx):
        widget = open_()
        QApplication.processEvents()
        need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        hint = widget.sizeHint()
        for screen, (w, h) in SCREENS.items():
            avail_w, avail_h = w, h - TASK_BAR
            if need.width() > avail_w or need.height() > avail_h:
                misfits.append(
                    f"{name} ({in_language}): needs at least {need.width()}x{need.height()}, "
                    f"{screen} has {avail_w}x{avail_h}"
                )
            if not isinstance(widget, QMainWindow) and (
                hint.width() > avail_w or hint.height() > avail_h
            ):
                misfits.append(
                    f"{name} ({in_language}): opens at {hint.width()}x{hint.height()} on {screen}"
                )
        size = widget.font().pointSizeF()
        if size < READABLE_POINT_SIZE:
            misfits.append(f"{name}: font {size}pt, smaller than {READABLE_POINT_SIZE}pt")
        close(widget)
    assert not misfits, "\n".join(misfits)


@pytest.mark.parametrize("in_language", ["en", "fr"], indirect=True)
def test_the_station_window_at_large_text_fits_1366x768(qtbot, tmp_path, station_db, in_language):
    """The associate who chose large text (Counter ▸ Display) still sees the whole
    window on the counter's 1366x768 screen; at normal text it is narrower."""
    ctx = make_ctx(tmp_path, station_db)
    window = dict(openers(qtbot, ctx))["station window"]()
    QApplication.processEvents()
    normal = window.minimumSizeHint()
    apply_display(Display("high_contrast", "large"))  # in place, as the menu does
    try:
        QApplication.processEvents()
        need = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert need.width() > normal.width()  # the text did grow
        assert need.width() <= 1366 and need.height() <= 768 - TASK_BAR, need
        assert window.font().pointSizeF() >= READABLE_POINT_SIZE + 2
        window.resize(1366, 768 - TASK_BAR)
        QApplication.processEvents()
        cut = [
            b.text()
            for b in window.findChildren(QAbstractButton)
            if b.isVisibleTo(window)
            and (
                b.width() < b.minimumSizeHint().width()
                or b.mapTo(window, QPoint(b.width(), 0)).x() > window.width()
                or not _shown_whole(b)
            )
        ]
        assert not cut, f"buttons cut off at large text: {cut}"
    finally:
        apply_display(Display())


def _shown_whole(widget) -> bool:
    """Not clipped by a scroll area's viewport it sits in (a dock narrower than its content)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            right = widget.mapTo(parent.viewport(), QPoint(widget.width(), 0)).x()
            return right <= parent.viewport().width()
        parent = parent.parentWidget()
    return True


@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])
def test_thirty_lines_do_not_widen_the_station_window(qtbot, tmp_path, station_db, size):
    ctx = make_ctx(tmp_path, station_db)
    window = dict(openers(qtbot, ctx))["station window"]()
    assert isinstance(window, QMainWindow)
    window.resize(*size)
    QApplication.processEvents()
    width, hint = window.width(), window.minimumSizeHint().width()
    assert width <= size[0]
    long_name = next(
        s for s in catalogue.list_services(ctx.uow()) if s.kind != "payment" and not s.rules
    )
    for _ in range(30):
        window._add_line(VisitLine(long_name))  # type: ignore[attr-defined]
    window.say("A long message " * 40)  # type: ignore[attr-defined]
    QApplication.processEvents()
    assert window.width() == width
    assert window.minimumSizeHint().width() <= max(hint, size[0])
    assert window.minimumSizeHint().width() == hint
