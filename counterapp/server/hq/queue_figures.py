"""The managers' figures: the walk-in queue across sites for a period, by
category and by 15-minute interval, from every ticket's timeline.

Timelines come from the site servers' own queue (``queue_event``) and from
one-desk offices' local queues (records of kind ``queue_event``). The figures
are ``counterapp.queue.measures.summarise`` — the same rules as the station's
own report — over the whole period; revenue per visit is the period's net
takings at those sites over the visits served.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from counterapp.queue.measures import DaySummary, Figures, summarise
from counterapp.queue.settings import QueueSettings
from counterapp.server.db import ReceivedRecord, Sale
from counterapp.server.hq.finance import Period, staff_names
from counterapp.server.queue import SERVER_QUEUE


@dataclass
class QueueReport:
    summary: DaySummary
    categories: dict[str, str]  # letter → name
    revenue_cents: int
    sites: list[str]
    associates: list[tuple[str, int]]  # name, visits

    @property
    def revenue_per_visit_cents(self) -> int | None:
        served = self.summary.total.served
        return None if not served else (self.revenue_cents * 2 + served) // (2 * served)


def _events(session: Session, period: Period) -> list[dict[str, Any]]:
    e = SERVER_QUEUE.event
    cond = and_(e.c.at >= period.start, e.c.at < period.end)
    if period.site:
        cond = and_(cond, e.c.site_code == period.site)
    events = [dict(r) for r in session.execute(select(e).where(cond)).mappings()]
    for (payload,) in session.execute(
        select(ReceivedRecord.payload).where(ReceivedRecord.kind == "queue_event")
    ):
        at = datetime.fromisoformat(payload["at"]).astimezone(UTC)
        if not period.contains(at) or (period.site and payload["site_code"] != period.site):
            continue
        events.append({**payload, "at": at})
    return events


def queue_report(
    session: Session, period: Period, settings: QueueSettings, *, now: datetime | None = None
) -> QueueReport:
    now = now or datetime.now(UTC)
    events = _events(session, period)
    summary = summarise(
        events,
        day=f"{period.first}..{period.last}",
        zone=period.zone,
        standard=settings.in_person_standard,
        day_over=period.end <= now,
    )
    cond = and_(Sale.completed_at >= period.start, Sale.completed_at < period.end)
    if period.site:
        cond = and_(cond, Sale.site_code == period.site)
    revenue = int(
        session.scalar(select(func.coalesce(func.sum(Sale.total_cents), 0)).where(cond)) or 0
    )
    names = staff_names(session)
    associates = sorted(
        ((names.get(k, k), n) for k, n in summary.visits_per_associate.items()),
        key=lambda x: (-x[1], x[0]),
    )
    return QueueReport(
        summary,
        {c.letter: c.name for c in settings.categories},
        revenue,
        sorted({str(e["site_code"]) for e in events}),
        associates,
    )


CSV_HEADER = (
    "category",
    "interval",
    "arrivals",
    "called",
    "served",
    "within_standard",
    "abandoned",
    "no_shows",
    "avg_wait_s",
    "max_wait_s",
    "avg_service_s",
)


def _row(f: Figures) -> tuple[Any, ...]:
    return (
        f.category,
        f.interval,
        f.issued,
        f.called,
        f.served,
        f.within_standard,
        f.abandoned,
        f.no_shows,
        f.avg_wait_s,
        f.max_wait_s,
        f.avg_service_s,
    )


def queue_csv(report: QueueReport) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for f in report.summary.by_category:
        w.writerow(_row(f))
    for f in report.summary.by_interval:
        w.writerow(_row(f))
    w.writerow(_row(report.summary.total))
    return out.getvalue()


def by_interval_totals(summary: DaySummary) -> list[tuple[str, int, int, int]]:
    """(interval, arrivals, average wait in seconds weighted by calls, called) across categories."""
    acc: dict[str, list[int]] = {}
    for f in summary.by_interval:
        a = acc.setdefault(f.interval, [0, 0, 0])
        a[0] += f.issued
        a[1] += f.avg_wait_s * f.called
        a[2] += f.called
    return [(i, a[0], (a[1] // a[2]) if a[2] else 0, a[2]) for i, a in sorted(acc.items())]
