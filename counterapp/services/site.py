"""The site settings head office publishes that the money and the clock depend on.

- ``time_zone``: the site's zone ("America/Toronto"); default the computer's.
- ``hst_registration``: the town's GST/HST registration number, printed on
  receipts and reports that carry HST ("" = none published).
- ``drawers``: "required" (the default: every tender needs the seller's open
  drawer shift) or "none" (an explicitly drawerless station: no shifts, the
  end of day is the day's records alone).
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import SiteSetting, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import TIME_ZONE_SETTING, zone_named

HST_SETTING = "hst_registration"
DRAWERS_SETTING = "drawers"
DRAWERS_REQUIRED = "required"
DRAWERS_NONE = "none"


def setting(session: Session, name: str, default: Any = None) -> Any:
    value = session.scalar(select(SiteSetting.value).where(SiteSetting.name == name))
    return default if value is None else value


def zone(session: Session) -> tzinfo:
    """The site's time zone (the computer's when head office published none)."""
    return zone_named(setting(session, TIME_ZONE_SETTING, ""))


def hst_registration(session: Session) -> str:
    value = setting(session, HST_SETTING, "")
    return value.strip() if isinstance(value, str) else ""


def keeps_drawers(session: Session) -> bool:
    """False only when head office set this site as drawerless ("drawers": "none")."""
    value = setting(session, DRAWERS_SETTING, DRAWERS_REQUIRED)
    return not (isinstance(value, str) and value.strip().lower() == DRAWERS_NONE)


def station_label(uow: UnitOfWork) -> str:
    """ "Site name · station code" for the window's header ("" before set-up)."""
    with uow:
        st = uow.session.scalars(select(Station)).first()
        return f"{st.site_name} · {st.code}" if st else ""


def visitor_language(session: Session) -> str:
    """The visitors' usual language at this site (issue 13), "en" unless head office set "fr"."""
    from counterapp.i18n import VISITOR_LANGUAGE_SETTING, language_or_default

    return language_or_default(str(setting(session, VISITOR_LANGUAGE_SETTING, "en")))


def usual_visitor_language(uow: UnitOfWork) -> str:
    """``visitor_language`` in its own unit of work (the window reads it on its lane)."""
    with uow:
        return visitor_language(uow.session)
