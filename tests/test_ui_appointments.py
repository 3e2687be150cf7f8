"""The appointment book through the real widgets (issue 16): the greeter books
tomorrow's slot by name and contact, a full slot is refused with the reason,
a booking is moved and cancelled; today's appointment is checked in and its
ticket printed; an associate opens the same book from the station window."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate
from sqlalchemy import insert

from counterapp.db.models import QUEUE_TABLES
from counterapp.db.uow import UnitOfWork
from counterapp.ids import uuid7
from counterapp.queue.settings import QueueSettings
from counterapp.services.auth import login
from tests.ui_support import make_ctx, signed_in
from ui.greeter_window import GreeterWindow
from ui.station_window import StationWindow


def greeter(qtbot, ctx) -> GreeterWindow:
    window = signed_in(qtbot, ctx, GreeterWindow, "gail", "greeter")
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=10_000)
    return window


def open_book(qtbot, window):
    window.appointment_book.action.trigger()
    dialog = window.appointment_book.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.slot_list.count() > 0, timeout=10_000)
    return dialog


def statuses(dialog) -> list[tuple[str, str]]:
    return [
        (dialog.table.item(r, 1).text(), dialog.table.item(r, 4).text())
        for r in range(dialog.table.rowCount())
    ]


def test_book_a_full_slot_move_and_cancel(qtbot, tmp_path, station_db):
    window = greeter(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_book(qtbot, window)
    zone = QueueSettings.load().zone
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    dialog.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    dialog.category.setCurrentIndex(dialog.category.findData("C"))
    qtbot.waitUntil(
        lambda: (
            bool(dialog.slots)
            and dialog.slots[0].category == "C"
            and dialog.slots[0].at.astimezone(zone).date() == tomorrow
        )
    )
    dialog.slot_list.setCurrentRow(3)  # 10:00
    for name in ("Zoë Côté", "Marc Gagné", "Priya Sharma"):
        dialog.name.setText(name)  # (QTest types no accented letters)
        qtbot.keyClicks(dialog.contact, "905-555-0100")
        dialog.book_button.click()
        qtbot.waitUntil(lambda: not dialog._busy and dialog.message.text() != "", timeout=10_000)
    qtbot.waitUntil(lambda: "full" in dialog.message.text())
    assert "10:00 slot is full (2 of 2 booked)" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert "2 of 2 booked" in dialog.slot_list.item(3).text()
    # move Zoë to 11:00, then cancel Marc
    dialog.table.selectRow(0)
    dialog.slot_list.setCurrentRow(5)
    dialog.move_button.click()
    qtbot.waitUntil(lambda: "moved to" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "1 of 2 booked" in dialog.slot_list.item(3).text())
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "Marc Gagné"
    )
    dialog.table.selectRow(row)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: ("Marc Gagné", "cancelled") in statuses(dialog), timeout=10_000)
    # tomorrow's appointment is not checked in today
    dialog.table.selectRow(0)
    dialog.check_in_button.click()
    assert "Only today's" in dialog.message.text()


def test_todays_appointment_is_checked_in_and_its_ticket_printed(qtbot, tmp_path, station_db):
    zone = QueueSettings.load().zone
    now = datetime.now(zone)
    with station_db() as s, s.begin():  # booked earlier today (booking a past time is refused)
        s.execute(
            insert(QUEUE_TABLES.appointment).values(
                id=uuid7(),
                site_code="WHB",
                at=now - timedelta(minutes=1),
                category="L",
                services=[],
                visitor_name="R. Singh",
                contact="",
                status="booked",
            )
        )
    window = greeter(qtbot, make_ctx(tmp_path, station_db))
    dialog = open_book(qtbot, window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    dialog.check_in_button.click()
    qtbot.waitUntil(lambda: "checked in: ticket L-" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: window.last_issued is not None)  # the greeter's ticket path: printed
    assert window.last_issued.ticket.visitor_name == "R. Singh"
    qtbot.waitUntil(lambda: ("R. Singh", "checked in") in statuses(dialog))


def test_an_associate_opens_the_same_book(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    who = login(UnitOfWork(ctx.session_factory), "alex", "counter")
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.queue_panel.sq is not None, timeout=10_000)
    book = window.walk_ins.appointments
    book.action.trigger()
    assert book.dialog is not None
    qtbot.waitUntil(lambda: book.dialog.slot_list.count() > 0, timeout=10_000)
