"""Appointments (issue 16): slots per site and category with a capacity,
booked by name and contact, moved and cancelled; checked in to the walk-in
queue; no-shows recorded once the slot is over; the same on the site server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counterapp.ids import uuid7
from counterapp.queue.engine import QueueError
from counterapp.queue.remote import RemoteQueue
from counterapp.queue.settings import QueueSettings, QueueSettingsError
from counterapp.server.app import create_app
from tests.queue_support import local_queue_fixtures, open_site, site_actor
from tests.sync_support import (
    live_server,
    station_credential,
)

template, station, clock, queue, who = local_queue_fixtures("appt")

# 2026-11-23 is a Monday; 14:00 UTC is 09:00 in Toronto.
DAY = "2026-11-23"


def local(hh: int, mm: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hh + 5, mm, tzinfo=UTC)  # Toronto is UTC-5 in November


def book(queue, who, at, name="Zoë Côté", category="C", contact="905-555-0100"):
    return queue.book_appointment(
        who["gail"], at=at, category=category, visitor_name=name, contact=contact
    )


def test_a_slot_takes_its_capacity_and_no_more(queue, who):
    book(queue, who, local(10, 0), "A")
    book(queue, who, local(10, 15), "B")  # the same 10:00–10:30 slot
    with pytest.raises(QueueError, match="10:00 slot is full"):
        book(queue, who, local(10, 20), "C")
    book(queue, who, local(10, 30), "C")  # the next slot
    book(queue, who, local(10, 0), "D", category="T")  # another category has its own seats
    slots = {s.at: s for s in queue.slots(DAY, "C")}
    assert slots[local(10, 0)].booked == 2 and slots[local(10, 0)].free == 0
    assert slots[local(10, 30)].booked == 1
    assert min(slots) == local(8, 30) and max(slots) == local(16, 0)


def test_outside_the_hours_or_in_the_past_is_refused(queue, who, clock):
    with pytest.raises(QueueError, match="between 08:30 and 16:30"):
        book(queue, who, local(17, 0))
    with pytest.raises(QueueError, match="passed"):
        book(queue, who, local(10, 0, day=20))  # last Friday


def test_name_and_contact_are_kept_and_checked(queue, who):
    appt = book(queue, who, local(11), contact="zoe@example.org")
    [a] = queue.appointments_of_day(DAY)
    assert a.id == appt and a.contact == "zoe@example.org" and a.visitor_name == "Zoë Côté"
    with pytest.raises(QueueError, match="too long"):
        book(queue, who, local(11), contact="x" * 121)


def test_move_keeps_the_capacity_rule_and_frees_the_old_seat(queue, who):
    a = book(queue, who, local(13), "A")
    book(queue, who, local(14), "B")
    book(queue, who, local(14, 10), "C")
    with pytest.raises(QueueError, match="full"):
        queue.move_appointment(who["gail"], a, local(14, 20))
    queue.move_appointment(who["alex"], a, local(15))  # associates book too
    slots = {s.at: s.booked for s in queue.slots(DAY, "C")}
    assert slots[local(13)] == 0 and slots[local(15)] == 1


def test_cancel_frees_the_seat_and_cannot_be_checked_in(queue, who):
    a = book(queue, who, local(9), "A")
    book(queue, who, local(9), "B")
    queue.cancel_appointment(who["gail"], a)
    book(queue, who, local(9), "C")  # the freed seat
    with pytest.raises(QueueError):
        queue.check_in(who["gail"], appointment_id=a, request_id=uuid7())
    with pytest.raises(QueueError, match="Only a booked"):
        queue.cancel_appointment(who["gail"], a)


def test_check_in_puts_the_visitor_in_the_queue_now(queue, who, clock):
    a = book(queue, who, local(9, 0))
    issued = queue.check_in(who["gail"], appointment_id=a, request_id=uuid7())
    assert issued.ticket.appointment_at == local(9, 0)
    assert [t.id for t in queue.snapshot().waiting] == [issued.ticket.id]
    [row] = queue.appointments_of_day(DAY)
    assert row.status == "checked_in" and row.ticket_id == issued.ticket.id


def test_a_no_show_is_recorded_once_the_slot_is_over(queue, who, clock):
    a = book(queue, who, local(9, 30))
    clock.now = local(9, 45)
    with pytest.raises(QueueError, match="not over yet"):
        queue.appointment_no_show(who["gail"], a)
    clock.now = local(10, 1)
    queue.appointment_no_show(who["gail"], a)
    [row] = queue.appointments_of_day(DAY)
    assert row.status == "no_show"
    kinds = [e["kind"] for e in queue.events_of_day(DAY)]
    assert "appt_no_show" in kinds


@pytest.mark.parametrize(
    "raw",
    [
        {"appointment_capacity": 0},
        {"appointment_slot_minutes": -5},
        {"appointment_hours": ["16:30", "08:30"]},
        {"appointment_hours": ["25:00", "26:00"]},
    ],
)
def test_bad_appointment_settings_say_what_is_wrong(raw):
    import json

    from counterapp.queue.settings import DEFAULTS_FILE

    base = json.loads(DEFAULTS_FILE.read_text("utf-8"))
    with pytest.raises(QueueSettingsError, match="appointment"):
        QueueSettings.from_dict({**base, **raw})


def test_appointments_on_the_site_server(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    open_site(app)  # a registered station of the site and its published staff (issue 15)
    gail = site_actor("gail", station="WHB-00")
    zone = QueueSettings.load().zone
    tomorrow = (datetime.now(zone) + timedelta(days=1)).date()
    ten = datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10, tzinfo=zone)
    try:
        with live_server(app) as base:
            q = RemoteQueue(base, "WHB", credential=station_credential("WHB-00"))
            a = q.book_appointment(gail, at=ten, category="C", visitor_name="A", contact="x@y.ca")
            q.book_appointment(gail, at=ten, category="C", visitor_name="B")
            with pytest.raises(QueueError, match="full"):
                q.book_appointment(gail, at=ten, category="C", visitor_name="C")
            q.move_appointment(gail, a, ten + timedelta(hours=1))
            day = tomorrow.isoformat()
            slots = {s.at: s.booked for s in q.slots(day, "C")}
            assert slots[ten.astimezone(UTC)] == 1
            q.cancel_appointment(gail, a)
            assert {x.status for x in q.appointments_of_day(day)} == {"booked", "cancelled"}
            left = next(x for x in q.appointments_of_day(day) if x.status == "booked")
            with pytest.raises(QueueError, match="not over yet"):
                q.appointment_no_show(gail, left.id)
            issued = q.check_in(gail, appointment_id=left.id, request_id=uuid7())
            assert issued.ticket.visitor_name == "B"  # the check-in route still answers
    finally:
        app.state.engine.dispose()
