"""Sales by site, station and day for scripts (``/api/v1/sales/by-day``,
JSON; a head-office user's session or API token with ``finance.read``).
The pages people read are head office's (``counterapp.server.hq``).
Days are counted in each site's own time zone, as head office published it
(the setting ``time_zone``; ``COUNTERAPP_TZ``, else UTC, for a site without
one), so a site's day here is the day of its end-of-day summary; ``tz=NAME``
counts every site in one zone instead. Voids and refunds count as records of
their own, with their (negative) totals; ``taken_cents`` adds cash rounding:
the money the tenders took, what the site's Z reports and GL add up to.
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

from counterapp.domain.clock import (
    TIME_ZONE_SETTING,
    site_day,
    valid_zone_name,
)
from counterapp.server.db import Sale
from counterapp.server.hq.auth import require
from counterapp.server.limits import IsoDate

TZ_ENV = "COUNTERAPP_TZ"
MAX_DAYS = 366


class DayRow(BaseModel):
    site_code: str
    station_code: str
    day: date
    count: int  # sales, voids and refunds
    voids_and_refunds: int
    total_cents: int  # net of voids and refunds, before cash rounding
    rounding_cents: int = 0  # net cash rounding
    taken_cents: int = 0  # net money taken: total + rounding (the tenders' applied sum)


class SalesByDay(BaseModel):
    date_from: date
    date_to: date
    tz: str
    rows: list[DayRow]
    total_cents: int
    count: int
    taken_cents: int = 0


def _zone(name: str) -> tzinfo:
    if name == SITE_ZONE:
        return UTC  # for the page's own times; the figures use each site's zone
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HTTPException(422, detail=f"unknown time zone {name!r}") from None


SITE_ZONE = "site"  # ``tz=site``: each site's day in its own published zone


def site_zones(session: Session) -> dict[str, tzinfo]:
    """The time zone each site runs on, as head office published it (the
    setting ``time_zone``, for one site or for all; site "" = every site)."""
    from counterapp.server.reference import ReferenceItem

    zones: dict[str, tzinfo] = {}
    rows = session.execute(
        select(ReferenceItem.site_code, ReferenceItem.data).where(
            ReferenceItem.entity == "setting",
            ReferenceItem.deleted.is_(False),
        )
    )
    for site, data in rows:
        if isinstance(data, dict) and data.get("name") == TIME_ZONE_SETTING:
            name = data.get("value")
            if isinstance(name, str) and valid_zone_name(name):
                zones[site or ""] = ZoneInfo(name)
    return zones


def sales_by_day(session: Session, date_from: date, date_to: date, tz_name: str) -> SalesByDay:
    """Sales per site, station and day. ``tz_name`` "site" counts each sale in
    its site's own zone (what the site's end-of-day summary counts); any other
    name counts every site in that zone."""
    if date_to < date_from:
        raise HTTPException(422, detail="the period ends before it starts")
    if (date_to - date_from).days >= MAX_DAYS:
        raise HTTPException(422, detail=f"ask for at most {MAX_DAYS} days at a time")
    if tz_name == SITE_ZONE:
        zones = site_zones(session)
        fallback = zones.get("", _zone(os.environ.get(TZ_ENV, "UTC")))

        def zone_of(site: str) -> tzinfo:
            return zones.get(site, fallback)

        # Wide enough for any zone on Earth; each row is then placed in its site's day.
        start = datetime.combine(date_from - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        end = datetime.combine(date_to + timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    else:
        tz = _zone(tz_name)

        def zone_of(site: str) -> tzinfo:
            return tz

        start = datetime.combine(date_from, datetime.min.time(), tzinfo=tz)
        end = datetime.combine(date_to + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    totals: dict[tuple[str, str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = session.execute(
        select(
            Sale.site_code,
            Sale.station_code,
            Sale.completed_at,
            Sale.kind,
            Sale.total_cents,
            Sale.rounding_cents,
        )
        .where(Sale.completed_at >= start, Sale.completed_at < end)
        .execution_options(yield_per=5000)
    )
    for site, station, at, kind, total, rounding in rows:
        day = site_day(at, zone_of(site))
        if not date_from <= day <= date_to:
            continue
        t = totals[(site, station, day)]
        t[0] += 1
        t[1] += kind != "sale"
        t[2] += int(total)
        t[3] += int(rounding)
    out = [
        DayRow(
            site_code=site,
            station_code=station,
            day=day,
            count=n,
            voids_and_refunds=v,
            total_cents=cents,
            rounding_cents=rounding,
            taken_cents=cents + rounding,
        )
        for (site, station, day), (n, v, cents, rounding) in sorted(totals.items())
    ]
    return SalesByDay(
        date_from=date_from,
        date_to=date_to,
        tz=tz_name,
        rows=out,
        total_cents=sum(r.total_cents for r in out),
        count=sum(r.count for r in out),
        taken_cents=sum(r.taken_cents for r in out),
    )


def install_head_office(app: FastAPI, readers: Callable[[], Session]) -> None:
    def period(
        date_from: date | None, date_to: date | None, tz_name: str | None
    ) -> tuple[date, date, str]:
        # Default: each site's day in the zone head office published for it.
        name = tz_name or SITE_ZONE
        today = datetime.now(_zone(name)).date()
        end = date_to or today
        return date_from or end - timedelta(days=13), end, name

    @app.get(
        "/api/v1/sales/by-day",
        response_model=SalesByDay,
        dependencies=[Depends(require("finance.read"))],
    )
    def by_day(
        date_from: Annotated[IsoDate | None, Query(alias="from")] = None,
        date_to: Annotated[IsoDate | None, Query(alias="to")] = None,
        tz: Annotated[str | None, Query()] = None,
    ) -> SalesByDay:
        start, end, name = period(date_from, date_to, tz)
        with readers() as session:
            return sales_by_day(session, start, end, name)
