"""The figures the council reports ask for, straight from the tickets' timeline
(001 "Service Delivery Performance Measurements", 003 Table 10, 004 4C):
wait and service (handle) time by category and 15-minute interval,
abandonment, first-time resolution (FTR), visits per associate, and the share
served within the in-person standard.

Pure: a list of timeline events in, figures out. Times are seconds (ints).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

INTERVAL = timedelta(minutes=15)


@dataclass
class _Visit:
    ticket: str
    category: str
    issued_at: datetime
    called_at: datetime | None = None
    ended_at: datetime | None = None
    ending: str = ""  # closed | no_show | expired
    outcome: str = ""  # resolved | handed_off
    transfers: int = 0
    recalls: int = 0
    closed_by: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """One row of the report: a category (and an interval, in ``by_interval``)."""

    category: str
    interval: str  # "09:15" (local start of the 15 minutes the tickets were issued in); "" = day
    issued: int
    called: int
    served: int
    no_shows: int
    abandoned: int  # walked away before being served: no-shows, and never called by day's end
    waiting: int  # not called (yet)
    avg_wait_s: int
    max_wait_s: int
    avg_service_s: int
    within_standard: int  # called within the in-person standard

    @property
    def abandonment_rate(self) -> float:
        return self.abandoned / self.issued if self.issued else 0.0


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: str
    by_category: list[Figures]
    by_interval: list[Figures]
    total: Figures
    first_time_resolution: float  # resolved at the desk, never transferred / visits ended
    visits_per_associate: dict[str, int] = field(default_factory=dict)  # staff id → visits
    backup_requests: int = 0
    inquiries_answered: int = 0  # tier-1 questions answered from the knowledge base, no ticket

    def as_dict(self) -> dict[str, Any]:
        def row(f: Figures) -> dict[str, Any]:
            return {
                "category": f.category,
                "interval": f.interval,
                "issued": f.issued,
                "called": f.called,
                "served": f.served,
                "no_shows": f.no_shows,
                "abandoned": f.abandoned,
                "waiting": f.waiting,
                "avg_wait_s": f.avg_wait_s,
                "max_wait_s": f.max_wait_s,
                "avg_service_s": f.avg_service_s,
                "within_standard": f.within_standard,
                "abandonment_rate": round(f.abandonment_rate, 4),
            }

        return {
            "day": self.day,
            "by_category": [row(f) for f in self.by_category],
            "by_interval": [row(f) for f in self.by_interval],
            "total": row(self.total),
            "first_time_resolution": round(self.first_time_resolution, 4),
            "visits_per_associate": self.visits_per_associate,
            "backup_requests": self.backup_requests,
            "inquiries_answered": self.inquiries_answered,
        }


def _visits(events: list[dict[str, Any]]) -> tuple[list[_Visit], int, int]:
    visits: dict[str, _Visit] = {}
    backups = answered = 0
    for e in sorted(events, key=lambda e: (e["seq"], e["at"])):
        kind, tid = e["kind"], e.get("ticket_id")
        if kind == "backup":
            backups += 1
            continue
        if kind == "answered" and tid is None:
            answered += 1  # a question answered with no ticket: resolved at first contact
            continue
        if tid is None:
            continue
        if kind == "issued":
            visits[tid] = _Visit(e["ticket"], e["category"], e["at"])
            continue
        v = visits.get(tid)
        if v is None:  # issued on another day
            continue
        detail = e.get("detail") or {}
        if kind == "called" and v.called_at is None:
            v.called_at = e["at"]
        elif kind == "recalled":
            v.recalls += 1
        elif kind == "transferred":
            v.transfers += 1
        elif kind in ("closed", "no_show", "expired"):
            v.ended_at = e["at"]
            v.ending = kind
            v.outcome = str(detail.get("outcome", ""))
            v.closed_by = e.get("staff_id")
    return list(visits.values()), backups, answered


def _figures(
    category: str, interval: str, visits: list[_Visit], standard: timedelta, day_over: bool
) -> Figures:
    waits = [(v.called_at - v.issued_at).total_seconds() for v in visits if v.called_at]
    services = [
        (v.ended_at - v.called_at).total_seconds()
        for v in visits
        if v.ending == "closed" and v.called_at and v.ended_at
    ]
    return Figures(
        category=category,
        interval=interval,
        issued=len(visits),
        called=len(waits),
        served=len(services),
        no_shows=sum(v.ending == "no_show" for v in visits),
        abandoned=sum(
            v.ending == "no_show"
            or (v.called_at is None and (v.ending == "expired" or (day_over and not v.ending)))
            for v in visits
        ),
        waiting=sum(v.called_at is None and not v.ending for v in visits),
        avg_wait_s=round(sum(waits) / len(waits)) if waits else 0,
        max_wait_s=round(max(waits)) if waits else 0,
        avg_service_s=round(sum(services) / len(services)) if services else 0,
        within_standard=sum(w <= standard.total_seconds() for w in waits),
    )


def _interval(at: datetime, zone: tzinfo) -> str:
    local = at.astimezone(zone)
    minute = local.minute - local.minute % 15
    return f"{local.hour:02d}:{minute:02d}"


def summarise(
    events: list[dict[str, Any]],
    *,
    day: str,
    zone: tzinfo,
    standard: timedelta,
    day_over: bool = False,
) -> DaySummary:
    """The day's figures from its timeline events (as ``QueueEngine.events_of_day`` gives).

    ``day_over``: the day has ended, so a ticket never called walked away (its
    "expired" event is written at the next day's first change)."""
    visits, backups, answered = _visits(events)
    by_cat: dict[str, list[_Visit]] = defaultdict(list)
    by_int: dict[tuple[str, str], list[_Visit]] = defaultdict(list)
    for v in visits:
        by_cat[v.category].append(v)
        by_int[(_interval(v.issued_at, zone), v.category)].append(v)
    ended = [v for v in visits if v.ending == "closed"]
    resolved = [v for v in ended if v.outcome == "resolved" and v.transfers == 0]
    per_associate: dict[str, int] = defaultdict(int)
    for v in ended:
        if v.closed_by:
            per_associate[v.closed_by] += 1
    return DaySummary(
        day=day,
        by_category=[_figures(c, "", vs, standard, day_over) for c, vs in sorted(by_cat.items())],
        by_interval=[
            _figures(c, i, vs, standard, day_over) for (i, c), vs in sorted(by_int.items())
        ],
        total=_figures("*", "", visits, standard, day_over),
        first_time_resolution=(
            (len(resolved) + answered) / (len(ended) + answered) if ended or answered else 0.0
        ),
        visits_per_associate=dict(per_associate),
        backup_requests=backups,
        inquiries_answered=answered,
    )
