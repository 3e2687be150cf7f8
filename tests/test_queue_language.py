"""A walk-in ticket keeps its visitor's language (issue 13): issued in it, carried
through the call to the now-serving sign (bytes read back) and into the visit,
on a one-desk office's own queue and on the site server's."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.orm import sessionmaker

from counterapp.db.models import QUEUE_TABLES, SiteSetting
from counterapp.ids import uuid7
from counterapp.queue.engine import QueueError
from counterapp.queue.remote import RemoteQueue
from counterapp.queue.views import QueueChange
from counterapp.server.app import create_app
from counterapp.server.reference import Publish, publish
from devices.now_serving import EscposLineDisplay, NowServing, TextLineSign, counter_in
from devices.simulator import SocketPrinterSimulator
from devices.station_devices import StationDevices
from tests.queue_support import local_queue_fixtures, open_site, site_actor
from tests.sync_support import auth_headers, live_server, scratch_database, station_credential
from tests.test_queue_devices import sign

template, station, clock, queue, who = local_queue_fixtures("language")


def heard(queue) -> list[QueueChange]:
    changes: list[QueueChange] = []
    queue.subscribe(changes.extend)
    return changes


def site_language(station, language: str) -> None:
    with station.session_factory() as s, s.begin():
        s.merge(SiteSetting(name="visitor_language", value=language, version=1))


# --- the station's own queue ------------------------------------------------------------


def test_a_french_ticket_is_called_in_french_and_an_english_one_in_english(queue, who):
    changes = heard(queue)
    fr = queue.issue(who["gail"], request_id=uuid7(), category="T", language="fr")
    en = queue.issue(who["gail"], request_id=uuid7(), category="T", language="en")
    assert (fr.ticket.language, en.ticket.language) == ("fr", "en")
    first = queue.call_next(who["alex"])
    assert (first.label, first.language) == (fr.ticket.label, "fr")
    second = queue.call_next(who["jordan"])
    assert (second.label, second.language) == (en.ticket.label, "en")
    queue.recall(who["alex"], first.id)
    calls = [(c.kind, c.ticket, c.language) for c in changes if c.kind in ("called", "recalled")]
    assert calls == [
        ("called", "T-001", "fr"),
        ("called", "T-002", "en"),
        ("recalled", "T-001", "fr"),
    ]
    assert {t.label: t.language for t in queue.snapshot().serving} == {
        "T-001": "fr",
        "T-002": "en",
    }


def test_a_ticket_without_a_language_takes_the_sites_usual_one(queue, who, station):
    assert queue.issue(who["gail"], request_id=uuid7(), category="L").ticket.language == "en"
    site_language(station, "fr")
    assert queue.issue(who["gail"], request_id=uuid7(), category="L").ticket.language == "fr"


def test_a_ticket_issued_before_tickets_kept_a_language_is_called_in_the_sites(queue, who, station):
    issued = queue.issue(who["gail"], request_id=uuid7(), category="R", language="en")
    t = QUEUE_TABLES.ticket
    with station.session_factory() as s, s.begin():  # as migration 1305 leaves an old ticket
        s.execute(update(t).where(t.c.id == issued.ticket.id).values(language=None))
    assert queue.snapshot().waiting[0].language is None
    site_language(station, "fr")
    changes = heard(queue)
    called = queue.call_next(who["alex"])
    assert called.language == "fr"
    assert [c.language for c in changes if c.kind == "called"] == ["fr"]


def test_a_language_other_than_english_or_french_is_refused(queue, who):
    with pytest.raises(QueueError, match="visitor's language must be one of en, fr, not 'de'"):
        queue.issue(who["gail"], request_id=uuid7(), category="T", language="de")
    assert queue.snapshot().waiting == []


def test_quick_serve_keeps_the_language_chosen_for_the_visit(queue, who):
    served = queue.serve_walk_in(who["alex"], request_id=uuid7(), category="T", language="fr")
    assert served.status == "called" and served.language == "fr"


# --- the site server's queue ------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def site_server(request, tmp_path):
    def run(url: str):
        app = create_app(url)
        open_site(app)
        with live_server(app) as base:
            yield app, base
        app.state.engine.dispose()

    if request.param == "sqlite":
        yield from run(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    else:
        with scratch_database("counterapp_queue_lang") as url:
            yield from run(url)


def test_the_site_queue_keeps_the_language_and_an_old_station_gets_the_sites(site_server):
    app, base = site_server
    q = RemoteQueue(base, "WHB", credential=station_credential("WHB-01"))
    greeter, alex = site_actor("gail"), site_actor("alex")
    french = q.issue(greeter, request_id=uuid7(), category="T", language="fr")
    assert french.ticket.language == "fr"
    # An older station's request: no language in the body.
    old_body = {"actor": greeter.model_dump(), "request_id": uuid7(), "category": "T"}
    tickets = f"{base}/api/v1/queue/WHB/tickets"
    answer = httpx.post(tickets, json=old_body, headers=auth_headers())
    assert answer.status_code == 200 and answer.json()["ticket"]["language"] == "en"
    publish(
        sessionmaker(app.state.engine),
        [Publish("setting", {"name": "visitor_language", "value": "fr"}, site_code="WHB")],
    )
    old_body["request_id"] = uuid7()
    answer = httpx.post(tickets, json=old_body, headers=auth_headers())
    assert answer.json()["ticket"]["language"] == "fr"  # the site's usual language now
    refused = httpx.post(
        tickets, json={**old_body, "request_id": uuid7(), "language": "de"}, headers=auth_headers()
    )
    assert refused.status_code == 422 and "language" in refused.text
    called = q.call_next(alex)
    assert (called.label, called.language) == ("T-001", "fr")
    events = httpx.get(
        f"{base}/api/v1/queue/WHB/events-of-day",
        params={"day": called.called_at.astimezone(q_zone()).date().isoformat()},
        headers=auth_headers(),
    ).json()
    assert [e["detail"]["language"] for e in events if e["kind"] == "called"] == ["fr"]


def q_zone():
    from counterapp.queue.settings import QueueSettings

    return QueueSettings.load().zone


def test_another_sites_usual_language_is_not_this_sites(site_server):
    app, base = site_server
    publish(
        sessionmaker(app.state.engine),
        [Publish("setting", {"name": "visitor_language", "value": "fr"}, site_code="OSH")],
    )
    q = RemoteQueue(base, "WHB", credential=station_credential("WHB-01"))
    assert q.issue(site_actor("gail"), request_id=uuid7(), category="T").ticket.language == "en"


# --- the sign -----------------------------------------------------------------------------


def test_the_counter_is_named_in_the_calls_language():
    assert counter_in("Counter 3", "fr") == "Guichet 3"
    assert counter_in("desk B", "fr") == "Guichet B"
    assert counter_in("Guichet 3", "en") == "Counter 3"
    assert counter_in("Counter 3", "en") == "Counter 3"
    assert counter_in("Desk 2", "en") == "Desk 2"  # the site's own English word kept
    assert counter_in("WHB-01", "fr") == "WHB-01"  # a station code reads alike in both
    assert counter_in("Taxes", "fr") == "Taxes"


def test_a_french_call_on_a_text_sign_read_back_from_its_port():
    with SocketPrinterSimulator(on_line=lambda _line: None) as sim:
        devices = StationDevices([sign(sim.url, sign_driver="text")])
        french = NowServing("A-012", "Counter 3", language="fr").to_json()
        devices.run("Lobby sign", "now_serving", french, None)
        assert sim.wait_for("A-012 -> Guichet 3", timeout=5)
        english = NowServing("A-013", "Counter 3", language="en").to_json()
        devices.run("Lobby sign", "now_serving", english, None)
        assert sim.wait_for("A-013 -> Counter 3", timeout=5)
    assert bytes(sim.raw).isascii()


def test_a_french_call_and_recall_on_an_escpos_line_display():
    driver = EscposLineDisplay(sign(sign_driver="escpos", chime=False))
    lines = driver.frame(NowServing("C-003", "Counter 2", language="fr")).split(b"\r\n")
    assert lines[0].endswith(b"    NOUS SERVONS    ")
    assert lines[1] == b" C-003 -> Guichet 2 "
    recall = driver.frame(NowServing("C-003", "Counter 2", recall=True, language="fr"))
    assert b"       RAPPEL       \r\n" in recall
    assert b"NOW SERVING" not in recall and b"RECALL" not in recall


def test_a_call_stored_before_calls_kept_a_language_shows_as_before():
    old = {"ticket": "A-001", "counter": "Counter 1", "recall": False}
    assert NowServing.from_json(old).language == "en"
    assert NowServing.from_json({**old, "language": "xx"}).language == "en"
    frame = TextLineSign(sign(chime=False)).frame(NowServing.from_json(old))
    assert frame == b"A-001 -> Counter 1\r\n"


def test_a_french_call_fits_the_signs_width():
    driver = TextLineSign(sign(chime=False, columns=20))
    call = NowServing("R-104", "Counter 12", language="fr")
    assert driver.frame(call) == b"R-104 -> Guichet 12\r\n"  # 19 of 20 columns
    narrow = TextLineSign(sign(chime=False, columns=16))
    assert narrow.frame(call) == b"R-104 Guichet 12\r\n"  # the arrow goes, not the number
    for width, shown in ((16, b"R-104 Guichet 12"), (20, b"R-104 -> Guichet 12 ")):
        display = EscposLineDisplay(sign(sign_driver="escpos", chime=False, columns=width))
        top, bottom = display.frame(call).removeprefix(b"\x1b@\x0c\x0b").split(b"\r\n")
        assert len(top) == len(bottom) == width
        assert bottom == shown


def test_queue_categories_are_named_in_the_windows_language() -> None:
    """A category's French name (queue.json's ``name_fr``) where given, the English
    otherwise; the demo's five categories all have one."""
    from counterapp.queue.settings import QueueSettings

    raw = {
        "categories": [
            {"letter": "C", "name": "Commissioning", "name_fr": "Assermentation"},
            {"letter": "T", "name": "Tax and payments"},
        ]
    }
    settings = QueueSettings.from_dict(raw)
    c, t = settings.categories
    assert (c.name_in("fr"), c.name_in("en")) == ("Assermentation", "Commissioning")
    assert t.name_in("fr") == "Tax and payments"  # no French given: the English
    import json

    from counterapp.queue.settings import DEFAULTS_FILE

    shipped = QueueSettings.from_dict(json.loads(DEFAULTS_FILE.read_text(encoding="utf-8")))
    assert all(cat.name_fr for cat in shipped.categories)
