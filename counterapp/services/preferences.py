"""Each user's window language at this station, remembered between sign-ins (issue 13)."""

from __future__ import annotations

from counterapp.db.models import StaffPreference
from counterapp.db.uow import UnitOfWork
from counterapp.services.errors import ServiceError

WINDOW_LANGUAGES = ("en", "fr")


def staff_language(uow: UnitOfWork, staff_id: str) -> str | None:
    """The language this user last chose here, or None when they never chose."""
    with uow:
        pref = uow.session.get(StaffPreference, staff_id)
        return pref.language if pref is not None else None


def remember_language(uow: UnitOfWork, staff_id: str, language: str) -> None:
    if language not in WINDOW_LANGUAGES:
        raise ServiceError("Unknown language: {language}", language=language)
    with uow:
        pref = uow.session.get(StaffPreference, staff_id)
        if pref is None:
            uow.session.add(StaffPreference(staff_id=staff_id, language=language))
        else:
            pref.language = language
        uow.commit()
