"""Replacing a dead counter PC (issue 12), end to end: two station folders, a
real server over HTTP (SQLite, and once on PostgreSQL), the commands an
administrator types.

The old PC sold five receipts, head office received three, and the PC died.
The administrator replaces it: the old credential stops working in the same
step; the new PC pulls its reference data, goes on after the last number used
(never reusing one), and head office lists the two that never arrived.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from counterapp import cli
from counterapp.db.engine import open_database
from counterapp.db.models import Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.server.app import create_app
from counterapp.server.reference import publish_file
from counterapp.server.stations import add_station
from counterapp.services.auth import login
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from counterapp.sync.client import push_pending
from counterapp.sync.pull import pull_changes
from tests.sync_support import live_server, reader_headers, scratch_database

AT = datetime(2026, 3, 14, 15, 30, tzinfo=UTC)
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b")


@dataclass
class Server:
    url: str
    database_url: str
    app: FastAPI

    @property
    def writers(self) -> Any:
        return self.app.state.sessions[1]


@contextmanager
def _sqlite(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'server.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    databases = _sqlite(tmp_path) if request.param == "sqlite" else scratch_database("ca_i12")
    with databases as database_url:
        app = create_app(database_url)
        try:
            with live_server(app) as url:
                yield Server(url, database_url, app)
        finally:
            app.state.engine.dispose()


def _admin(server: Server, *args: str) -> int:
    return cli.main(["server", "--database-url", server.database_url, "station", *args])


def _register(folder: Path, server: Server, code: str) -> int:
    return cli.main(
        [
            "--data-dir",
            str(folder),
            "sync",
            "register",
            "--server",
            server.url,
            "--station",
            "WHB-01",
            "--code",
            code,
        ]  # fmt: skip
    )


def _sell(sf: Any, n: int) -> list[str]:
    from counterapp.services import drawer
    from tests.drawer_support import open_drawers

    alex = login(UnitOfWork(sf), "alex", "counter")
    if drawer.current_shift(UnitOfWork(sf), alex.id) is None:
        open_drawers(sf, alex, at=AT)  # no money is taken outside a drawer (issue 10)
    return [
        complete_sale(
            UnitOfWork(sf),
            CompleteSale(
                alex, (LineRequest("RNT-ROOM", 1),), (TenderInput(TenderKind.CASH, 5000),)
            ),
            now=AT,
        ).receipt_no
        for _ in range(n)
    ]


def test_a_new_pc_replaces_a_dead_one_and_never_reuses_a_receipt_number(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    first_code = add_station(server.writers, "WHB-01", "WHB", "Counter 1")

    # The old PC: registered, three sales sent, two more sold, then it dies
    # (it spoke to head office once more, for reference data, before dying).
    old = tmp_path / "old-pc"
    assert _register(old, server, first_code) == 0
    old_engine, old_sf = open_database(old / "station.sqlite3")
    assert _sell(old_sf, 3) == ["WHB-01-000001", "WHB-01-000002", "WHB-01-000003"]
    assert push_pending(old_sf, server.url).error is None
    assert _sell(old_sf, 2) == ["WHB-01-000004", "WHB-01-000005"]
    assert pull_changes(old_sf, server.url).error is None
    capsys.readouterr()

    # The administrator replaces it.
    assert _admin(server, "replace", "WHB-01") == 0
    said = capsys.readouterr().out
    assert "old PC's credential is revoked" in said
    assert "holds its receipts up to number 3" in said
    assert "continues after number 5" in said
    new_code = CODE.search(said)
    assert new_code is not None and new_code.group(0) != first_code

    # The old credential is refused from that moment: its unsent receipts can
    # never arrive under numbers the new PC uses.
    stopped = push_pending(old_sf, server.url)
    assert stopped.error is not None and "not accepted" in stopped.error
    old_engine.dispose()

    # The new PC, a fresh folder: registers, pulls, sells after number 5.
    new = tmp_path / "new-pc"
    assert _register(new, server, new_code.group(0)) == 0
    new_engine, new_sf = open_database(new / "station.sqlite3")
    try:
        with new_sf() as s:
            assert s.scalars(select(Station.last_receipt_seq)).one() == 5
        assert _sell(new_sf, 2) == ["WHB-01-000006", "WHB-01-000007"]
        pushed = push_pending(new_sf, server.url)
        assert pushed.error is None and pushed.stored == pushed.sent
    finally:
        new_engine.dispose()

    # The code works once.
    assert _register(tmp_path / "third-pc", server, new_code.group(0)) != 0
    capsys.readouterr()

    # Head office lists the numbers that never arrived, for finance.
    gaps = httpx.get(
        f"{server.url}/api/v1/stations/WHB-01/receipt-gaps",
        headers=reader_headers(server.app),
        timeout=10,
    ).json()
    assert (gaps["last_held"], gaps["expected_up_to"], gaps["missing"]) == (7, 7, 2)
    assert [(g["first_receipt_no"], g["last_receipt_no"]) for g in gaps["gaps"]] == [
        ("WHB-01-000004", "WHB-01-000005")
    ]
    assert _admin(server, "gaps", "WHB-01") == 0
    listing = capsys.readouterr().out
    assert "2 never arrived" in listing
    assert "WHB-01-000004 to WHB-01-000005 (2 receipts)" in listing


def test_the_administrator_can_push_the_start_past_the_old_pcs_paper_roll(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old PC sold after its last contact: its paper roll shows number 9, which
    head office never heard of. The new PC starts after what the administrator says."""
    publish_file(server.writers, DEMO_CATALOGUE.read_text(encoding="utf-8"))
    add_station(server.writers, "WHB-01", "WHB")
    assert _admin(server, "replace", "WHB-01", "--continue-after", "9") == 0
    code = CODE.search(capsys.readouterr().out)
    assert code is not None
    new = tmp_path / "new-pc"
    assert _register(new, server, code.group(0)) == 0
    engine, sf = open_database(new / "station.sqlite3")
    try:
        assert _sell(sf, 1) == ["WHB-01-000010"]
    finally:
        engine.dispose()
    gaps = httpx.get(
        f"{server.url}/api/v1/stations/WHB-01/receipt-gaps",
        headers=reader_headers(server.app),
        timeout=10,
    ).json()
    assert [(g["first_seq"], g["last_seq"]) for g in gaps["gaps"]] == [(1, 9)]


def test_replacing_a_station_head_office_does_not_know_says_so(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _admin(server, "replace", "WHB-99") == 1
    assert "no station 'WHB-99'" in capsys.readouterr().err
    response = httpx.get(
        f"{server.url}/api/v1/stations/WHB-99/receipt-gaps",
        headers=reader_headers(server.app),
        timeout=10,
    )
    assert response.status_code == 404 and "WHB-99" in response.json()["detail"]
