"""What an operation changed, so each view refreshes from that (Anki's ``OpChanges``).

An operation run on the window's database lane says which of these it touched;
the lane tells every view that listens, and a view reloads only when something
it shows is in the set. Qt-free: the services and the lane share the names.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Change(StrEnum):
    SALES = "sales"  # a sale, void, refund or account payment was saved
    DRAWER = "drawer"  # a shift, count, cash movement, sign-off or end of day
    DEVICE_JOBS = "device_jobs"  # a job was stored, retried or sent elsewhere
    WALK_IN_QUEUE = "walk_in_queue"  # a ticket was issued, called, moved or finished
    STOCK = "stock"  # numbered forms issued or spoiled
    RECORDS = "records"  # intake, inquiries, registrations
    SESSION = "session"  # a sign-in, sign-out or lock


Changes = frozenset[Change]


def changes(*what: Change | Iterable[Change]) -> Changes:
    """``changes(Change.SALES, Change.DEVICE_JOBS)`` → the set an operation reports."""
    found: set[Change] = set()
    for item in what:
        if isinstance(item, Change):
            found.add(item)
        else:
            found.update(item)
    return frozenset(found)
