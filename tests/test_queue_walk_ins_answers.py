"""Quick serve and answers from the knowledge base in the queue's figures
(issue 16): a walk-in who took no ticket is timed and counted; a question
answered with no ticket counts as resolved at first contact; the same on the
site server."""

from __future__ import annotations

from datetime import datetime

import pytest

from counterapp.ids import uuid7
from counterapp.queue.engine import QueueError
from counterapp.queue.measures import summarise
from counterapp.queue.remote import RemoteQueue
from counterapp.queue.settings import QueueSettings
from counterapp.server.app import create_app
from counterapp.services.errors import NotPermitted
from tests.queue_support import local_queue_fixtures, open_site, site_actor
from tests.sync_support import (
    live_server,
    station_credential,
)

template, station, clock, queue, who = local_queue_fixtures("walk-in")


DAY = "2026-11-23"


def figures(queue):
    s = queue.settings
    return summarise(queue.events_of_day(DAY), day=DAY, zone=s.zone, standard=s.in_person_standard)


def test_a_walk_in_is_served_at_once_timed_and_counted(queue, who, clock):
    ticket = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="T")
    assert ticket.status == "called" and ticket.called_by == who["alex"].staff_id
    assert queue.snapshot().waiting == []  # never in the lobby
    clock.advance(minutes=7)
    queue.close(who["alex"], ticket.id)
    f = figures(queue)
    tax = next(c for c in f.by_category if c.category == "T")
    assert (tax.issued, tax.called, tax.served) == (1, 1, 1)
    assert tax.avg_wait_s == 0 and tax.avg_service_s == 7 * 60
    assert tax.within_standard == 1
    assert f.first_time_resolution == 1.0
    assert f.visits_per_associate == {who["alex"].staff_id: 1}


def test_a_walk_in_while_serving_someone_is_refused_and_leaves_no_ticket(queue, who):
    first = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="T")
    with pytest.raises(QueueError, match=first.label):
        queue.serve_walk_in(who["alex"], request_id=uuid7(), category="C")
    snap = queue.snapshot()
    assert snap.waiting == []
    assert figures(queue).total.issued == 1  # the refused one was not issued


def test_a_double_press_serves_one_walk_in(queue, who):
    request = uuid7()
    a = queue.serve_walk_in(who["alex"], request_id=request, category="T")
    b = queue.serve_walk_in(who["alex"], request_id=request, category="T")
    assert a.id == b.id
    assert figures(queue).total.issued == 1


def test_a_greeter_does_not_serve(queue, who):
    with pytest.raises((NotPermitted, QueueError)):
        queue.serve_walk_in(who["gail"], request_id=uuid7(), category="T")


def test_answers_with_no_ticket_count_as_resolved_at_first_contact(queue, who, clock):
    # one visit transferred (not first-time), two questions answered at the stand
    t = queue.issue(who["gail"], request_id=uuid7(), category="T").ticket
    queue.call_ticket(who["alex"], t.id)
    queue.transfer(who["alex"], t.id, category="C")
    queue.call_ticket(who["sam"], t.id)
    queue.close(who["sam"], t.id)
    queue.answered(who["gail"], article_id="kb-garbage-en")
    queue.answered(who["alex"], article_id="kb-dog-licence-fr")
    f = figures(queue)
    assert f.inquiries_answered == 2
    assert f.first_time_resolution == pytest.approx(2 / 3)
    assert f.total.issued == 1  # answers are not tickets
    assert f.as_dict()["inquiries_answered"] == 2


def test_an_answer_during_a_visit_is_not_counted_twice(queue, who):
    t = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="I")
    queue.answered(who["alex"], article_id="kb-garbage-en", ticket_id=t.id)
    queue.close(who["alex"], t.id)
    f = figures(queue)
    assert f.inquiries_answered == 0 and f.first_time_resolution == 1.0


def test_walk_ins_and_answers_on_the_site_server(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    open_site(app)  # registered stations of the site and its published staff (issue 15)
    alex = site_actor("alex", "WHB-01")
    try:
        with live_server(app) as base:
            q = RemoteQueue(base, "WHB", credential=station_credential("WHB-01"))
            t = q.serve_walk_in(alex, request_id=uuid7(), category="T")
            assert t.status == "called"
            q.answered(alex, article_id="kb-garbage-en")
            q.close(alex, t.id)
            day = datetime.now(QueueSettings.load().zone).date().isoformat()
            kinds = [e["kind"] for e in q.events_of_day(day)]
            assert kinds.count("issued") == 1 and "called" in kinds and "answered" in kinds
            with pytest.raises(QueueError):
                q.serve_walk_in(alex, request_id=uuid7(), category="nope")
    finally:
        app.state.engine.dispose()


def test_a_warm_transfer_carries_the_notes_to_the_expert(queue, who, clock):
    t = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="I")
    queue.transfer(
        who["alex"], t.id, expert_id=who["sam"].staff_id, note="Tree on the sidewalk at 12 Brock St"
    )
    clock.advance(minutes=3)
    called = queue.call_ticket(who["sam"], t.id)
    assert "Tree on the sidewalk at 12 Brock St" in called.notes
    assert "alex" in called.notes  # who wrote it
    queue.transfer(who["sam"], t.id, category="T", note="Also asks about the tax bill")
    again = queue.call_ticket(who["alex"], t.id)
    assert again.notes.index("Tree") < again.notes.index("tax bill")  # in the order written
    # the timeline to head office says a note went along, never what it says
    transferred = [e for e in queue.events_of_day(DAY) if e["kind"] == "transferred"]
    assert [e["detail"]["with_note"] for e in transferred] == [True, True]
    assert all("Tree" not in str(e["detail"]) for e in transferred)


def test_a_bad_note_is_refused_and_the_visit_stays_at_the_desk(queue, who):
    t = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="I")
    with pytest.raises(QueueError, match="too long"):
        queue.transfer(who["alex"], t.id, category="T", note="x" * 1001)
    with pytest.raises(QueueError, match="control characters"):
        queue.transfer(who["alex"], t.id, category="T", note="bell\x07")
    assert queue.snapshot().waiting == []


def test_notes_travel_on_the_site_server(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    open_site(app)
    alex = site_actor("alex", "WHB-01")
    sam = site_actor("sam", "WHB-02")
    try:
        with live_server(app) as base:
            q = RemoteQueue(base, "WHB", credential=station_credential("WHB-01"))
            expert = RemoteQueue(base, "WHB", credential=station_credential("WHB-02"))
            t = q.serve_walk_in(alex, request_id=uuid7(), category="I")
            q.transfer(alex, t.id, expert_id=sam.staff_id, note="Wants a callback after 4 pm")
            assert "callback after 4 pm" in expert.call_ticket(sam, t.id).notes
            with pytest.raises(QueueError):
                expert.transfer(sam, t.id, category="T", note="y" * 1001)
    finally:
        app.state.engine.dispose()
