"""A one-desk office's queue in the station's own SQLite file: numbering,
calling, recall, no-show, transfer, park, close, appointments, the timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from counterapp.db.models import QUEUE_TABLES, OutboxEntry
from counterapp.ids import uuid7
from counterapp.queue.engine import NoOneWaiting, QueueError, TicketTaken
from counterapp.services.errors import NotPermitted
from counterapp.sync.wire import Batch, check_batch
from tests.queue_support import local_queue_fixtures

template, station, clock, queue, who = local_queue_fixtures("queue")


def issue(queue, who, category, **kw):
    return queue.issue(who["gail"], request_id=uuid7(), category=category, **kw)


def test_numbers_run_per_category_and_restart_the_next_day(queue, who, clock):
    labels = [issue(queue, who, c).ticket.label for c in ("C", "C", "T", "C")]
    assert labels == ["C-001", "C-002", "T-001", "C-003"]
    clock.advance(days=1)
    assert issue(queue, who, "C").ticket.label == "C-001"


def test_greeter_double_press_gives_one_ticket(queue, who):
    first = queue.issue(
        who["gail"], request_id="0190aaaa-0000-7000-8000-000000000001", category="T"
    )
    again = queue.issue(
        who["gail"], request_id="0190aaaa-0000-7000-8000-000000000001", category="T"
    )
    assert again.repeated and again.ticket.id == first.ticket.id
    assert len(queue.snapshot().waiting) == 1


def test_unknown_category_is_refused_with_the_letters(queue, who):
    with pytest.raises(QueueError, match="no service category 'Z'.*T, C, L, R, I"):
        issue(queue, who, "Z")
    assert queue.snapshot().waiting == []


def test_ticket_tells_people_ahead_and_estimated_wait(queue, who):
    issue(queue, who, "T")
    issue(queue, who, "T")
    third = issue(queue, who, "T")
    assert third.people_ahead == 2
    assert third.estimated_wait_minutes == 12  # 2 × 6 min default, one counter
    assert third.category_name == "Tax and payments"


def test_call_next_follows_skills_and_priority(queue, who, clock):
    issue(queue, who, "C")  # jordan is not a commissioner
    clock.advance(minutes=1)
    issue(queue, who, "T")
    clock.advance(minutes=1)
    issue(queue, who, "T", priority=True)
    called = queue.call_next(who["jordan"])
    assert called.label == "T-002" and called.counter == "Counter jordan"
    called = queue.call_next(who["alex"])
    assert called.label == "C-001"


def test_calling_with_no_one_waiting_says_so(queue, who):
    with pytest.raises(NoOneWaiting, match="No one is waiting"):
        queue.call_next(who["alex"])


def test_greeter_cannot_call(queue, who):
    issue(queue, who, "T")
    with pytest.raises(NotPermitted):
        queue.call_next(who["gail"])


def test_ticket_already_called_elsewhere_is_refused(queue, who):
    t = issue(queue, who, "T").ticket
    queue.call_ticket(who["alex"], t.id)
    with pytest.raises(TicketTaken, match="already called to Counter alex"):
        queue.call_ticket(who["jordan"], t.id)


def test_one_visitor_at_a_time_per_associate(queue, who):
    issue(queue, who, "T")
    issue(queue, who, "T")
    queue.call_next(who["alex"])
    with pytest.raises(QueueError, match="Finish, park or transfer T-001"):
        queue.call_next(who["alex"])


def test_no_show_only_after_the_recalls(queue, who):
    t = issue(queue, who, "T").ticket
    queue.call_next(who["alex"])
    with pytest.raises(QueueError, match="Recall T-001 2 times"):
        queue.no_show(who["alex"], t.id)
    queue.recall(who["alex"], t.id)
    assert queue.recall(who["alex"], t.id).recalls == 2
    assert queue.no_show(who["alex"], t.id).status == "no_show"
    assert queue.snapshot().serving == []


def test_transfer_keeps_the_visitors_place(queue, who, clock):
    first = issue(queue, who, "T").ticket
    clock.advance(minutes=5)
    issue(queue, who, "C")
    queue.call_next(who["jordan"])
    moved = queue.transfer(who["jordan"], first.id, category="C")
    assert moved.status == "waiting" and moved.category == "C" and moved.label == "T-001"
    assert queue.call_next(who["alex"]).id == first.id  # waited longest, still first


def test_transfer_to_a_named_expert(queue, who):
    t = issue(queue, who, "T").ticket
    queue.call_next(who["jordan"])
    queue.transfer(who["jordan"], t.id, expert_id=who["sam"].staff_id)
    with pytest.raises(NoOneWaiting):
        queue.call_next(who["alex"])
    assert queue.call_next(who["sam"]).id == t.id


def test_park_and_resume(queue, who):
    t = issue(queue, who, "T").ticket
    issue(queue, who, "T")
    queue.call_next(who["alex"])
    queue.park(who["alex"], t.id)
    nxt = queue.call_next(who["alex"])  # parked: free to serve the next
    queue.close(who["alex"], nxt.id)
    assert queue.resume(who["alex"], t.id).status == "called"


def test_appointment_checked_in_is_served_first_in_its_slot(queue, who, clock):
    appointment = queue.book_appointment(
        who["gail"], at=clock.now + timedelta(minutes=5), category="L", visitor_name="R. Singh"
    )
    issue(queue, who, "L")
    snap = queue.snapshot()
    assert [a.visitor_name for a in snap.appointments] == ["R. Singh"]
    clock.advance(minutes=1)
    checked = queue.check_in(
        who["gail"], appointment_id=appointment, request_id="0190aaaa-0000-7000-8000-0000000000a1"
    )
    assert queue.call_next(who["alex"]).id == checked.ticket.id
    with pytest.raises(QueueError, match="already checked in"):
        queue.check_in(
            who["gail"],
            appointment_id=appointment,
            request_id="0190aaaa-0000-7000-8000-0000000000a2",
        )


def test_timeline_replicates_without_names(queue, who, station):
    t = issue(queue, who, "T", visitor_name="Marguerite Côté").ticket
    queue.call_next(who["alex"])
    queue.close(who["alex"], t.id, sale_id="0190aaaa-0000-7000-8000-00000000beef")
    with station.session_factory() as s:
        entries = s.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "queue_event").order_by(OutboxEntry.seq)
        ).all()
    assert [e.payload["kind"] for e in entries] == ["issued", "called", "served", "closed"]
    assert all("Côté" not in str(e.payload) for e in entries)
    batch = Batch.model_validate(station.batch(list(entries)))
    assert len(check_batch(batch)) == 4


def test_greeter_sees_waits_and_categories(queue, who, clock):
    issue(queue, who, "T")
    clock.advance(minutes=12)
    issue(queue, who, "T")
    queue.need_backup(who["gail"])
    snap = queue.snapshot()
    tax = next(c for c in snap.categories if c.letter == "T")
    assert tax.waiting == 2 and tax.longest_wait_s == 12 * 60
    assert len(snap.backup_requests) == 1


def test_day_figures_come_from_the_timeline(queue, who, clock):
    from counterapp.queue.measures import summarise

    a = issue(queue, who, "T").ticket  # 14:00 UTC = 09:00 Toronto
    b = issue(queue, who, "T").ticket
    c = issue(queue, who, "C").ticket
    clock.advance(minutes=4)
    queue.call_next(who["alex"])  # a, waited 4 min
    clock.advance(minutes=6)
    queue.close(who["alex"], a.id)  # served in 6 min, at the desk
    clock.advance(minutes=10)
    assert queue.call_next(who["alex"]).id == b.id  # waited 20 min: past the standard
    queue.transfer(who["alex"], b.id, category="C")
    queue.call_ticket(who["sam"], b.id)
    queue.close(who["sam"], b.id)
    queue.call_ticket(who["alex"], c.id)
    queue.recall(who["alex"], c.id)
    queue.recall(who["alex"], c.id)
    queue.no_show(who["alex"], c.id)
    s = queue.settings
    summary = summarise(
        queue.events_of_day("2026-11-23"),
        day="2026-11-23",
        zone=s.zone,
        standard=s.in_person_standard,
    )
    tax = next(f for f in summary.by_category if f.category == "T")
    assert (tax.issued, tax.called, tax.served) == (2, 2, 2)
    assert tax.avg_wait_s == (4 * 60 + 20 * 60) // 2 and tax.max_wait_s == 20 * 60
    assert tax.within_standard == 1
    com = next(f for f in summary.by_category if f.category == "C")
    assert com.no_shows == 1 and com.abandonment_rate == 1.0
    assert summary.first_time_resolution == 0.5  # b was transferred
    assert summary.visits_per_associate == {who["alex"].staff_id: 1, who["sam"].staff_id: 1}
    assert [f.interval for f in summary.by_interval] == ["09:00", "09:00"]


def test_queue_commands_book_and_summarise(station, tmp_path, capsys):
    from counterapp.cli import main

    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "queue",
                "book",
                "--at",
                "2027-11-23 10:30",  # a time to come: the past is refused (issue 16)
                "--category",
                "L",
                "--name",
                "R. Singh",
            ]
        )
        == 0
    )
    assert "booked for 2027-11-23 10:30 (L)" in capsys.readouterr().out
    with station.session_factory() as s:
        booked = s.execute(select(QUEUE_TABLES.appointment)).mappings().all()
    assert [(a["visitor_name"], a["category"]) for a in booked] == [("R. Singh", "L")]
    assert main(["--data-dir", str(tmp_path), "queue", "summary", "--date", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "Walk-in queue, 2026-11-23" in out and "first-time resolution" in out
    with pytest.raises(SystemExit, match="No staff member 'nobody'"):
        main(["--data-dir", str(tmp_path), "queue", "summary", "--user", "nobody"])


def test_yesterdays_lobby_does_not_head_todays_queue(queue, who, clock):
    from counterapp.queue.measures import summarise

    old = issue(queue, who, "T").ticket  # never called
    clock.advance(days=1)
    today = issue(queue, who, "T").ticket
    assert [t.id for t in queue.snapshot().waiting] == [today.id]
    assert queue.call_next(who["alex"]).id == today.id
    s = queue.settings
    day1 = summarise(
        queue.events_of_day("2026-11-23"),
        day="2026-11-23",
        zone=s.zone,
        standard=s.in_person_standard,
    )
    tax = next(f for f in day1.by_category if f.category == "T")
    assert (tax.issued, tax.abandoned, tax.waiting) == (1, 0, 1)  # as seen during the day
    over = summarise(
        queue.events_of_day("2026-11-23"),
        day="2026-11-23",
        zone=s.zone,
        standard=s.in_person_standard,
        day_over=True,
    )
    assert next(f for f in over.by_category if f.category == "T").abandoned == 1
    day2 = queue.events_of_day("2026-11-24")
    assert [(e["kind"], e["ticket_id"]) for e in day2][0] == ("expired", old.id)
    assert old.label == today.label == "T-001"


def test_supervisor_sends_a_stuck_ticket_back_to_the_lobby(queue, who):
    t = issue(queue, who, "T").ticket
    queue.call_next(who["jordan"])  # and jordan goes to lunch
    with pytest.raises(QueueError, match="not being served at your counter"):
        queue.transfer(who["alex"], t.id, category="T")
    back = queue.transfer(who["sam"], t.id, category="T")
    assert back.status == "waiting" and back.called_by is None
    assert queue.call_next(who["alex"]).id == t.id


def test_a_supervisor_acknowledges_the_backup_and_it_clears(queue, who, clock):
    queue.need_backup(who["gail"])
    assert len(queue.snapshot().backup_requests) == 1
    with pytest.raises(NotPermitted):
        queue.acknowledge_backup(who["alex"])  # an associate may not clear it
    queue.acknowledge_backup(who["sam"])
    assert queue.snapshot().backup_requests == []
    clock.advance(minutes=1)
    queue.need_backup(who["gail"])  # a new call after the answer shows again
    assert len(queue.snapshot().backup_requests) == 1
