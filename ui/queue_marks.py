"""How a ticket's wait and marks read on screen, the same in the greeter's
lobby list and every associate's dock (``counterapp.queue.waits`` computes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from counterapp.queue.views import TicketView
from counterapp.queue.waits import marks, minutes_waiting, over_standard

OVER_STANDARD = QColor("#ffcdd2")  # a wait past the in-person standard
CLOCK_MS = 15_000  # waits on screen are recomputed this often (no I/O)


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("QueueMarks", text, "", n)


def mark_words(ticket: TicketView) -> list[str]:
    words = {
        "appointment": _tr("appointment"),
        "priority": _tr("priority"),
        "language line": _tr("language line"),
    }
    return [words[m] for m in marks(ticket)]


def wait_text(ticket: TicketView, now: datetime) -> str:
    return _tr("%n min", minutes_waiting(ticket, now))


def is_over(ticket: TicketView, now: datetime, standard: timedelta) -> bool:
    return over_standard(ticket, now, standard)


def standard_note(standard: timedelta) -> str:
    return _tr("over the %1-minute standard").replace(
        "%1", str(int(standard.total_seconds() // 60))
    )
