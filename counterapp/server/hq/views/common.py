"""Helpers the page modules share: the database sessions, a period from the
query string, a form as plain strings."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from counterapp.server.hq.auth import Principal, require
from counterapp.server.hq.finance import Period, PeriodError
from counterapp.server.limits import FIRST_YEAR, LAST_YEAR, time_refusal

SessionFactory = Callable[[], Session]
TZ_ENV = "COUNTERAPP_TZ"


def readers(request: Request) -> SessionFactory:
    r: SessionFactory = request.app.state.sessions[0]
    return r


def writers(request: Request) -> SessionFactory:
    w: SessionFactory = request.app.state.sessions[1]
    return w


def zone(request: Request) -> tzinfo:
    z: tzinfo = request.app.state.hq_zone
    return z


def site_zone() -> tzinfo:
    """The sites' time zone: ``COUNTERAPP_TZ``, else the queue's settings' (Toronto)."""
    name = os.environ.get(TZ_ENV, "").strip()
    if name:
        if name.upper() == "UTC":
            return UTC
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{TZ_ENV}: unknown time zone {name!r}") from None
    from counterapp.server.queue import load_settings

    return load_settings().zone


def period_from(request: Request, *, default_days: int = 1) -> Period:
    """The period in the query string (``from``, ``to``, ``site``); today by default."""
    q = request.query_params
    z = zone(request)
    today = datetime.now(z).date()

    def day(name: str, fallback: date) -> date:
        raw = q.get(name, "").strip()
        if not raw:
            return fallback
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            raise PeriodError(name, "Enter a date as YYYY-MM-DD.") from None
        if time_refusal(value):
            raise PeriodError(name, f"Enter a date from {FIRST_YEAR} to {LAST_YEAR}.")
        return value

    last = day("to", today)
    first = day("from", last - timedelta(days=default_days - 1))
    site = q.get("site", "").strip()[:8]
    return Period(first, last, z, site)


async def form_of(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def user(action: str) -> Any:
    """``who: Principal = user("finance.read")`` in a route's signature."""
    return Depends(require(action))


Who = Annotated[Principal, Any]
