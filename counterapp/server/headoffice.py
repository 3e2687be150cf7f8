"""The head-office view: sales by site, station and day, and the stations.

``/api/v1/sales/by-day`` answers in JSON; ``/head-office`` is the same as a
plain HTML page a finance clerk opens in a browser (no script, escaped text).
Days are counted in each site's own time zone, as head office published it
(the setting ``time_zone``; ``COUNTERAPP_TZ``, else UTC, for a site without
one), so a site's day here is the day of its end-of-day summary; ``tz=NAME``
counts every site in one zone instead. Voids and refunds count as records of
their own, with their (negative) totals; ``taken_cents`` adds cash rounding:
the money the tenders took, what the site's Z reports and GL add up to.
"""

from __future__ import annotations

import base64
import hmac
import html
import os
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.domain.clock import (
    DATE_TIME,
    TIME_ZONE_SETTING,
    format_site_time,
    site_day,
    valid_zone_name,
)
from counterapp.server.db import Sale
from counterapp.server.stations import StationView, list_stations
from counterapp.sync.protocol import CHANGES_PATH

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


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def _when(at: datetime | None, tz: tzinfo) -> str:
    return format_site_time(at, DATE_TIME, tz) if at else "never"


def render_page(report: SalesByDay, stations: list[StationView], tz: tzinfo) -> str:
    e = html.escape
    site_totals: dict[str, int] = defaultdict(int)
    for r in report.rows:
        site_totals[r.site_code] += r.total_cents
    day_rows = (
        "".join(
            f"<tr><td>{e(r.site_code)}</td><td>{e(r.station_code)}</td><td>{r.day}</td>"
            f'<td class="n">{r.count}</td><td class="n">{r.voids_and_refunds}</td>'
            f'<td class="n">{_money(r.total_cents)}</td></tr>'
            for r in report.rows
        )
        or '<tr><td colspan="6">No sales in this period.</td></tr>'
    )
    site_rows = "".join(
        f'<tr><td>{e(site)}</td><td class="n">{_money(cents)}</td></tr>'
        for site, cents in sorted(site_totals.items())
    )
    station_rows = (
        "".join(
            f"<tr><td>{e(s.code)}</td><td>{e(s.site_code)}</td><td>{e(s.name)}</td>"
            f"<td>{e(s.state)}</td><td>{_when(s.last_contact_at, tz)}</td>"
            f'<td class="n">{"?" if s.backlog is None else s.backlog}</td>'
            f'<td class="n">{s.records_received}</td></tr>'
            for s in stations
        )
        or '<tr><td colspan="7">No stations yet.</td></tr>'
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Head office: sales by site, station and day</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }}
th, td {{ border: 1px solid #999; padding: .3em .6em; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style></head><body>
<h1>Sales by site, station and day</h1>
<form method="get">
<label>From <input type="date" name="from" value="{report.date_from}"></label>
<label>To <input type="date" name="to" value="{report.date_to}"></label>
<label>Time zone <input name="tz" value="{e(report.tz)}"></label>
<button type="submit">Show</button>
</form>
<p>{report.count} records, net {_money(report.total_cents)}
({report.date_from} to {report.date_to}, {e(report.tz)}).</p>
<h2>By site</h2>
<table><thead><tr><th>Site</th><th>Net</th></tr></thead><tbody>{site_rows}</tbody></table>
<h2>By station and day</h2>
<table><thead><tr><th>Site</th><th>Station</th><th>Day</th><th>Records</th>
<th>Voids and refunds</th><th>Net</th></tr></thead><tbody>{day_rows}</tbody></table>
<h2>Stations</h2>
<table><thead><tr><th>Station</th><th>Site</th><th>Name</th><th>State</th>
<th>Last contact</th><th>Waiting at station</th><th>Records received</th></tr></thead>
<tbody>{station_rows}</tbody></table>
</body></html>
"""


def install_head_office(app: FastAPI, readers: Callable[[], Session]) -> None:
    def period(
        date_from: date | None, date_to: date | None, tz_name: str | None
    ) -> tuple[date, date, str]:
        # Default: each site's day in the zone head office published for it.
        name = tz_name or SITE_ZONE
        today = datetime.now(_zone(name)).date()
        end = date_to or today
        return date_from or end - timedelta(days=13), end, name

    @app.get("/api/v1/sales/by-day", response_model=SalesByDay)
    def by_day(
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
        tz: Annotated[str | None, Query()] = None,
    ) -> SalesByDay:
        start, end, name = period(date_from, date_to, tz)
        with readers() as session:
            return sales_by_day(session, start, end, name)

    @app.get("/head-office", response_class=HTMLResponse)
    def head_office(
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
        tz: Annotated[str | None, Query()] = None,
    ) -> HTMLResponse:
        start, end, name = period(date_from, date_to, tz)
        with readers() as session:
            report = sales_by_day(session, start, end, name)
            stations = list_stations(session)
        return HTMLResponse(render_page(report, stations, _zone(name)))


# --- who may look ------------------------------------------------------------

VIEW_TOKEN_ENV = "COUNTERAPP_HQ_TOKEN"
_OPEN_PATHS = ("/api/v1/health", CHANGES_PATH)  # stations prove themselves there


def install_view_guard(app: FastAPI, token: str | None) -> None:
    """With a token (``COUNTERAPP_HQ_TOKEN``), every read of head office's
    data (the page, the station list, the sales views, the API docs) needs it:
    ``Authorization: Bearer TOKEN``, or a browser's Basic prompt with the token
    as password. Stations' own calls are checked by their credential instead."""
    if not token:
        return
    expected = token.encode("utf-8")

    def allowed(header: str) -> bool:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            return hmac.compare_digest(value.strip().encode("utf-8"), expected)
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True)
            except ValueError:
                return False
            return hmac.compare_digest(decoded.partition(b":")[2], expected)
        return False

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Any:
        guarded = request.method in ("GET", "HEAD") and request.url.path not in _OPEN_PATHS
        if guarded and not allowed(request.headers.get("Authorization", "")):
            return JSONResponse(
                status_code=401,
                content={"detail": "head office's views need the head-office token"},
                headers={"WWW-Authenticate": 'Basic realm="counterapp head office"'},
            )
        return await call_next(request)
