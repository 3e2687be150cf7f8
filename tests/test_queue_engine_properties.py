"""The queue engine under any sequence of desk actions (hypothesis): no ticket
is ever with two desks, no desk holds two visitors, numbers never repeat, and
every change leaves a timeline event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import sessionmaker

from counterapp.queue.engine import QueueEngine
from counterapp.queue.settings import QueueSettings
from counterapp.queue.views import Actor
from counterapp.server.db import ServerBase
from counterapp.server.queue import SERVER_QUEUE

T = SERVER_QUEUE.ticket
DESKS = [
    Actor(
        staff_id=f"staff-{n}",
        username=name,
        role="associate",
        station_code=f"S{n}",
        counter=f"Counter {n}",
    )
    for n, name in enumerate(["alex", "jordan", "sam"])
]
GREETER = Actor(staff_id="staff-g", username="gail", role="greeter", station_code="S9")

action = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from("TCLRI"), st.booleans()),
    st.tuples(st.just("call_next"), st.integers(0, 2)),
    st.tuples(st.just("call_ticket"), st.integers(0, 2), st.integers(0, 30)),
    st.tuples(st.just("recall"), st.integers(0, 2)),
    st.tuples(st.just("no_show"), st.integers(0, 2)),
    st.tuples(st.just("park"), st.integers(0, 2)),
    st.tuples(st.just("resume"), st.integers(0, 2), st.integers(0, 30)),
    st.tuples(st.just("transfer"), st.integers(0, 2), st.sampled_from("TCLRI")),
    st.tuples(st.just("close"), st.integers(0, 2)),
    st.tuples(st.just("wait"), st.integers(1, 40)),
)


@settings(max_examples=60, deadline=None)
@given(actions=st.lists(action, min_size=1, max_size=40))
def test_any_sequence_of_desk_actions_keeps_the_queue_sound(actions):
    from counterapp.queue.engine import QueueError
    from counterapp.services.errors import NotPermitted

    engine = create_engine("sqlite://")
    ServerBase.metadata.create_all(
        engine,
        tables=[
            SERVER_QUEUE.site,
            SERVER_QUEUE.number,
            SERVER_QUEUE.ticket,
            SERVER_QUEUE.event,
            SERVER_QUEUE.appointment,
        ],
    )
    sf = sessionmaker(engine)
    q = QueueEngine(SERVER_QUEUE, QueueSettings.load(), "WHB")
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    ids: list[str] = []
    changes = 0
    for n, act in enumerate(actions):
        kind = act[0]
        if kind == "wait":
            now += timedelta(minutes=act[1])
            continue
        with sf() as s, s.begin():
            desk = DESKS[act[1]] if kind != "issue" else GREETER
            current = s.execute(
                select(T.c.id).where(T.c.status == "called", T.c.called_by == desk.staff_id)
            ).scalar()
            try:
                if kind == "issue":
                    out = q.issue(
                        s, GREETER, request_id=f"req-{n}", category=act[1], priority=act[2], now=now
                    )
                    ids.append(out.result.ticket.id)
                elif kind == "call_next":
                    out = q.call_next(s, desk, now=now)
                elif kind in ("call_ticket", "resume"):
                    if not ids:
                        continue
                    tid = ids[act[2] % len(ids)]
                    op = q.call_ticket if kind == "call_ticket" else q.resume
                    out = op(s, desk, ticket_id=tid, now=now)
                elif kind == "transfer":
                    if current is None:
                        continue
                    out = q.transfer(s, desk, ticket_id=current, category=act[2], now=now)
                else:
                    if current is None:
                        continue
                    op = {
                        "recall": q.recall,
                        "no_show": q.no_show,
                        "park": q.park,
                        "close": q.close,
                    }[kind]
                    out = op(s, desk, ticket_id=current, now=now)
            except (QueueError, NotPermitted):
                s.rollback()
                continue
            changes += 1
            assert out.events, f"{kind} changed the queue without a timeline event"
        with sf() as s:
            per_desk = s.execute(
                select(T.c.called_by, func.count())
                .where(T.c.status == "called")
                .group_by(T.c.called_by)
            ).all()
            assert all(count == 1 for _desk, count in per_desk), per_desk
            called = s.execute(select(T.c.status, T.c.called_by)).all()
            assert all(
                (status == "called") == (by is not None)
                for status, by in called
                if status in ("waiting", "called")
            )
            numbers = s.execute(select(T.c.series, T.c.number)).all()
            assert len(numbers) == len(set(numbers))
    with sf() as s:
        events = s.execute(select(SERVER_QUEUE.event.c.seq)).scalars().all()
        closed = (
            s.execute(
                select(SERVER_QUEUE.event.c.ticket_id).where(SERVER_QUEUE.event.c.kind == "closed")
            )
            .scalars()
            .all()
        )
    assert len(set(events)) == changes  # one site version per change, each with its events
    assert len(closed) == len(set(closed))  # no visit is closed (served) twice
    engine.dispose()
