"""The walk-in queue's rules: who is called next (pure, no I/O).

"Call next" picks, among the tickets the associate may serve, by the site's
rule: by default appointments that are due, then the priority flag
(accessibility needs), then the longest wait. A ticket transferred to a named
expert waits for that person alone and comes first for them. Whatever the
rule, a ticket that has waited past the site's starvation limit is served
before any that has not (oldest first), so a rule that favours appointments
or priority can never leave a walk-in waiting forever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

RANK_KEYS = ("appointment", "priority", "wait")
_NEVER = datetime.max.replace(tzinfo=UTC)


class QueueRuleError(ValueError):
    """A selection rule that cannot work (unknown key, negative limit)."""


class TicketStatus(StrEnum):
    WAITING = "waiting"  # in the lobby, not called
    CALLED = "called"  # called to a counter (being served)
    PARKED = "parked"  # stepped aside (filling a form), resumed by an associate
    CLOSED = "closed"  # served and done
    NO_SHOW = "no_show"  # called and recalled, never came
    EXPIRED = "expired"  # still open when the day ended (closed at the next day's first change)


@dataclass(frozen=True, slots=True)
class SelectionRule:
    """A site's calling rule. ``order`` ranks eligible tickets; ``starvation_limit``
    caps how long any ticket can be passed over; an appointment counts as due
    from ``appointment_early`` before its slot."""

    order: tuple[str, ...] = RANK_KEYS
    starvation_limit: timedelta = timedelta(minutes=30)
    appointment_early: timedelta = timedelta(minutes=10)

    def __post_init__(self) -> None:
        unknown = [k for k in self.order if k not in RANK_KEYS]
        if unknown or len(set(self.order)) != len(self.order):
            raise QueueRuleError(
                f"the calling order must use each of {', '.join(RANK_KEYS)} at most once, "
                f"not {', '.join(self.order)}"
            )
        if self.starvation_limit <= timedelta(0):
            raise QueueRuleError("the starvation limit must be more than zero")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A waiting ticket as the rule sees it. ``waiting_since`` is when it joined
    the queue (a transfer keeps the visitor's place: it is not reset)."""

    id: str
    category: str
    waiting_since: datetime
    priority: bool = False
    appointment_at: datetime | None = None
    expert_id: str | None = None  # transferred to this person only


def may_serve(ticket: Candidate, staff_id: str, skills: Iterable[str]) -> bool:
    """A ticket for a named expert is theirs alone; any other needs the category skill."""
    if ticket.expert_id is not None:
        return ticket.expert_id == staff_id
    return ticket.category in set(skills)


def _rank(
    ticket: Candidate, staff_id: str, now: datetime, rule: SelectionRule
) -> tuple[object, ...]:
    keys: list[object] = [0 if ticket.expert_id == staff_id else 1]
    for key in rule.order:
        if key == "appointment":
            due = (
                ticket.appointment_at is not None
                and ticket.appointment_at - rule.appointment_early <= now
            )
            keys.append(0 if due else 1)
            keys.append(ticket.appointment_at if due else _NEVER)
        elif key == "priority":
            keys.append(0 if ticket.priority else 1)
        else:
            keys.append(ticket.waiting_since)
    keys.extend((ticket.waiting_since, ticket.id))
    return tuple(keys)


def starving(ticket: Candidate, now: datetime, rule: SelectionRule) -> bool:
    return now - ticket.waiting_since >= rule.starvation_limit


def pick_next(
    waiting: Iterable[Candidate],
    *,
    staff_id: str,
    skills: Iterable[str],
    now: datetime,
    rule: SelectionRule,
) -> Candidate | None:
    """The ticket this associate should call now, or None when none is theirs to serve."""
    skill_set = frozenset(skills)
    pool = [t for t in waiting if may_serve(t, staff_id, skill_set)]
    if not pool:
        return None
    overdue = [t for t in pool if starving(t, now, rule)]
    if overdue:
        return min(overdue, key=lambda t: (t.waiting_since, t.id))
    return min(pool, key=lambda t: _rank(t, staff_id, now, rule))


def ticket_label(letter: str, number: int) -> str:
    """What the ticket, the sign and the associate say: "C-003"."""
    return f"{letter}-{number:03d}"


def estimated_wait(people_ahead: int, service_minutes: float, counters: int) -> timedelta:
    """People ahead × the category's average service time, shared by the counters serving it."""
    per_counter = people_ahead / max(1, counters)
    return timedelta(minutes=round(per_counter * max(service_minutes, 0.0)))
