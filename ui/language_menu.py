"""Changing the window's language without a restart (issue 13).

The window is rebuilt rather than re-translated in place: every window, dock,
menu and dialog builds its texts once in its constructor (some from data:
fees, the queue, device states), so a ``retranslateUi`` for each would be a
second copy of every constructor, and a text forgotten there would stay in
the old language. Rebuilding goes through the same loop as a switch of user
(``ui.app.run_station``) with the same person signed in; what is on the
counter comes along: the visit's lines and the tenders taken, the parked
visits (kept on the station context), the station's context itself (database,
device queue, head-office sync). Not while a sale is being saved, a dialog is
open, or a queue ticket is being served (finish, park or transfer it first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QDialog, QMenu, QWidget

from counterapp.domain.tender import TenderInput
from counterapp.services.preferences import remember_language
from ui.language import LANGUAGE_NAMES, current_language, format_cents, set_language
from ui.messages import error_text
from ui.ops import database_lane
from ui.visit_model import VisitLine

if TYPE_CHECKING:
    from ui.greeter_window import GreeterWindow
    from ui.station_window import StationWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("LanguageMenu", text)


@dataclass(frozen=True)
class CarriedVisit:
    """What is on the counter when the language changes."""

    lines: tuple[VisitLine, ...]
    tenders: tuple[TenderInput, ...]
    message: str


def install_language_menu(window: Any, switch: Callable[[Any, str], bool] | None = None) -> QMenu:
    """Counter ▸ Language in ``window`` (the station's or, with ``switch``, the greeter's)."""
    switch = switch or switch_language
    menu = window.counter_menu.addMenu(_tr("&Language"))
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code, name in LANGUAGE_NAMES.items():
        action = QAction(name, menu)  # each language named in itself
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _c=False, lang=code: switch(window, lang))
        group.addAction(action)
        menu.addAction(action)
    return menu


def switch_language(window: StationWindow, language: str) -> bool:
    """Remember the choice for this user and rebuild the window in it; False
    (and why, on the message line) when now is not the moment."""
    if language == current_language():
        return False
    busy = _why_not_now(window)
    if busy:
        window.say(busy, error=True)
        _check_current(window)
        return False

    def carry() -> None:
        window.carried_visit = CarriedVisit(
            tuple(window.model.lines), tuple(window._tenders), window.message.text()
        )
        window._closing_settled = True  # nothing to settle: the visit comes along

    _remember_and_rebuild(window, language, window._show_error, carry)
    return True


def _remember_and_rebuild(
    window: StationWindow | GreeterWindow,
    language: str,
    failed: Callable[[Exception], None],
    carry: Callable[[], None] | None = None,
) -> None:
    """Remember ``language`` for the signed-in user (on the database lane), then
    close the window for the same person to come back in it (``carry``: what the
    window hands its successor first)."""
    staff, uow = window.staff, window.ctx.uow

    def remembered(_result: object) -> None:
        if carry is not None:
            carry()
        set_language(language)
        window.next_identity = staff  # the same person, in the other language
        window.switch_user = True
        window.close()

    database_lane().run(lambda: remember_language(uow(), staff.id, language), remembered, failed)


def switch_greeter_language(window: GreeterWindow, language: str) -> bool:
    """The greeter's window in ``language``: remembered for this user, then rebuilt
    for the same person (nothing is carried: a ticket is issued in one go). Not
    while a ticket is being issued or a dialog is open."""
    if language == current_language():
        return False
    busy = ""
    if window._issuing:
        busy = _tr("A ticket is being issued; change the language once it is printed.")
    elif any(dialog.isVisible() for dialog in window.findChildren(QDialog)):
        busy = _tr("Close the open dialog first, then change the language.")
    if busy:
        window.say(busy, error=True)
        _check_current(window)
        return False

    def failed(exc: Exception) -> None:
        window.say(error_text(exc), error=True)
        _check_current(window)

    _remember_and_rebuild(window, language, failed)
    return True


def _check_current(window: QWidget) -> None:
    for action in window.findChildren(QAction):
        if action.objectName().startswith("language_"):
            action.setChecked(action.objectName() == f"language_{current_language()}")


def _why_not_now(window: StationWindow) -> str:
    if window._submitting:
        return _tr("The sale is being saved; change the language once it is done.")
    if any(dialog.isVisible() for dialog in window.findChildren(QDialog)):
        return _tr("Close the open dialog first, then change the language.")
    panel = window.queue_panel
    if panel is not None and panel.current is not None:
        return _tr("Finish, park or transfer %1 first, then change the language.").replace(
            "%1", panel.current.label
        )
    return ""


def restore_visit(window: StationWindow, carried: CarriedVisit) -> None:
    """Put the visit back on the rebuilt window, as it was."""
    for line in carried.lines:
        window.model.add(line)
    for tender in carried.tenders:
        index = window.kind.findData(tender.kind.value)
        if index < 0:
            index = window.kind.findData(tender.kind)
        label = window.kind.itemText(index) if index >= 0 else str(tender.kind)
        window.tender_list.addItem(f"{label}  {format_cents(tender.amount_cents)}")
    window._tenders = list(carried.tenders)
    window._refresh_totals()
    window.say(_tr("The window is now in English.") if current_language() == "en" else
               _tr("The window is now in French."))  # fmt: skip


def visitor_language_box(parent: QWidget, *, ticket: bool = False) -> QComboBox:
    """The visitor's language for this visit's receipt (or, at the greeter's, the
    ticket), whatever the window's language: the site's usual one unless picked."""
    box = QComboBox(parent)
    box.setObjectName("visitorLanguage")
    if ticket:
        box.setAccessibleName(_tr("Visitor's language (ticket)"))
        box.setAccessibleDescription(
            _tr("The ticket prints in this language; the window keeps its own")
        )
        box.addItem(_tr("Ticket: usual language"), None)
        box.addItem(_tr("Ticket: English"), "en")
        box.addItem(_tr("Ticket: French"), "fr")
    else:
        box.setAccessibleName(_tr("Visitor's language (receipt)"))
        box.setAccessibleDescription(
            _tr("The receipt prints in this language; the window keeps its own")
        )
        box.addItem(_tr("Receipt: usual language"), None)
        box.addItem(_tr("Receipt in English"), "en")
        box.addItem(_tr("Receipt in French"), "fr")
    # Its width never comes from its longest item: the tender column keeps its size.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(3)
    return box


def visit_language(window: object) -> str:
    """The language the visitor reads at this visit: the associate's choice for the
    visit, else the site's usual one (read when the window opened), else English."""
    box = getattr(window, "visitor_language", None)
    chosen = box.currentData() if isinstance(box, QComboBox) else None
    return str(chosen or getattr(window, "site_visitor_language", "en"))


def load_site_visitor_language(window: StationWindow) -> None:
    """The site's usual visitor language, read once on the database lane."""
    from counterapp.services import site

    def read() -> str:
        return site.usual_visitor_language(window.ctx.read())

    def got(language: str) -> None:
        window.site_visitor_language = language

    window.lane.run(read, got, lambda _exc: None)  # English until it is known
