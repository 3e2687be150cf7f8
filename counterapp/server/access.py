"""Who may use a site's endpoints (issue 15, "every caller proven").

A site's queue, its event stream and its measures answer a registered station
**of that site** (its credential, ``StationAuth``) and nobody else; a station
of another site is refused with 403, a caller without a credential with 401.
Once the caller is proven, a site head office does not know (not published, no
station enrolled there) is 404: no queue engine or hub is ever made for it.

Head-office users (issue 14) come in through ONE hook:
``app.state.head_office_permission`` — a callable
``(request, permission) -> HeadOfficeUser | None`` that answers who the
signed-in head-office user is when their role grants ``permission`` (one of
the ``QUEUE_*`` names below), else ``None``. Until it is set, only stations
pass. A head-office user reads a queue without visitors' names (they never
leave the site).

The staff member named on a queue call (``Actor``) must be one of the site's
published staff (reference data ``staff``, published for every site or for
this one), active, with the id and role the station claims: the engine's own
role checks then rest on a role head office gave, not one the caller typed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.queue.views import Actor
from counterapp.server.reference import ReferenceItem
from counterapp.server.stations import Caller, ServerStation
from counterapp.sync.protocol import STATION_HEADER

log = logging.getLogger(__name__)

# The permissions a head-office user's role may grant on a site's queue
# (issue 14's ``permission_allowed`` names these).
QUEUE_READ = "queue.read"
QUEUE_ACT = "queue.act"

SITE_CODE_LENGTH = 8  # queue_site.site_code, station.site_code


@dataclass(frozen=True, slots=True)
class HeadOfficeUser:
    """A signed-in head-office user, as issue 14's session check answers."""

    username: str
    role: str


HeadOfficePermission = Callable[[Request, str], HeadOfficeUser | None]


@dataclass(frozen=True, slots=True)
class SiteCaller:
    """Who is calling a site's endpoint: a station of the site, or a head-office user."""

    site: str
    station: Caller | None = None
    head_office: HeadOfficeUser | None = None

    @property
    def sees_visitors(self) -> bool:
        """Visitors' names stay at the site: only its stations see them."""
        return self.station is not None

    @property
    def who(self) -> str:
        if self.station is not None:
            return f"station {self.station.code}"
        assert self.head_office is not None
        return f"head-office user {self.head_office.username}"


def site_exists(session: Session, site: str) -> bool:
    """``site`` is one head office knows: published (reference data ``site``) or the
    site of a station it enrolled. Only these have a queue: a site string made up in
    a URL never gets an engine or a hub (each would stay in memory for good)."""
    if not 1 <= len(site) <= SITE_CODE_LENGTH or not site.isprintable():
        return False  # no site code is that long or has control characters (nor asked of SQL)
    published = session.scalar(
        select(ReferenceItem.id)
        .where(
            ReferenceItem.entity == "site",
            ReferenceItem.key == site,
            ReferenceItem.deleted.is_(False),
        )
        .limit(1)
    )
    if published is not None:
        return True
    return (
        session.scalar(select(ServerStation.code).where(ServerStation.site_code == site).limit(1))
        is not None
    )


def _require_site(request: Request, site: str) -> None:
    readers = request.app.state.sessions[0]
    with readers() as session:
        if site_exists(session, site):
            return
    known = site[:SITE_CODE_LENGTH]
    raise HTTPException(404, detail=f"there is no site {known!r}: head office has not published it")


def site_caller(request: Request, site: str, permission: str) -> SiteCaller:
    """The caller, proven, for ``site``; 401/403/426 otherwise (logged once), and 404
    when head office knows no such site (after the caller is proven: who may not
    call is not told which sites exist)."""
    hook: HeadOfficePermission | None = getattr(request.app.state, "head_office_permission", None)
    if hook is not None and not request.headers.get(STATION_HEADER):
        user = hook(request, permission)
        if user is not None:
            _require_site(request, site)
            return SiteCaller(site, head_office=user)
        log.warning("security: a caller without a station refused on site %s's queue", site)
        raise HTTPException(
            401,
            detail=f"caller not registered: site {site}'s queue answers its registered "
            f"stations, and head-office users whose role allows {permission!r}",
        )
    caller: Caller = request.app.state.station_auth(request)
    if caller.site_code != site:
        _require_site(request, site)  # a station's own site exists: it is enrolled there
        log.warning(
            "security: station %s (site %s) refused on site %s's queue",
            caller.code,
            caller.site_code,
            site,
        )
        raise HTTPException(
            403,
            detail=f"station {caller.code} belongs to site {caller.site_code}, "
            f"not {site}: a station uses its own site's queue only",
        )
    return SiteCaller(site, station=caller)


def check_actor(session: Session, caller: SiteCaller, actor: Actor) -> None:
    """The staff member named on a call is the site's, with the role they claim.

    A station names only itself as where the action happens. Raises 403 with
    the reason (no personal data: usernames and roles only).
    """
    if caller.station is not None and actor.station_code != caller.station.code:
        _refuse(
            caller,
            f"station {caller.station.code} cannot act as station {actor.station_code}",
        )
    published = _published_staff(session, caller.site, actor.username)
    if published is None or not published.get("active", True):
        _refuse(caller, f"{actor.username!r} is not one of site {caller.site}'s published staff")
    assert published is not None
    if str(published.get("id")) != actor.staff_id:
        _refuse(caller, f"staff id does not match {actor.username!r} as head office published it")
    role = str(published.get("role", ""))
    if role != actor.role:
        _refuse(
            caller,
            f"{actor.username!r} is published as {role!r}, not {actor.role!r}: "
            "the role a call claims must be the one head office gave",
        )


def _published_staff(session: Session, site: str, username: str) -> dict[str, Any] | None:
    rows = session.execute(
        select(ReferenceItem.site_code, ReferenceItem.data).where(
            ReferenceItem.entity == "staff",
            ReferenceItem.key == username,
            ReferenceItem.deleted.is_(False),
        )
    ).all()
    for site_code, data in rows:
        if site_code in ("", site) and isinstance(data, dict):
            return data
    return None


def _refuse(caller: SiteCaller, reason: str) -> None:
    log.warning("security: %s refused on site %s's queue: %s", caller.who, caller.site, reason)
    raise HTTPException(403, detail=f"refused: {reason}")
