"""Stations and trust, reference data down, and what head office sees — on
the embedded (SQLite) server over real HTTP."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from counterapp.db.engine import open_database
from counterapp.db.models import (
    Account,
    KbArticle,
    OutboxEntry,
    Service,
    Staff,
    Station,
    StockBlock,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderKind
from counterapp.server.app import create_app
from counterapp.server.reference import Publish, ReferenceRejected, publish, publish_file
from counterapp.server.stations import add_station, revoke_station
from counterapp.services.auth import StaffIdentity, login
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.sync.client import prune_acked, push_pending, sync_summary
from counterapp.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REFUSAL_HEADER,
    REGISTER_PATH,
    SCHEMA_HEADER,
    STATION_HEADER,
    load_credential,
)
from counterapp.sync.pull import pull_changes, reference_version
from counterapp.sync.register import RegistrationFailed, register_station
from tests.sync_support import (
    AppSwitch,
    DemoStation,
    Server,
    auth_headers,
    enrol,
    live_server,
    make_station_template,
    mounted,
    open_station_copy,
    post_batch,
    reader_headers,
)

AT = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def http() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with live_server(switch, lifespan="off") as url:
        yield switch, url


@pytest.fixture
def server(http: tuple[AppSwitch, str], tmp_path: Path) -> Iterator[Server]:
    switch, url = http
    with mounted(switch, create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")) as app:
        yield Server(url, app)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st = open_station_copy(*template, tmp_path / "station")
    yield st
    st.engine.dispose()


@pytest.fixture
def new_station(tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    """An empty station database, as a fresh install has before registering."""
    folder = tmp_path / "new-station"
    engine, sf = open_database(folder / "station.sqlite3")
    yield folder, sf
    engine.dispose()


def sell(station: DemoStation) -> None:
    station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),), at=AT)


# --- registration and trust -------------------------------------------------------


def test_a_new_station_registers_with_its_one_time_code_and_loads_everything_in_one_go(
    server: Server, new_station: tuple[Path, Any]
) -> None:
    folder, sf = new_station
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    code = add_station(server.writers, "WHB-02", "WHB", "Counter 2")

    credential = register_station(sf, folder, server.url, "WHB-02", code.lower())
    pulled = pull_changes(sf, server.url)

    assert load_credential(folder) == credential
    assert (folder / "station.credential").stat().st_mode & 0o777 == 0o600
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    kinds = ("tax_rates", "services", "staff", "tender_limits", "settings", "articles")
    published = 1 + sum(len(demo[k]) for k in kinds)
    assert pulled.error is None and pulled.applied == published
    with sf() as s:
        station = s.scalars(select(Station)).one()
        assert (station.code, station.site_name) == ("WHB-02", "Service Whitby")
        assert s.query(Service).count() == len(demo["services"])
        assert {p.username for p in s.scalars(select(Staff))} >= {"alex", "sam"}
    # The counter works with what came down: sign in with head office's staff.
    assert login(UnitOfWork(sf), "alex", "counter").username == "alex"


def test_the_server_keeps_only_hashes_of_codes_and_credentials(
    server: Server, new_station: tuple[Path, Any], tmp_path: Path
) -> None:
    folder, sf = new_station
    code = add_station(server.writers, "WHB-02", "WHB")
    credential = register_station(sf, folder, server.url, "WHB-02", code)
    server.app.state.engine.dispose()

    dump = "\n".join(sqlite3.connect(tmp_path / "server.sqlite3").iterdump())
    assert credential.secret not in dump
    assert code not in dump and code.replace("-", "") not in dump


def test_a_wrong_code_is_refused_and_guessing_stops_after_five_tries(
    server: Server, new_station: tuple[Path, Any]
) -> None:
    folder, sf = new_station
    code = add_station(server.writers, "WHB-02", "WHB")
    for _ in range(5):
        with pytest.raises(RegistrationFailed, match="do not match a registration waiting"):
            register_station(sf, folder, server.url, "WHB-02", "AAAA-BBBB-CCCC")
    with pytest.raises(RegistrationFailed, match="ask an administrator for a new one-time code"):
        register_station(sf, folder, server.url, "WHB-02", code)
    assert load_credential(folder) is None


def test_a_registration_whose_answer_was_lost_succeeds_when_repeated(
    server: Server, new_station: tuple[Path, Any]
) -> None:
    folder, sf = new_station
    code = add_station(server.writers, "WHB-02", "WHB")

    class LoseAnswer(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            super().handle_request(request).close()
            raise httpx.ReadError("cut", request=request)

    with httpx.Client(transport=LoseAnswer()) as lossy, pytest.raises(RegistrationFailed):
        register_station(sf, folder, server.url, "WHB-02", code, client=lossy)
    credential = register_station(sf, folder, server.url, "WHB-02", code)

    assert credential.station_code == "WHB-02"
    assert pull_changes(sf, server.url).error is None


def test_registration_answers_never_tell_which_station_codes_exist(server: Server) -> None:
    """Issue 15: an attacker trying station codes gets one answer whatever exists;
    only a caller showing the station's one-time code is told more."""
    code = add_station(server.writers, "WHB-02", "WHB")
    used = add_station(server.writers, "WHB-03", "WHB")
    add_station(server.writers, "WHB-04", "WHB")
    revoke_station(server.writers, "WHB-04")

    def attempt(station: str, one_time: str, secret: str = "s" * 43) -> httpx.Response:
        body = {"station_code": station, "one_time_code": one_time, "secret": secret}
        return httpx.post(
            server.url + REGISTER_PATH,
            json=body,
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
            timeout=10,
        )

    assert attempt("WHB-03", used, "t" * 43).status_code == 200
    answers = [
        attempt("NOPE-9", "AAAA-BBBB-CCCC"),  # no such station
        attempt("WHB-02", "AAAA-BBBB-CCCC"),  # waiting for its code, a wrong one given
        attempt("WHB-03", "AAAA-BBBB-CCCC"),  # registered already
        attempt("WHB-04", "AAAA-BBBB-CCCC"),  # revoked
    ]
    seen = {(a.status_code, json.dumps(a.json()), a.headers.get(REFUSAL_HEADER)) for a in answers}
    assert len(seen) == 1, seen
    status, body, _refusal = seen.pop()
    assert status == 403 and "do not match a registration waiting" in body
    assert "NOPE-9" not in body and "WHB" not in body
    # Showing the code earns the reason.
    again = attempt("WHB-03", used, "u" * 43)
    assert again.status_code == 409 and "already used by another PC" in again.text
    assert attempt("WHB-02", code).status_code == 200


def test_an_unknown_station_is_refused(server: Server, station: DemoStation) -> None:
    sell(station)
    result = push_pending(station.session_factory, server.url)
    assert result.error is not None and "credential is not accepted" in result.error
    assert result.remaining == 3
    # A known station with a wrong secret gets exactly the same answer.
    enrol(server.app)
    wrong = {**auth_headers(), "Authorization": "Bearer " + "w" * 43}
    other = httpx.get(f"{server.url}/api/v1/changes", headers=wrong, timeout=10)
    unknown = httpx.get(
        f"{server.url}/api/v1/changes", headers={**wrong, STATION_HEADER: "NOPE-9"}, timeout=10
    )
    assert (other.status_code, other.json()) == (unknown.status_code, unknown.json())
    assert other.status_code == 401


def test_a_revoked_station_is_refused_with_the_reason(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    sell(station)
    revoke_station(server.writers, "WHB-01")

    result = push_pending(station.session_factory, server.url)

    assert result.error is not None and "revoked by head office" in result.error
    assert sync_summary(station.session_factory).headline.startswith("error: server refused")


def test_a_station_cannot_write_records_in_another_stations_name(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app, "WHB-01")
    enrol(server.app, "WHB-02")
    sell(station)

    response = post_batch(server.url, station.batch(), station_code="WHB-02")

    assert response.status_code == 403
    assert "WHB-02 cannot write records in station WHB-01's name" in response.json()["detail"]
    summary = httpx.get(f"{server.url}/api/v1/summary", headers=reader_headers(server.app)).json()
    assert summary["count"] == 0


def test_a_station_with_a_wrong_secret_is_refused(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    headers = {**auth_headers(), "Authorization": "Bearer " + "x" * 43}
    response = httpx.post(f"{server.url}/api/v1/batches", json=station.batch(), headers=headers)
    assert response.status_code == 401
    assert "register it again" in response.json()["detail"]


# --- schema and protocol versions ------------------------------------------------------


def test_a_station_one_migration_behind_still_syncs(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    sell(station)
    body = station.batch()
    # A station still on the schema before voids and refunds (0001) sends
    # sales without the fields that migration added; the server takes them.
    for entry in body["entries"]:
        if entry["kind"] == "sale":
            for field in ("kind", "original_sale_id", "reason", "approved_by", "shift_id"):
                entry["payload"].pop(field)
    headers = {**auth_headers(), SCHEMA_HEADER: "0001"}

    response = httpx.post(f"{server.url}/api/v1/batches", json=body, headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["stored"] == 3
    listed = httpx.get(f"{server.url}/api/v1/stations", headers=reader_headers(server.app)).json()
    assert listed[0]["schema_revision"] == "0001"
    day = httpx.get(
        f"{server.url}/api/v1/sales/by-day",
        params={"from": "2026-03-14", "to": "2026-03-14"},
        headers=reader_headers(server.app),
    ).json()
    assert day["rows"][0]["count"] == 1 and day["rows"][0]["voids_and_refunds"] == 0


def test_a_station_too_old_for_the_server_is_told_to_update(
    server: Server, station: DemoStation, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol(server.app)
    sell(station)
    monkeypatch.setattr("counterapp.sync.transport.PROTOCOL_VERSION", 0)

    result = push_pending(station.session_factory, server.url)

    assert result.error is not None
    assert result.error.startswith("update needed: this station's software is too old")
    assert "update counterapp on this station" in result.error
    assert result.remaining == 3


# --- reference data down ----------------------------------------------------------


def account(n: int, balance: int = 10000, **extra: Any) -> Publish:
    return Publish(
        "account",
        {
            "id": f"acct-{n}",
            "kind": "tax_roll",
            "number": f"18090{n:05d}",
            "holder_name": f"Holder {n}",
            "balance_cents": balance,
            "as_of": "2026-03-13T06:00:00+00:00",
            **extra,
        },
    )


def test_only_changes_since_the_last_pull_come_down(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    publish(server.writers, [account(n) for n in range(10)])
    first = pull_changes(station.session_factory, server.url)
    publish(server.writers, [account(3, balance=0, status="paid"), account(4)])  # 4 unchanged

    second = pull_changes(station.session_factory, server.url)

    assert (first.applied, second.applied) == (10, 1)
    assert second.version == first.version + 1
    with station.session_factory() as s:
        paid = s.get(Account, "acct-3")
        assert paid is not None
        assert (paid.balance_cents, paid.status, paid.version) == (0, "paid", second.version)
        assert paid.as_of.replace(tzinfo=UTC) == datetime(2026, 3, 13, 6, tzinfo=UTC)


def test_an_interrupted_pull_resumes_where_it_stopped(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    publish(server.writers, [account(n) for n in range(25)])
    asked: list[int] = []

    def cut_after_two_pages(request: httpx.Request) -> None:
        asked.append(int(request.url.params["since"]))
        if len(asked) == 3:
            raise httpx.ReadError("cable pulled", request=request)

    with httpx.Client(event_hooks={"request": [cut_after_two_pages]}) as client:
        cut = pull_changes(station.session_factory, server.url, client=client, page_size=10)
    kept = reference_version(station.session_factory)
    resumed = pull_changes(station.session_factory, server.url, page_size=10)

    assert cut.error is not None and cut.applied == 20
    assert kept == 20
    assert (resumed.error, resumed.applied, resumed.version) == (None, 5, 25)
    with station.session_factory() as s:
        assert s.query(Account).count() == 25


def test_withdrawn_accounts_and_articles_disappear_and_retired_services_stop_selling(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    article = {"id": "kb-1", "title": "Dog licences", "body": "Bring proof of rabies shot."}
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    publish(server.writers, [account(1), account(2), Publish("kb_article", article)])
    pull_changes(station.session_factory, server.url)
    publish(
        server.writers,
        [
            Publish("account", {"id": "acct-1"}, deleted=True),
            Publish("kb_article", {"id": "kb-1"}, deleted=True),
            Publish("service", {"code": "RNT-ROOM"}, deleted=True),
        ],
    )

    assert pull_changes(station.session_factory, server.url).applied == 3
    with station.session_factory() as s:
        assert [a.id for a in s.scalars(select(Account))] == ["acct-2"]
        assert s.get(KbArticle, "kb-1") is None  # the demo catalogue's own articles stay
        room = s.get(Service, "RNT-ROOM")
        assert room is not None and room.active is False


def test_each_station_receives_only_its_own_stock_blocks_and_keeps_its_next_number(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)

    def block(bid: str, code: str, last: int) -> Publish:
        return Publish(
            "stock_block",
            {
                "id": bid,
                "stock_kind": "dog_tag",
                "station_code": code,
                "first_no": 1001,
                "last_no": last,
            },
        )

    publish(server.writers, [block("b-1", "WHB-01", 1100), block("b-2", "WHB-02", 1100)])
    pull_changes(station.session_factory, server.url)
    with station.session_factory() as s, s.begin():
        s.execute(update(StockBlock).values(next_no=1042))  # the station issued 41 tags
    publish(server.writers, [block("b-1", "WHB-01", 1200)])  # head office extends the block

    pull_changes(station.session_factory, server.url)

    with station.session_factory() as s:
        blocks = list(s.scalars(select(StockBlock)))
    assert [(b.id, b.last_no, b.next_no) for b in blocks] == [("b-1", 1200, 1042)]


def test_a_plain_password_is_never_published(server: Server) -> None:
    staff = {"id": "s-1", "username": "pat", "display_name": "Pat", "role": "associate"}
    with pytest.raises(ReferenceRejected, match="not an argon2 hash"):
        publish(server.writers, [Publish("staff", {**staff, "password_hash": "hunter2"})])


def test_site_settings_come_down(server: Server, station: DemoStation) -> None:
    enrol(server.app)
    publish(server.writers, [Publish("setting", {"name": "receipt_footer", "value": "Thank you"})])
    pull_changes(station.session_factory, server.url)
    from counterapp.sync.pull import settings

    assert settings(station.session_factory)["receipt_footer"] == "Thank you"


# --- what head office and the station show ------------------------------------------


def test_the_server_lists_stations_with_last_contact_and_backlog(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    add_station(server.writers, "WHB-03", "WHB", "Counter 3")
    for _ in range(3):
        sell(station)

    push_pending(station.session_factory, server.url, batch_size=2)

    listed = {
        s["code"]: s
        for s in httpx.get(
            f"{server.url}/api/v1/stations", headers=reader_headers(server.app)
        ).json()
    }
    assert listed["WHB-01"]["state"] == "registered"
    assert listed["WHB-01"]["last_contact_at"] is not None
    assert listed["WHB-01"]["backlog"] == 1  # as it said when it sent its last batch
    assert listed["WHB-01"]["records_received"] == 7
    assert listed["WHB-03"]["state"] == "awaiting registration"


def test_head_office_page_shows_sales_by_site_station_and_day(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    sell(station)
    station.sell((("FEE-NSF", 1),), ((TenderKind.DEBIT, 3000),), at=AT + timedelta(days=1))
    push_pending(station.session_factory, server.url)

    reader = reader_headers(server.app)
    data = httpx.get(
        f"{server.url}/api/v1/sales/by-day",
        params={"from": "2026-03-14", "to": "2026-03-15"},
        headers=reader,
    ).json()
    page = httpx.get(
        f"{server.url}/hq/finance/day",
        params={"from": "2026-03-14", "to": "2026-03-15"},
        headers=reader,
    )
    second_day = httpx.get(
        f"{server.url}/hq/finance/day",
        params={"from": "2026-03-15", "to": "2026-03-15"},
        headers=reader,
    )

    rows = [(r["site_code"], r["station_code"], r["day"], r["total_cents"]) for r in data["rows"]]
    assert rows == [("WHB", "WHB-01", "2026-03-14", 3955), ("WHB", "WHB-01", "2026-03-15", 3000)]
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'id="net" data-cents="6955"' in page.text and "$69.55" in page.text  # the period's net
    assert 'id="net" data-cents="3000"' in second_day.text and "$30.00" in second_day.text


def test_status_says_up_to_date_waiting_or_offline_since(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    sell(station)
    assert sync_summary(station.session_factory).headline == "3 waiting"
    push_pending(station.session_factory, "http://127.0.0.1:1", timeout_s=1)
    offline = sync_summary(station.session_factory)
    assert offline.headline.startswith("offline since ") and offline.headline.endswith("3 waiting")
    push_pending(station.session_factory, server.url)
    assert sync_summary(station.session_factory).headline == "up to date"


def test_acknowledged_entries_are_pruned_after_the_kept_days_and_waiting_ones_never(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    sell(station)
    push_pending(station.session_factory, server.url)
    sell(station)  # waits: never pruned, however old
    later = datetime.now(UTC) + timedelta(days=31)

    assert prune_acked(station.session_factory, 30, now=datetime.now(UTC)) == 0
    assert prune_acked(station.session_factory, 30, now=later) == 3
    with station.session_factory() as s:
        left = list(s.scalars(select(OutboxEntry)))
    assert len(left) == 2 and all(e.acked_at is None for e in left)


def test_reference_file_with_unknown_fields_is_refused_whole(server: Server) -> None:
    bad = '{"tax_rates": [{"code": "HST", "name": "HST", "basis_points": 1300, "extra": 1}]}'
    with pytest.raises(ReferenceRejected, match="tax_rate HST"):
        publish_file(server.writers, bad)
    with server.app.state.engine.connect() as c:
        from sqlalchemy.orm import Session

        from counterapp.server.reference import current_version

        assert current_version(Session(c)) == 0


def test_protocol_header_missing_is_refused_clearly(server: Server) -> None:
    response = httpx.get(f"{server.url}/api/v1/changes", headers={PROTOCOL_HEADER: ""})
    assert response.status_code == 426
    assert "update counterapp" in response.json()["detail"]


# --- the command line ----------------------------------------------------------------


def test_command_line_registers_then_pushes_pulls_and_tells_the_status(
    server: Server, new_station: tuple[Path, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from counterapp.cli import main
    from counterapp.domain.tender import TenderInput
    from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
    from tests.drawer_support import open_drawers

    folder, sf = new_station
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    code = add_station(server.writers, "WHB-02", "WHB")
    base = ["--data-dir", str(folder), "sync"]

    assert (
        main([*base, "register", "--server", server.url, "--station", "WHB-02", "--code", code])
        == 0
    )
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    kinds = ("tax_rates", "services", "staff", "tender_limits", "settings", "articles")
    published = 1 + sum(len(demo[k]) for k in kinds)
    assert f"Loaded {published} items of reference data" in capsys.readouterr().out

    alex = login(UnitOfWork(sf), "alex", "counter")
    open_drawers(sf, alex)  # the shift and its audit entry travel too
    complete_sale(
        UnitOfWork(sf),
        CompleteSale(alex, (LineRequest("RNT-ROOM"),), (TenderInput(TenderKind.CASH, 5000),)),
    )
    assert main([*base, "status"]) == 0
    assert "Head office: 5 waiting" in capsys.readouterr().out
    assert main([*base, "push"]) == 0
    assert "Sent 5: 5 stored, 0 already there; 0 waiting." in capsys.readouterr().out
    publish(server.writers, [account(7)])
    assert main([*base, "pull"]) == 0
    assert "Applied 1 changes" in capsys.readouterr().out
    assert main([*base, "status"]) == 0
    assert "Head office: up to date" in capsys.readouterr().out


def test_command_line_push_without_a_server_says_how_to_set_one(
    new_station: tuple[Path, Any],
) -> None:
    from counterapp.cli import main

    folder, _sf = new_station
    with pytest.raises(SystemExit, match="counterapp sync register"):
        main(["--data-dir", str(folder), "sync", "push"])


def test_a_station_database_with_another_stations_sales_cannot_be_registered_as_this_one(
    server: Server, station: DemoStation
) -> None:
    sell(station)  # WHB-01's sales
    code = add_station(server.writers, "WHB-02", "WHB")
    folder = station.path.parent

    with pytest.raises(RegistrationFailed, match="belongs to station WHB-01"):
        register_station(station.session_factory, folder, server.url, "WHB-02", code)

    again = add_station(server.writers, "WHB-01", "WHB")
    register_station(station.session_factory, folder, server.url, "WHB-01", again)
    assert push_pending(station.session_factory, server.url).error is None


def test_a_sale_of_a_service_head_office_never_published_is_refused_whole(
    server: Server, station: DemoStation
) -> None:
    enrol(server.app)
    catalogue = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    catalogue["services"] = [s for s in catalogue["services"] if s["code"] != "FEE-NSF"]
    publish_file(server.writers, json.dumps(catalogue))
    sell(station)
    station.sell((("FEE-NSF", 1),), ((TenderKind.DEBIT, 3000),), at=AT)

    result = push_pending(station.session_factory, server.url)

    assert result.error is not None and "unknown service 'FEE-NSF'" in result.error
    assert "nothing applied" in result.error
    assert (
        httpx.get(f"{server.url}/api/v1/summary", headers=reader_headers(server.app)).json()[
            "count"
        ]
        == 0
    )


def test_the_pusher_also_pulls_on_its_schedule_and_prunes_what_was_acknowledged(
    server: Server, station: DemoStation
) -> None:
    from counterapp.sync.client import Pusher, SyncStatus

    enrol(server.app)
    publish(server.writers, [account(1)])
    sell(station)
    statuses: list[SyncStatus] = []
    pusher = Pusher(
        station.session_factory,
        server.url,
        interval_s=3600,
        pull_interval_s=0,
        keep_acked_days=0,  # keep nothing once acknowledged
    )
    pusher.on_status(statuses.append)
    pusher.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while not statuses and datetime.now(UTC) < deadline:
            threading.Event().wait(0.02)
    finally:
        pusher.stop()

    assert statuses and statuses[0].last_error is None
    assert reference_version(station.session_factory) == 1
    with station.session_factory() as s:
        assert s.get(Account, "acct-1") is not None
        assert s.query(OutboxEntry).count() == 0  # sent, acknowledged, pruned
    assert (
        httpx.get(f"{server.url}/api/v1/summary", headers=reader_headers(server.app)).json()[
            "count"
        ]
        == 1
    )


def test_the_views_need_a_head_office_user_and_stations_still_sync(
    http: tuple[AppSwitch, str],
    tmp_path: Path,
    station: DemoStation,
) -> None:
    switch, url = http
    with mounted(switch, create_app(f"sqlite:///{tmp_path / 'guarded.sqlite3'}")) as app:
        enrol(app)
        sell(station)
        assert push_pending(station.session_factory, url).error is None

        refused = httpx.get(f"{url}/hq/finance/day")
        listed = httpx.get(f"{url}/api/v1/stations", headers=reader_headers(app))
        wrong = httpx.get(f"{url}/api/v1/summary", headers={"Authorization": "Bearer hq_guess"})

        assert refused.status_code == 303 and refused.headers["location"].startswith("/hq/login")
        assert listed.status_code == 200 and listed.json()[0]["records_received"] == 3
        assert wrong.status_code == 401
        assert httpx.get(f"{url}/api/v1/health").status_code == 200
