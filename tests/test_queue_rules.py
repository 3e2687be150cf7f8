"""Who is called next: the site's rule, cross-training, experts, no starvation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterapp.domain.queue import (
    Candidate,
    QueueRuleError,
    SelectionRule,
    estimated_wait,
    pick_next,
    starving,
    ticket_label,
)

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
RULE = SelectionRule()


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def pick(tickets, skills=("T", "C"), staff="alex", rule=RULE, now=NOW):
    chosen = pick_next(tickets, staff_id=staff, skills=skills, now=now, rule=rule)
    return chosen.id if chosen else None


def test_longest_wait_is_called_first():
    tickets = [
        Candidate("b", "T", ago(3)),
        Candidate("a", "T", ago(8)),
        Candidate("c", "C", ago(5)),
    ]
    assert pick(tickets) == "a"


def test_associate_is_only_offered_categories_they_are_trained_for():
    tickets = [Candidate("c1", "C", ago(20)), Candidate("t1", "T", ago(2))]
    assert pick(tickets, skills=("T",)) == "t1"
    assert pick(tickets, skills=("L",)) is None


def test_priority_goes_before_a_longer_wait():
    tickets = [Candidate("old", "T", ago(9)), Candidate("acc", "T", ago(1), priority=True)]
    assert pick(tickets) == "acc"


def test_due_appointment_goes_before_priority_and_waits():
    tickets = [
        Candidate("old", "T", ago(9)),
        Candidate("acc", "T", ago(1), priority=True),
        Candidate("appt", "T", ago(0), appointment_at=NOW + timedelta(minutes=5)),
    ]
    assert pick(tickets) == "appt"


def test_appointment_not_yet_due_waits_like_anyone():
    tickets = [
        Candidate("old", "T", ago(9)),
        Candidate("appt", "T", ago(1), appointment_at=NOW + timedelta(hours=1)),
    ]
    assert pick(tickets) == "old"


def test_site_can_put_priority_before_appointments():
    rule = SelectionRule(order=("priority", "appointment", "wait"))
    tickets = [
        Candidate("acc", "T", ago(1), priority=True),
        Candidate("appt", "T", ago(0), appointment_at=NOW),
    ]
    assert pick(tickets, rule=rule) == "acc"
    assert pick(tickets) == "appt"


def test_ticket_transferred_to_an_expert_waits_for_that_expert_only():
    tickets = [Candidate("x", "T", ago(1), expert_id="sam"), Candidate("t", "T", ago(9))]
    assert pick(tickets, staff="alex") == "t"
    assert pick(tickets, staff="sam", skills=()) == "x"
    assert pick(tickets, staff="sam") == "x"  # theirs first, before the longer wait


def test_starving_ticket_beats_priority_and_appointments():
    rule = SelectionRule(starvation_limit=timedelta(minutes=20))
    tickets = [
        Candidate("acc", "T", ago(1), priority=True),
        Candidate("appt", "T", ago(0), appointment_at=NOW),
        Candidate("walkin", "T", ago(25)),
    ]
    assert pick(tickets, rule=rule) == "walkin"


def test_unknown_rule_key_is_refused():
    with pytest.raises(QueueRuleError, match="calling order"):
        SelectionRule(order=("appointment", "shoe size"))


def test_ticket_label_and_estimate():
    assert ticket_label("C", 3) == "C-003"
    assert ticket_label("T", 1014) == "T-1014"
    assert estimated_wait(4, 6.0, 2) == timedelta(minutes=12)
    assert estimated_wait(4, 6.0, 0) == timedelta(minutes=24)


# --- properties ------------------------------------------------------------------

CATS = ("T", "C", "L")
arrival = st.tuples(
    st.integers(min_value=0, max_value=240),  # minute of the day it arrives
    st.sampled_from(CATS),
    st.booleans(),  # priority
    st.one_of(st.none(), st.integers(min_value=-30, max_value=240)),  # appointment minute
)
associate = st.frozensets(st.sampled_from(CATS), min_size=1)


@settings(max_examples=150, deadline=None)
@given(
    arrivals=st.lists(arrival, min_size=1, max_size=40),
    staff=st.lists(associate, min_size=1, max_size=4),
    order=st.permutations(("appointment", "priority", "wait")),
    limit=st.integers(min_value=5, max_value=60),
    step=st.integers(min_value=1, max_value=15),
)
def test_simulated_day_serves_no_ticket_twice_and_starves_none(arrivals, staff, order, limit, step):
    """Associates call in turn every ``step`` minutes; at every call the pick is a
    ticket that was waiting and the associate may serve, never one already served,
    and when any eligible ticket has waited past the limit the pick is the
    longest-waiting of those."""
    rule = SelectionRule(order=tuple(order), starvation_limit=timedelta(minutes=limit))
    start = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)
    tickets = [
        Candidate(
            f"t{i}",
            cat,
            start + timedelta(minutes=m),
            priority=prio,
            appointment_at=None if appt is None else start + timedelta(minutes=appt),
        )
        for i, (m, cat, prio, appt) in enumerate(arrivals)
    ]
    served: set[str] = set()
    minute = 0
    while len(served) < len(tickets) and minute < 2000:
        for n, skills in enumerate(staff):
            now = start + timedelta(minutes=minute)
            waiting = [t for t in tickets if t.id not in served and t.waiting_since <= now]
            chosen = pick_next(waiting, staff_id=f"s{n}", skills=skills, now=now, rule=rule)
            eligible = [t for t in waiting if t.category in skills]
            if chosen is None:
                assert not eligible
                continue
            assert chosen in eligible
            assert chosen.id not in served
            overdue = [t for t in eligible if starving(t, now, rule)]
            if overdue:
                assert starving(chosen, now, rule)
                assert chosen.waiting_since == min(t.waiting_since for t in overdue)
            served.add(chosen.id)
        minute += step
    covered = set().union(*staff)
    assert served == {t.id for t in tickets if t.category in covered}


@settings(max_examples=200, deadline=None)
@given(
    waits=st.lists(
        st.tuples(st.integers(0, 120), st.booleans(), st.sampled_from(CATS)),
        min_size=1,
        max_size=30,
    ),
    limit=st.integers(1, 60),
)
def test_pick_is_always_waiting_and_eligible(waits, limit):
    rule = SelectionRule(starvation_limit=timedelta(minutes=limit))
    tickets = [Candidate(f"t{i}", c, ago(w), priority=p) for i, (w, p, c) in enumerate(waits)]
    chosen = pick_next(tickets, staff_id="a", skills=("T", "C"), now=NOW, rule=rule)
    eligible = [t for t in tickets if t.category in ("T", "C")]
    assert (chosen is None) == (not eligible)
    if chosen is not None:
        assert chosen in eligible
