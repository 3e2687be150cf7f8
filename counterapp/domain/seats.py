"""Who keeps a program seat when stations sold more than it has (issue 16).

Stations take seats offline from head office's last count, so two stations
can sell the last seat twice. Head office settles each program with one rule:
the seats free at publishing (``capacity - taken_before``) go to the live
enrolments in the order they were taken (time, then id); the rest are the
overflow — placed on the waitlist and flagged for head office, their money
kept, never refused. A cancellation frees its seat for the earliest overflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Enrolment:
    registration_id: str
    at: datetime
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Settlement:
    seated: tuple[str, ...]  # registration ids, in the order the seats were taken
    overflow: tuple[str, ...]  # on the waitlist, flagged, in the same order


def settle(capacity: int, taken_before: int, enrolments: Iterable[Enrolment]) -> Settlement:
    free = max(0, capacity - max(0, taken_before))
    live = sorted(
        (e for e in enrolments if not e.cancelled), key=lambda e: (e.at, e.registration_id)
    )
    ids = tuple(e.registration_id for e in live)
    return Settlement(ids[:free], ids[free:])


# --- a seat that frees at a station: offered to the waitlist -----------------------


@dataclass(frozen=True, slots=True)
class Waiting:
    registration_id: str
    at: datetime
    offered_before: bool = False  # offered once already (lapsed or declined)


def seats_to_offer(capacity: int, taken_before: int, enrolled: int, open_offers: int) -> int:
    """Seats free for the waitlist: an open offer holds its seat until it ends."""
    return max(0, capacity - max(0, taken_before) - enrolled - open_offers)


def offer_to(waiting: Iterable[Waiting], free: int) -> tuple[str, ...]:
    """Who is offered the ``free`` seats: the first on the waitlist (in the
    order they asked) who were not offered one before."""
    queue = sorted(
        (w for w in waiting if not w.offered_before), key=lambda w: (w.at, w.registration_id)
    )
    return tuple(w.registration_id for w in queue[: max(0, free)])
