"""How long a visitor has waited, computed one way for every screen (the
greeter's lobby list, every associate's dock, the supervisor's figures)."""

from __future__ import annotations

from datetime import datetime, timedelta

from counterapp.queue.views import TicketView


def minutes_waiting(ticket: TicketView, now: datetime) -> int:
    """Whole minutes since the ticket joined (or rejoined) the lobby."""
    return max(0, int((now - ticket.waiting_since).total_seconds() // 60))


def minutes_since(then: datetime, now: datetime) -> int:
    return max(0, int((now - then).total_seconds() // 60))


def over_standard(ticket: TicketView, now: datetime, standard: timedelta) -> bool:
    """True once the wait reaches the site's in-person standard (shown red)."""
    return minutes_waiting(ticket, now) >= int(standard.total_seconds() // 60)


def marks(ticket: TicketView) -> list[str]:
    """What sets the ticket apart, as words (every font has letters; not every
    font has a star or a globe): "appointment", "priority", "language line"."""
    out = []
    if ticket.appointment_at is not None:
        out.append("appointment")
    if ticket.priority:
        out.append("priority")
    if ticket.language_line:
        out.append("language line")
    return out
