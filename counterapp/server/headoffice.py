"""Sales by site, station and day for scripts (``/api/v1/sales/by-day``,
JSON; a head-office user's session or API token with ``finance.read``).
The pages people read are head office's (``counterapp.server.hq``).
Days are counted in the time zone asked for (default: the server's
``COUNTERAPP_TZ``, else UTC). Voids and refunds count as records of their own,
with their (negative) totals, so a day's net is what the drawer should hold.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.server.db import Sale
from counterapp.server.hq.auth import require

TZ_ENV = "COUNTERAPP_TZ"
MAX_DAYS = 366


class DayRow(BaseModel):
    site_code: str
    station_code: str
    day: date
    count: int  # sales, voids and refunds
    voids_and_refunds: int
    total_cents: int  # net


class SalesByDay(BaseModel):
    date_from: date
    date_to: date
    tz: str
    rows: list[DayRow]
    total_cents: int
    count: int


def _zone(name: str) -> tzinfo:
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HTTPException(422, detail=f"unknown time zone {name!r}") from None


def sales_by_day(session: Session, date_from: date, date_to: date, tz_name: str) -> SalesByDay:
    if date_to < date_from:
        raise HTTPException(422, detail="the period ends before it starts")
    if (date_to - date_from).days >= MAX_DAYS:
        raise HTTPException(422, detail=f"ask for at most {MAX_DAYS} days at a time")
    tz = _zone(tz_name)
    start = datetime.combine(date_from, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    totals: dict[tuple[str, str, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = session.execute(
        select(Sale.site_code, Sale.station_code, Sale.completed_at, Sale.kind, Sale.total_cents)
        .where(Sale.completed_at >= start, Sale.completed_at < end)
        .execution_options(yield_per=5000)
    )
    for site, station, at, kind, total in rows:
        t = totals[(site, station, at.astimezone(tz).date())]
        t[0] += 1
        t[1] += kind != "sale"
        t[2] += int(total)
    out = [
        DayRow(
            site_code=site,
            station_code=station,
            day=day,
            count=n,
            voids_and_refunds=v,
            total_cents=cents,
        )
        for (site, station, day), (n, v, cents) in sorted(totals.items())
    ]
    return SalesByDay(
        date_from=date_from,
        date_to=date_to,
        tz=tz_name,
        rows=out,
        total_cents=sum(r.total_cents for r in out),
        count=sum(r.count for r in out),
    )


def install_head_office(app: FastAPI, readers: Callable[[], Session]) -> None:
    def period(
        date_from: date | None, date_to: date | None, tz_name: str | None
    ) -> tuple[date, date, str]:
        name = tz_name or os.environ.get(TZ_ENV, "UTC")
        today = datetime.now(_zone(name)).date()
        end = date_to or today
        return date_from or end - timedelta(days=13), end, name

    @app.get(
        "/api/v1/sales/by-day",
        response_model=SalesByDay,
        dependencies=[Depends(require("finance.read"))],
    )
    def by_day(
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
        tz: Annotated[str | None, Query()] = None,
    ) -> SalesByDay:
        start, end, name = period(date_from, date_to, tz)
        with readers() as session:
            return sales_by_day(session, start, end, name)
