"""One clock for the counter: stored in UTC, shown and printed in the site's zone.

Every time the software writes down is UTC (``datetime.now(UTC)``); every
time a person reads — on the window, a receipt, a queue ticket, a Z report,
the lobby sign, the print queue — goes through ``format_site_time`` (or
``to_site_time``) here, in the site's time zone. The zone is a site setting
head office publishes with the site (``time_zone``, e.g. "America/Toronto");
without one it is the computer's own zone. Business days (a sale's day, the
end of day, a Z report's date) are days in that zone too (``site_day``,
``day_bounds``).

The process-wide zone is set once the station knows its site
(``set_site_zone``); the services read the setting from the station's
database themselves (``counterapp.services.site``) and pass it in.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TIME_ZONE_SETTING = "time_zone"

DATE = "%Y-%m-%d"
DATE_TIME = "%Y-%m-%d %H:%M"
TIME = "%H:%M"
TIME_SECONDS = "%H:%M:%S"

_site_zone: tzinfo | None = None


def computer_zone() -> tzinfo:
    """The computer's own zone (``TZ`` when set, else the system's)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or UTC


def zone_named(name: object) -> tzinfo:
    """The zone called ``name``; the computer's when it is empty or unknown."""
    if isinstance(name, str) and name.strip():
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return computer_zone()


def valid_zone_name(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def set_site_zone(zone: tzinfo | str | None) -> tzinfo:
    """Make ``zone`` this process's site zone (None: the computer's); returns it."""
    global _site_zone
    _site_zone = zone_named(zone) if zone is None or isinstance(zone, str) else zone
    return _site_zone


def site_zone() -> tzinfo:
    return _site_zone if _site_zone is not None else computer_zone()


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware(at: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite hands back naive UTC)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def to_site_time(at: datetime, zone: tzinfo | None = None) -> datetime:
    return aware(at).astimezone(zone or site_zone())


def site_now(zone: tzinfo | None = None) -> datetime:
    return datetime.now(zone or site_zone())


def format_site_time(at: datetime | None, fmt: str = DATE_TIME, zone: tzinfo | None = None) -> str:
    """``at`` as people at the counter read it ("" for no time)."""
    if at is None:
        return ""
    return to_site_time(at, zone).strftime(fmt)


def site_day(at: datetime, zone: tzinfo | None = None) -> date:
    """The business day ``at`` belongs to, in the site's zone."""
    return to_site_time(at, zone).date()


def day_bounds(day: date, zone: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The UTC instants a site day starts and ends at (end exclusive; 23 or 25 h on DST days)."""
    z = zone or site_zone()
    start = datetime.combine(day, time(0), tzinfo=z)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=z)
    return start.astimezone(UTC), end.astimezone(UTC)
