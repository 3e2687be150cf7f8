"""What every part of the drawer's services shares: the tenders a drawer holds,
the station, times as stored."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import Station
from counterapp.services.auth import Role
from counterapp.services.errors import ServiceError

NO_SALE_ACTION = "drawer.no_sale"  # recorded by the device work (a supervisor's no-sale open)


# Tenders that go into the drawer and are counted at close.
DRAWER_TENDERS = frozenset({"cash", "cheque", "money_order"})


SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})


TENDER_NAMES = {
    "cash": "Cash",
    "cheque": "Cheques",
    "debit": "Debit",
    "credit": "Credit",
    "etransfer": "e-Transfer",
    "money_order": "Money orders",
}


def _short_name(display_name: str) -> str:
    parts = display_name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else display_name


def _station(session: Session) -> Station:
    station = session.scalars(select(Station)).first()
    if station is None:
        raise ServiceError("This station has no identity yet; load its reference data first.")
    return station


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
