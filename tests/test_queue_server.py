"""The site's shared queue on the server: stations calling at the same
instant, live changes by server-sent events, a server that goes away."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from counterapp.ids import uuid7
from counterapp.queue.engine import NoOneWaiting, QueueError, TicketTaken
from counterapp.queue.local import QueueUnavailable
from counterapp.queue.remote import ChangeListener, RemoteQueue
from counterapp.queue.views import Actor
from counterapp.server.app import create_app
from tests.queue_support import open_site, site_actor
from tests.sync_support import (
    AppSwitch,
    live_server,
    mounted,
    scratch_database,
    station_credential,
)


def actor(name: str, station: str = "WHB-01") -> Actor:
    return site_actor(name, station)


GREETER = actor("gail")


def queue_at(base: str, station: str = "WHB-01", **kwargs: float) -> RemoteQueue:
    return RemoteQueue(base, "WHB", credential=station_credential(station), **kwargs)


def listener_at(
    base: str, *args: object, station: str = "WHB-01", **kwargs: float
) -> ChangeListener:
    return ChangeListener(base, "WHB", *args, credential=station_credential(station), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_url(request, tmp_path):
    if request.param == "sqlite":
        app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        open_site(app)
        with live_server(app) as base:
            yield base
        app.state.engine.dispose()
    else:
        with scratch_database("counterapp_queue") as url:
            app = create_app(url)
            open_site(app)
            with live_server(app) as base:
                yield base
            app.state.engine.dispose()


def test_stations_calling_at_once_never_get_the_same_ticket(server_url):
    greeter = queue_at(server_url)
    issued = {
        greeter.issue(GREETER, request_id=uuid7(), category=c).ticket.id
        for c in ["T", "C", "L", "R", "I"] * 5
    }
    associates = [actor(f"desk{i}", station=f"WHB-0{i}") for i in range(1, 5)]
    start = threading.Barrier(len(associates))

    def work(who: Actor) -> list[str]:
        queue = queue_at(server_url, who.station_code)
        got = []
        start.wait()
        while True:
            try:
                ticket = queue.call_next(who)
            except NoOneWaiting:
                return got
            got.append(ticket.id)
            queue.close(who, ticket.id)

    with ThreadPoolExecutor(len(associates)) as pool:
        results = list(pool.map(work, associates))
    called = [t for r in results for t in r]
    assert len(called) == len(set(called)) == len(issued)
    assert set(called) == issued
    assert greeter.snapshot().waiting == []


def test_ticket_called_elsewhere_and_bad_input_get_clear_messages(server_url):
    q = queue_at(server_url)
    t = q.issue(GREETER, request_id=uuid7(), category="T").ticket
    q.call_ticket(actor("alex"), t.id)
    with pytest.raises(TicketTaken, match="already called to Counter alex"):
        q.call_ticket(actor("jordan"), t.id)
    with pytest.raises(QueueError, match="no service category 'Q'"):
        q.issue(GREETER, request_id=uuid7(), category="Q")
    request = uuid7()
    first = q.issue(GREETER, request_id=request, category="C")
    again = q.issue(GREETER, request_id=request, category="C")
    assert again.repeated and again.ticket.label == first.ticket.label == "C-001"


def test_every_station_hears_a_change(server_url):
    heard: list[list[str]] = [[], [], []]
    ups = [threading.Event() for _ in heard]
    listeners = [
        listener_at(
            server_url,
            lambda changes, i=i: heard[i].extend(f"{c.kind} {c.ticket}" for c in changes),
            lambda up, i=i: ups[i].set() if up else None,
        )
        for i in range(3)
    ]
    for listener in listeners:
        listener.start()
    try:
        assert all(up.wait(10) for up in ups)
        q = queue_at(server_url)
        t = q.issue(GREETER, request_id=uuid7(), category="T").ticket
        q.call_ticket(actor("alex"), t.id)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(len(h) >= 2 for h in heard):
            time.sleep(0.02)
        assert all(h[:2] == ["issued T-001", "called T-001"] for h in heard), heard
    finally:
        for listener in listeners:
            listener.stop()


def test_station_without_the_server_is_told_and_recovers(tmp_path):
    switch = AppSwitch()
    states: list[bool] = []
    with live_server(switch, lifespan="off") as base:
        q = queue_at(base, timeout_s=1)
        listener = listener_at(base, lambda _c: None, states.append, max_backoff_s=0.3)
        listener.start()
        try:
            with pytest.raises(QueueUnavailable):
                q.snapshot()  # no app mounted: the server answers 500
            app = create_app(f"sqlite:///{tmp_path / 's.sqlite3'}")
            open_site(app)
            with mounted(switch, app):
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and states != [True]:
                    time.sleep(0.02)
                assert states == [True]
                assert q.snapshot().waiting == []
        finally:
            listener.stop()
    gone = queue_at(base, timeout_s=0.5)
    with pytest.raises(QueueUnavailable, match="cannot be reached"):
        gone.call_next(actor("alex"))


def test_backup_acknowledged_at_head_office_clears_for_every_station(server_url):
    greeter = queue_at(server_url, "WHB-00")
    desk = queue_at(server_url)
    greeter.need_backup(actor("gail", "WHB-00"))
    assert len(desk.snapshot().backup_requests) == 1
    with pytest.raises(Exception) as refused:
        desk.acknowledge_backup(actor("alex"))
    assert "may not" in str(refused.value)
    desk.acknowledge_backup(actor("sam"))
    assert greeter.snapshot().backup_requests == []
    assert desk.snapshot().backup_requests == []
