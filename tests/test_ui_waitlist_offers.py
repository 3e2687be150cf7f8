"""A freed seat offered to the waitlist, through the real widgets (issue 16):
the associate cancels a seat in Registrations (Ctrl+Shift+G), is told who the
seat is offered to, sees the offer, takes it into the visit from the keyboard
(the program's line with the waitlist form's answers, paid at the full fee)
— and can decline an offer, which passes it to the next person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from counterapp.db.models import Registration, SiteSetting
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.auth import login
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from tests.ui_support import make_ctx, signed_in
from ui.station_window import StationWindow


def swim(name: str) -> LineRequest:
    answers = {"participant_name": name, "participant_birth_date": "2016-05-04"}
    return LineRequest("REG-SWIM", detail={"answers": answers})


def _program_full_with_two_waiting(station_db) -> None:
    with station_db() as s, s.begin():
        s.merge(SiteSetting(name="drawers", value="none"))
    alex = login(UnitOfWork(station_db), "alex", "counter")
    now = datetime.now(UTC) - timedelta(hours=1)
    sales = [
        (
            (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen")),
            (TenderInput(TenderKind.DEBIT, 29400),),
        ),
        ((swim("Ana Silva"),), ()),
        ((swim("Ben Okafor"),), ()),
    ]
    for i, (lines, tenders) in enumerate(sales):
        complete_sale(
            UnitOfWork(station_db),
            CompleteSale(alex, lines, tenders),
            now=now + timedelta(minutes=i),
        )


def _open_registrations(qtbot, window):
    window.open_registrations()
    dialog = window.registrations_dialog
    assert dialog is not None
    return dialog


def test_the_freed_seat_is_offered_and_taken_into_the_visit(qtbot, tmp_path, station_db):
    _program_full_with_two_waiting(station_db)
    window = signed_in(qtbot, make_ctx(tmp_path, station_db), StationWindow, "alex", "counter")
    dialog = _open_registrations(qtbot, window)
    qtbot.waitUntil(lambda: not dialog.take_button.isEnabled(), timeout=10_000)
    assert dialog.offers.count() == 0
    for widget in (dialog.offers, dialog.take_button, dialog.decline_button):
        assert widget.accessibleName()

    # Cancel Omar's seat (a refund: the supervisor approves).
    qtbot.keyClicks(dialog.search, "Omar")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=10_000)
    dialog.reason.setText("Moving away")
    dialog.supervisor.setText("sam")
    dialog.secret.setText("2468")
    with qtbot.waitSignal(dialog.offers_shown, timeout=10_000):
        dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "offered to Ana Silva" in dialog.message.text(), timeout=10_000)
    assert dialog.offers.count() == 1
    assert dialog.offers.item(0).text().startswith("Ana Silva · Swim lessons")
    assert "holds the seat until" in dialog.offers.item(0).text()

    # From the keyboard: to the offers list (its mnemonic), then Take (Alt+T).
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert dialog.offers.hasFocus()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(window.model.lines) == 1, timeout=10_000)
    (line,) = window.model.lines
    assert line.service.code == "REG-SWIM"
    assert line.answers["participant_name"] == "Ana Silva"
    assert line.amount_cents == 9800


def test_declining_offers_the_seat_to_the_next_person(qtbot, tmp_path, station_db):
    _program_full_with_two_waiting(station_db)
    with station_db() as s:
        omar = s.scalars(
            select(Registration).where(Registration.participant_name == "Omar Ali")
        ).one()
    from counterapp.services.approval import SupervisorApproval
    from counterapp.services.registrations import CancelRegistration, cancel_registration

    alex = login(UnitOfWork(station_db), "alex", "counter")
    cancel_registration(
        UnitOfWork(station_db),
        CancelRegistration(alex, omar.id, "Ill", SupervisorApproval("sam", "2468")),
    )
    window = signed_in(qtbot, make_ctx(tmp_path, station_db), StationWindow, "alex", "counter")
    dialog = _open_registrations(qtbot, window)
    qtbot.waitUntil(lambda: dialog.offers.count() == 1, timeout=10_000)
    assert dialog.offers.item(0).text().startswith("Ana Silva")
    with qtbot.waitSignal(dialog.offers_shown, timeout=10_000):
        dialog.decline_button.click()
    assert dialog.message.text() == "Declined; the seat is now offered to Ben Okafor."
    assert dialog.offers.item(0).text().startswith("Ben Okafor")
