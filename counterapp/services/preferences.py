"""Each user's window at this station, remembered between sign-ins (issue 13):
its language, and its display (high contrast, text size)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from counterapp.db.models import StaffPreference
from counterapp.db.uow import UnitOfWork
from counterapp.services.errors import ServiceError

WINDOW_LANGUAGES = ("en", "fr")
THEMES = ("standard", "high_contrast")
TEXT_SIZES = ("normal", "large", "larger")


@dataclass(frozen=True)
class Display:
    """How the window looks for one user: its colours and its text size."""

    theme: str = "standard"
    text_size: str = "normal"


def staff_language(uow: UnitOfWork, staff_id: str) -> str | None:
    """The language this user last chose here, or None when they never chose."""
    with uow:
        return language_in(uow.session, staff_id)


def language_in(session: Session, staff_id: str) -> str | None:
    """``staff_language`` inside a unit of work already open (a service's own)."""
    pref = session.get(StaffPreference, staff_id)
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


def staff_display(uow: UnitOfWork, staff_id: str) -> Display:
    """The display this user last chose here; the standard one when they never chose."""
    with uow:
        pref = uow.session.get(StaffPreference, staff_id)
        if pref is None:
            return Display()
        return Display(
            theme=pref.theme if pref.theme in THEMES else "standard",
            text_size=pref.text_size if pref.text_size in TEXT_SIZES else "normal",
        )


def remember_display(uow: UnitOfWork, staff_id: str, display: Display) -> None:
    if display.theme not in THEMES:
        raise ServiceError("Unknown theme: {theme}", theme=display.theme)
    if display.text_size not in TEXT_SIZES:
        raise ServiceError("Unknown text size: {size}", size=display.text_size)
    with uow:
        pref = uow.session.get(StaffPreference, staff_id)
        if pref is None:
            pref = StaffPreference(staff_id=staff_id)
            uow.session.add(pref)
        pref.theme = display.theme
        pref.text_size = display.text_size
        uow.commit()
