"""Station → server delivery on PostgreSQL, the production database.

Needs the server at ``COUNTERAPP_TEST_PG`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``); the tests make a database
of their own there and drop it at the end. Skipped when it cannot be reached,
except on CI (env ``CI`` set), where that fails.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, select, text

from counterapp.domain.tender import TenderKind
from counterapp.server import db as server_db
from counterapp.server.app import create_app
from counterapp.services.auth import StaffIdentity
from counterapp.sync.client import pending_count, push_pending
from tests.sync_support import (
    DemoStation,
    as_station_shape,
    enrol,
    live_server,
    make_station_template,
    open_station_copy,
    post_batch,
    reader_headers,
    require_postgres,
    scratch_database,
    server_sales,
)

pytestmark = pytest.mark.postgres

DAY = "2026-03-14"
AT = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
TABLES = "sale_line, tender, sale, audit_entry, received_record"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with scratch_database() as url:
        yield url


@pytest.fixture(scope="module")
def pg_app(pg_url: str) -> Iterator[FastAPI]:
    app = create_app(pg_url)
    enrol(app)
    try:
        with live_server(app) as url:
            app.state.url = url
            yield app
    finally:
        app.state.engine.dispose()


@pytest.fixture
def server(pg_app: FastAPI) -> Iterator[str]:
    with pg_app.state.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {TABLES}"))
    yield pg_app.state.url


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st = open_station_copy(*template, tmp_path)
    yield st
    st.engine.dispose()


def count(app: FastAPI, table: type[server_db.ServerBase]) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)))


def sell_some(station: DemoStation) -> None:
    station.sell((("RNT-ROOM", 1),), ((TenderKind.CASH, 5000),), at=AT)
    station.sell(
        (("PMT-PARK", 1), ("FEE-NSF", 1)),
        ((TenderKind.DEBIT, 1001), (TenderKind.CASH, 9000)),
        at=AT,
    )
    station.sell((("BK-CER", 1), ("BK-WIT", 2)), ((TenderKind.CHEQUE, 39550),), at=AT)
    station.sell((("RNT-ROOM", 3),), ((TenderKind.CREDIT, 11865),), at=AT)


def test_postgresql_is_reachable() -> None:
    # Fails (rather than errors in a fixture) on CI when PostgreSQL is missing.
    require_postgres()


def test_health_names_postgresql(server: str) -> None:
    assert httpx.get(f"{server}/api/v1/health").json() == {
        "status": "ok",
        "database": "postgresql",
    }


def test_the_same_batch_twice_stores_each_sale_once(
    station: DemoStation, server: str, pg_app: FastAPI
) -> None:
    sell_some(station)
    body = station.batch()

    first = post_batch(server, body).json()
    second = post_batch(server, body).json()

    n = len(body["entries"])
    assert (first["stored"], first["duplicates"]) == (n, 0)
    assert (second["stored"], second["duplicates"]) == (0, n)
    assert first["acked"] == second["acked"] == [e["id"] for e in body["entries"]]
    assert count(pg_app, server_db.Sale) == 4
    assert count(pg_app, server_db.ReceivedRecord) == n


def test_two_pushes_of_the_same_batch_at_once_store_each_sale_once(
    station: DemoStation, server: str, pg_app: FastAPI
) -> None:
    sell_some(station)
    body = station.batch()
    engine = pg_app.state.engine
    # Make the two transactions overlap for certain: both reach the INSERT
    # together, and the first to insert holds its uncommitted rows a moment,
    # so the other's ON CONFLICT has to wait on them.
    both_inserting = threading.Barrier(2, timeout=10)
    first = threading.Lock()
    held = threading.Event()

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO received_record"):
            both_inserting.wait()

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO received_record"):
            with first:
                if held.is_set():
                    return
                held.set()
            time.sleep(0.3)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    answers: list[dict[str, Any]] = []

    def push() -> None:
        response = post_batch(server, body, timeout=30)
        assert response.status_code == 200, response.text
        answers.append(response.json())

    try:
        threads = [threading.Thread(target=push) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)

    n = len(body["entries"])
    assert len(answers) == 2
    assert sorted((a["stored"], a["duplicates"]) for a in answers) == [(0, n), (n, 0)]
    assert count(pg_app, server_db.Sale) == 4
    assert count(pg_app, server_db.SaleLine) == 6
    assert count(pg_app, server_db.Tender) == 5
    assert count(pg_app, server_db.AuditEntry) == 5  # four sales and the sign-in


def test_the_servers_sums_equal_the_stations(
    station: DemoStation, server: str, pg_app: FastAPI
) -> None:
    sell_some(station)
    down = push_pending(station.session_factory, "http://127.0.0.1:1", timeout_s=2)
    assert down.error is not None and pending_count(station.session_factory) > 0

    result = push_pending(station.session_factory, server, batch_size=2)
    again = push_pending(station.session_factory, server)

    assert (result.error, result.remaining, again.sent) == (None, 0, 0)
    sales = station.sales()
    day = server_sales(server, "WHB-01", DAY, reader_headers(pg_app))
    assert [as_station_shape(s) for s in day["sales"]] == sales
    for key in ("subtotal_cents", "tax_cents", "total_cents"):
        assert day[key] == sum(s[key] for s in sales)
    summary = httpx.get(f"{server}/api/v1/summary", headers=reader_headers(pg_app)).json()
    assert summary == {
        "count": 4,
        "total_cents": sum(s["total_cents"] for s in sales),
        "stations": [
            {
                "station_code": "WHB-01",
                "count": 4,
                "total_cents": sum(s["total_cents"] for s in sales),
            }
        ],
    }
    assert isinstance(summary["total_cents"], int)
