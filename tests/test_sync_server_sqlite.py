"""Station → server delivery on the embedded (SQLite) server, over real HTTP.

At-least-once delivery, exactly-once application (ARCHITECTURE.md, decision 3).
"""

from __future__ import annotations

import copy
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import func, select, update

from counterapp.db.models import OutboxEntry
from counterapp.domain.tender import TenderKind
from counterapp.server import db as server_db
from counterapp.server.app import create_app
from counterapp.services.auth import StaffIdentity
from counterapp.sync.client import (
    Pusher,
    SyncStatus,
    last_acked_at,
    pending_count,
    push_pending,
    retry_delay,
)
from counterapp.sync.wire import AuditPayload, SaleLinePayload, SalePayload, TenderPayload
from tests.sync_support import (
    AckLost,
    AppSwitch,
    DemoStation,
    as_station_shape,
    enrol,
    live_server,
    make_station_template,
    mounted,
    open_station_copy,
    post_batch,
    reader_headers,
    server_sales,
)

DAY = "2026-03-14"
AT = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
DOWN = "http://127.0.0.1:1"  # nothing listens on port 1


@dataclass
class Server:
    url: str
    app: FastAPI

    def count(self, table: type[server_db.ServerBase]) -> int:
        with self.app.state.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(table)))

    def summary(self) -> dict[str, Any]:
        result: dict[str, Any] = httpx.get(
            f"{self.url}/api/v1/summary", headers=reader_headers(self.app), timeout=10
        ).json()
        return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st = open_station_copy(*template, tmp_path)
    yield st
    st.engine.dispose()


@pytest.fixture(scope="module")
def http() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with live_server(switch, lifespan="off") as url:
        yield switch, url


@pytest.fixture
def server(http: tuple[AppSwitch, str], tmp_path: Path) -> Iterator[Server]:
    switch, url = http
    with mounted(switch, create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")) as app:
        enrol(app)
        yield Server(url, app)


def sell_three(station: DemoStation) -> None:
    # Cash with change; debit then cash (the cash part rounds by 1 cent); a
    # cheque for several lines with HST.
    station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),), at=AT)
    station.sell(
        (("PMT-PARK", 1), ("FEE-NSF", 1)),
        ((TenderKind.DEBIT, 1001), (TenderKind.CASH, 9000)),
        at=AT,
    )
    station.sell((("BK-CER", 1), ("BK-WIT", 2)), ((TenderKind.CHEQUE, 39550),), at=AT)


# --- the wire format ---------------------------------------------------------


def test_wire_models_match_what_the_station_writes(station: DemoStation) -> None:
    sell_three(station)
    sales = [e.payload for e in station.outbox() if e.kind == "sale"]
    audits = [e.payload for e in station.outbox() if e.kind == "audit"]
    for payload in sales:
        assert set(SalePayload.model_fields) == set(payload)
        assert all(set(SaleLinePayload.model_fields) == set(ln) for ln in payload["lines"])
        assert all(set(TenderPayload.model_fields) == set(t) for t in payload["tenders"])
        SalePayload.model_validate(payload)
    for payload in audits:
        assert set(AuditPayload.model_fields) == set(payload)
        AuditPayload.model_validate(payload)
    assert sales[1]["rounding_cents"] == 1


def test_cents_as_a_float_are_refused(station: DemoStation) -> None:
    station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),), at=AT)
    payload = next(e.payload for e in station.outbox() if e.kind == "sale")
    payload["tenders"][0]["applied_cents"] = 3955.0
    with pytest.raises(ValidationError, match="valid integer"):
        SalePayload.model_validate(payload)


# --- pushing -----------------------------------------------------------------


def test_push_delivers_every_sale_with_its_lines_and_tenders(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    waiting = pending_count(station.session_factory)

    result = push_pending(station.session_factory, server.url)

    assert result.error is None
    assert (result.sent, result.stored, result.duplicates, result.remaining) == (
        waiting,
        waiting,
        0,
        0,
    )
    assert last_acked_at(station.session_factory) is not None
    day = server_sales(server.url, "WHB-01", DAY, reader_headers(server.app))
    assert day["count"] == 3
    assert [as_station_shape(s) for s in day["sales"]] == station.sales()
    assert day["total_cents"] == sum(s["total_cents"] for s in station.sales())
    assert server.summary()["stations"] == [
        {"station_code": "WHB-01", "count": 3, "total_cents": 3955 + 9780 + 39550}
    ]
    # One audit entry per sale, and the sign-in made for the template.
    assert server.count(server_db.AuditEntry) == 4


def test_a_second_push_sends_nothing(station: DemoStation, server: Server) -> None:
    sell_three(station)
    push_pending(station.session_factory, server.url)

    again = push_pending(station.session_factory, server.url)

    assert (again.sent, again.stored, again.duplicates, again.remaining, again.error) == (
        0,
        0,
        0,
        0,
        None,
    )


def test_a_replayed_batch_is_acknowledged_and_stored_once(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    push_pending(station.session_factory, server.url)
    body = station.batch()

    response = post_batch(server.url, body)

    assert response.status_code == 200
    ack = response.json()
    assert ack["acked"] == [e["id"] for e in body["entries"]]
    assert (ack["stored"], ack["duplicates"]) == (0, len(body["entries"]))
    assert server.summary()["count"] == 3
    assert server.count(server_db.SaleLine) == 5
    assert server.count(server_db.Tender) == 4


def _tenders_short(body: dict[str, Any]) -> None:
    sale = next(e for e in body["entries"] if e["kind"] == "sale")
    sale["payload"]["tenders"][0]["applied_cents"] -= 5


def _line_amount_as_float(body: dict[str, Any]) -> None:
    sale = next(e for e in body["entries"] if e["kind"] == "sale")
    sale["payload"]["lines"][0]["amount_cents"] = float(sale["payload"]["lines"][0]["amount_cents"])


def _total_not_subtotal_plus_tax(body: dict[str, Any]) -> None:
    sale = next(e for e in body["entries"] if e["kind"] == "sale")
    sale["payload"]["total_cents"] += 100
    sale["payload"]["tenders"][0]["applied_cents"] += 100


def _lines_do_not_add_up(body: dict[str, Any]) -> None:
    sale = next(e for e in body["entries"] if e["kind"] == "sale")
    sale["payload"]["subtotal_cents"] += 100
    sale["payload"]["total_cents"] += 100
    sale["payload"]["tenders"][0]["applied_cents"] += 100


def _from_another_station(body: dict[str, Any]) -> None:
    sale = next(e for e in body["entries"] if e["kind"] == "sale")
    sale["payload"]["station_code"] = "OSH-02"


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (_tenders_short, "tenders apply"),
        (_line_amount_as_float, "valid integer"),
        (_total_not_subtotal_plus_tax, "is not subtotal"),
        (_lines_do_not_add_up, "lines add up to"),
        (_from_another_station, "recorded at station OSH-02"),
    ],
)
def test_a_batch_breaking_a_rule_is_refused_whole(
    station: DemoStation, server: Server, spoil: Any, reason: str
) -> None:
    sell_three(station)
    body = station.batch()
    spoil(body)
    bad = next(e for e in body["entries"] if e["kind"] == "sale")

    response = post_batch(server.url, body)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert bad["id"] in detail and reason in detail and "nothing applied" in detail
    # Not even the valid entries of the same batch were applied.
    assert server.count(server_db.ReceivedRecord) == 0
    assert server.count(server_db.AuditEntry) == 0
    assert server.summary()["count"] == 0


def test_a_known_id_with_different_content_is_a_conflict(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    push_pending(station.session_factory, server.url)
    station.sell((("CER-TAX", 1),), ((TenderKind.DEBIT, 5000),), at=AT)
    body = station.batch()
    changed = next(e for e in body["entries"] if e["kind"] == "sale")
    changed["payload"]["lines"][0]["description"] = "Something else"

    response = post_batch(server.url, body)

    assert response.status_code == 409
    assert changed["id"] in response.json()["detail"]
    assert server.summary()["count"] == 3  # the new sale in that batch was not applied


def test_an_unreachable_server_leaves_everything_pending(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    waiting = pending_count(station.session_factory)

    down = push_pending(station.session_factory, DOWN, timeout_s=2)

    assert down.error == "server unreachable: connection refused"
    assert (down.stored, down.remaining) == (0, waiting)
    assert pending_count(station.session_factory) == waiting
    assert last_acked_at(station.session_factory) is None

    up = push_pending(station.session_factory, server.url)

    assert (up.error, up.stored, up.duplicates, up.remaining) == (None, waiting, 0, 0)
    assert server.summary()["count"] == 3


def test_a_lost_acknowledgement_is_repaired_by_the_next_push(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    waiting = pending_count(station.session_factory)
    lossy = AckLost()

    with httpx.Client(transport=lossy) as client:
        uncertain = push_pending(station.session_factory, server.url, client=client)

    assert lossy.delivered == 1
    assert uncertain.error is not None and "connection to the server failed" in uncertain.error
    assert uncertain.remaining == waiting  # the station cannot know the server has them
    assert server.summary()["count"] == 3  # … but it has

    repeat = push_pending(station.session_factory, server.url)

    assert (repeat.error, repeat.sent, repeat.stored, repeat.duplicates) == (
        None,
        waiting,
        0,
        waiting,
    )
    assert repeat.remaining == 0
    assert server.summary()["count"] == 3


def test_push_goes_in_batches_in_outbox_order(station: DemoStation, server: Server) -> None:
    sell_three(station)
    seen: list[list[int]] = []

    def spy(request: httpx.Request) -> None:
        import json

        seen.append([e["seq"] for e in json.loads(request.content)["entries"]])

    with httpx.Client(event_hooks={"request": [spy]}) as client:
        result = push_pending(station.session_factory, server.url, batch_size=3, client=client)

    assert result.error is None and result.remaining == 0
    assert [len(b) for b in seen] == [3, 3, 1]
    assert sum(seen, []) == sorted(sum(seen, []))


def test_a_refused_batch_stops_the_push_with_the_servers_reason(
    station: DemoStation, server: Server
) -> None:
    sell_three(station)
    with station.session_factory() as s:
        first_sale = s.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "sale").order_by(OutboxEntry.seq)
        ).first()
        assert first_sale is not None
        spoiled = copy.deepcopy(first_sale.payload)
        spoiled["total_cents"] += 1
        s.execute(
            update(OutboxEntry).where(OutboxEntry.id == first_sale.id).values(payload=spoiled)
        )
        s.commit()
    waiting = pending_count(station.session_factory)

    result = push_pending(station.session_factory, server.url, batch_size=1)

    assert result.error is not None
    assert result.error.startswith("server refused the batch (422): batch refused")
    assert first_sale.id in result.error
    # The entry before it went through; it and everything after it wait.
    assert (result.stored, result.remaining) == (1, waiting - 1)
    assert server.summary()["count"] == 0


def test_a_server_error_leaves_everything_pending(station: DemoStation) -> None:
    sell_three(station)
    waiting = pending_count(station.session_factory)
    busy = httpx.MockTransport(
        lambda request: httpx.Response(503, json={"detail": "the server's database failed"})
    )

    with httpx.Client(transport=busy) as client:
        result = push_pending(station.session_factory, "http://head-office", client=client)

    assert result.error == "server error 503: the server's database failed"
    assert result.remaining == waiting


# --- the background pusher -----------------------------------------------------


def test_backoff_doubles_after_each_failure_up_to_the_cap() -> None:
    assert [retry_delay(n, 30, 600) for n in range(7)] == [30, 60, 120, 240, 480, 600, 600]


def test_pusher_delivers_in_the_background_and_reports(
    station: DemoStation, server: Server
) -> None:
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    pusher = Pusher(station.session_factory, server.url, interval_s=3600)
    pusher.on_status(statuses.put)
    pusher.start()
    try:
        first = statuses.get(timeout=10)  # the push made at start
        assert (first.pending, first.last_error) == (0, None)
        assert first.last_success_at is not None

        station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),), at=AT)
        pusher.push_now()
        second = statuses.get(timeout=10)
    finally:
        pusher.stop()

    assert (second.pending, second.last_error) == (0, None)
    assert not pusher.running
    assert server.summary()["count"] == 1


def test_pusher_keeps_trying_an_unreachable_server(station: DemoStation) -> None:
    statuses: queue.Queue[SyncStatus] = queue.Queue()
    failed_callback = threading.Event()

    def fragile(status: SyncStatus) -> None:
        failed_callback.set()
        raise RuntimeError("a window that is gone")

    pusher = Pusher(station.session_factory, DOWN, interval_s=0.01, max_interval_s=0.05)
    pusher.on_status(fragile)  # a failing callback must not stop the pusher
    pusher.on_status(statuses.put)
    pusher.start()
    try:
        seen = [statuses.get(timeout=10) for _ in range(3)]
    finally:
        pusher.stop()

    assert failed_callback.is_set()
    assert all(s.last_error == "server unreachable: connection refused" for s in seen)
    assert all(s.pending == 1 and s.last_success_at is None for s in seen)


# --- the server's own set-up ---------------------------------------------------


def test_server_without_a_url_uses_a_sqlite_file_in_the_working_folder(
    http: tuple[AppSwitch, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTERAPP_SERVER_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    switch, url = http
    with mounted(switch, create_app()):
        assert httpx.get(f"{url}/api/v1/health").json() == {"status": "ok", "database": "sqlite"}
    assert (tmp_path / "counterapp-server.sqlite3").exists()


def test_server_database_path_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERAPP_SERVER_DB", str(tmp_path / "data" / "ho.sqlite3"))
    app = create_app()
    app.state.engine.dispose()
    assert (tmp_path / "data" / "ho.sqlite3").exists()


def test_a_server_that_does_not_answer_in_time_leaves_everything_pending(
    station: DemoStation,
) -> None:
    def too_slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with httpx.Client(transport=httpx.MockTransport(too_slow), timeout=3) as client:
        result = push_pending(station.session_factory, "http://head-office", client=client)

    assert result.error == "server did not answer within 3 s"
    assert result.remaining == pending_count(station.session_factory) == 1
