"""Helpers for the sync tests (a plain module, imported by them).

- ``scratch_database``: a PostgreSQL database of the tests' own, dropped after;
- ``live_server`` and ``AppSwitch``: the real server app on a real port, in a
  thread, so the station pushes over real HTTP with a plain ``httpx.Client``;
- ``DemoStation``: a migrated station database with the demo catalogue and a
  signed-in associate, copied from a template (argon2 makes loading the demo
  staff slow, so it is done once per module).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, NoReturn

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from counterapp.db.engine import open_database
from counterapp.db.models import OutboxEntry, Sale, SaleLine, Station, Tender
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.auth import StaffIdentity, login
from counterapp.services.sales import CompleteSale, LineRequest, SaleResult, complete_sale
from counterapp.sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    RegisterRequest,
    StationCredential,
    save_credential,
)

PG_ENV = "COUNTERAPP_TEST_PG"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


# --- PostgreSQL ----------------------------------------------------------------


def postgres_unreachable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail on CI (env ``CI`` set), where a
    silently skipped PostgreSQL suite would hide that it never ran."""
    admin = make_url(os.environ.get(PG_ENV, DEFAULT_PG)).render_as_string(hide_password=True)
    message = f"PostgreSQL at {admin} (set {PG_ENV}) cannot be reached: {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}. CI must run the PostgreSQL tests.", pytrace=False)
    pytest.skip(message)


def _admin_urls() -> tuple[URL, str]:
    admin = make_url(os.environ.get(PG_ENV, DEFAULT_PG))
    return admin, admin.set(drivername="postgresql").render_as_string(hide_password=False)


def _connect_admin() -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(_admin_urls()[1], autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        postgres_unreachable(" ".join(str(exc).split()) or type(exc).__name__)


def require_postgres() -> None:
    """Check the server answers: skip, or fail on CI, right in the test calling it."""
    _connect_admin().close()


@contextmanager
def scratch_database(prefix: str = "counterapp_test") -> Iterator[str]:
    """Create a uniquely named database; yield its SQLAlchemy URL; drop it."""
    admin, _ = _admin_urls()
    name = f"{prefix}_{secrets.token_hex(6)}"
    conn = _connect_admin()
    try:
        conn.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
                hide_password=False
            )
        finally:
            # FORCE ends connections a test left open (PostgreSQL 13+).
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


# --- a real server on a real port -----------------------------------------------


class AppSwitch:
    """One server for a whole module; each test mounts its own app (a fresh
    database) instead of paying for a server start and stop."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is None:
            raise RuntimeError("no app mounted on the test server")
        await self.app(scope, receive, send)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server in a subprocess)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: ASGIApp, *, lifespan: Literal["on", "off"] = "on") -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 on a free port; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@dataclass
class Server:
    """A server app mounted on a live test server, with its writers' sessions."""

    url: str
    app: FastAPI

    @property
    def writers(self) -> Any:
        return self.app.state.sessions[1]


@contextmanager
def mounted(switch: AppSwitch, app: FastAPI) -> Iterator[FastAPI]:
    """``app`` served by ``switch`` for the block; its engine closed after."""
    switch.app = app
    try:
        yield app
    finally:
        switch.app = None
        app.state.engine.dispose()


class AckLost(httpx.BaseTransport):
    """Delivers the request, then loses the answer: the server applied the
    batch, the station never hears so (a cable pulled at the worst moment)."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.delivered = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        response.close()
        self.delivered += 1
        raise httpx.ReadError("connection reset before the answer arrived", request=request)

    def close(self) -> None:
        self._inner.close()


# --- station credentials ----------------------------------------------------------


def station_credential(station_code: str = "WHB-01") -> StationCredential:
    """A fixed credential per station code, so tests can enrol and post by hand."""
    return StationCredential(station_code, f"test-secret-{station_code}-".ljust(48, "x"))


def auth_headers(station_code: str = "WHB-01") -> dict[str, str]:
    """What a registered station sends with every call."""
    return {PROTOCOL_HEADER: str(PROTOCOL_VERSION), **station_credential(station_code).headers()}


def post_batch(
    base_url: str, body: dict[str, Any], station_code: str = "WHB-01", timeout: float = 10
) -> httpx.Response:
    """POST a batch by hand, as the registered station ``station_code``."""
    return httpx.post(
        f"{base_url}/api/v1/batches",
        json=body,
        headers=auth_headers(station_code),
        timeout=timeout,
    )


def enrol(app: FastAPI, station_code: str = "WHB-01", site_code: str = "WHB") -> None:
    """Add and register ``station_code`` on the server straight in its database
    (what ``counterapp server station add`` and ``counterapp sync register`` do)."""
    from sqlalchemy.orm import sessionmaker

    from counterapp.server.stations import add_station, register

    factory = sessionmaker(app.state.engine, expire_on_commit=False)
    one_time = add_station(factory, station_code, site_code, f"Counter {station_code}")
    register(
        factory,
        RegisterRequest(
            station_code=station_code,
            one_time_code=one_time,
            secret=station_credential(station_code).secret,
        ),
    )


# --- a demo station ------------------------------------------------------------


@dataclass
class DemoStation:
    path: Path
    engine: Engine
    session_factory: Callable[[], Session]
    staff: StaffIdentity

    def sell(
        self,
        lines: tuple[tuple[str, int], ...],
        tenders: tuple[tuple[TenderKind, int], ...],
        at: datetime | None = None,
    ) -> SaleResult:
        return complete_sale(
            UnitOfWork(self.session_factory),
            CompleteSale(
                self.staff,
                tuple(LineRequest(code, qty) for code, qty in lines),
                tuple(TenderInput(kind, cents) for kind, cents in tenders),
            ),
            now=at,
        )

    def outbox(self) -> list[OutboxEntry]:
        with self.session_factory() as s:
            return list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)))

    def batch(self, entries: list[OutboxEntry] | None = None) -> dict[str, Any]:
        """The outbox as a batch body, built by hand (as a replaying client would)."""
        with self.session_factory() as s:
            code = s.scalars(select(Station.code)).one()
        rows = self.outbox() if entries is None else entries
        return {
            "station_code": code,
            "entries": [
                {
                    "id": e.id,
                    "seq": e.seq,
                    "kind": e.kind,
                    "created_at": e.created_at.isoformat() + "+00:00"
                    if e.created_at.tzinfo is None
                    else e.created_at.isoformat(),
                    "payload": e.payload,
                    **({"prev_hash": e.prev_hash} if e.prev_hash else {}),
                    **({"hash": e.hash} if e.hash else {}),
                }
                for e in rows
            ],
        }

    def sales(self) -> list[dict[str, Any]]:
        """Every sale at the station, with lines and tenders, as plain values."""
        with self.session_factory() as s:
            out = []
            for sale in s.scalars(select(Sale).order_by(Sale.seq)):
                lines = s.scalars(
                    select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
                )
                tenders = s.scalars(
                    select(Tender).where(Tender.sale_id == sale.id).order_by(Tender.seq)
                )
                out.append(
                    {
                        "id": sale.id,
                        "receipt_no": sale.receipt_no,
                        "subtotal_cents": sale.subtotal_cents,
                        "tax_cents": sale.tax_cents,
                        "total_cents": sale.total_cents,
                        "rounding_cents": sale.rounding_cents,
                        "change_cents": sale.change_cents,
                        "lines": [
                            (
                                ln.line_no,
                                ln.service_code,
                                ln.quantity,
                                ln.amount_cents,
                                ln.tax_cents,
                            )
                            for ln in lines
                        ],
                        "tenders": [
                            (t.seq, t.kind, t.tendered_cents, t.applied_cents) for t in tenders
                        ],
                    }
                )
            return out


def make_station_template(
    directory: Path, station_code: str = "WHB-01"
) -> tuple[Path, StaffIdentity]:
    """A station file with the demo loaded and alex signed in, closed (WAL folded in)."""
    import json

    from counterapp.services.reference import DEMO_CATALOGUE, load_reference

    path = directory / f"template-{station_code}.sqlite3"
    engine, sf = open_database(path)
    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    data["site"]["station_code"] = station_code
    # These stations test replication, not drawers: head office set them up
    # without drawers (an explicit site setting; issue 10), so their outboxes
    # hold exactly the records each test makes.
    data["settings"]["drawers"] = "none"
    load_reference(UnitOfWork(sf), data)
    staff = login(UnitOfWork(sf), "alex", "counter")
    engine.dispose()
    return path, staff


def open_station_copy(template: Path, staff: StaffIdentity, directory: Path) -> DemoStation:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "station.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{path}{suffix}")
    engine, sf = open_database(path)
    with sf() as session:
        code = session.scalars(select(Station.code)).one()
    save_credential(directory, station_credential(code))  # as `counterapp sync register` leaves it
    return DemoStation(path, engine, sf, staff)


def reader_headers(app: FastAPI) -> dict[str, str]:
    """What a script reading head office's figures sends: a head-office user's
    API token (a manager, "reader", made once per app)."""
    cached: dict[str, str] | None = getattr(app.state, "reader_headers", None)
    if cached is None:
        from counterapp.server.hq.auth import Principal, add_user, new_token

        writers = app.state.sessions[1]
        user_id = add_user(writers, "reader", "manager", secrets.token_urlsafe(16))
        who = Principal(user_id, "reader", "", "manager", True, "", "token")
        cached = {"Authorization": f"Bearer {new_token(writers, who, 'tests')}"}
        app.state.reader_headers = cached
    return cached


def server_sales(
    base_url: str, station_code: str, day: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The station's day as head office serves it (``headers``: ``reader_headers(app)``)."""
    response = httpx.get(
        f"{base_url}/api/v1/stations/{station_code}/sales",
        params={"date": day},
        headers=headers or {},
        timeout=10,
    )
    response.raise_for_status()
    result: dict[str, Any] = response.json()
    return result


def as_station_shape(server_sale: dict[str, Any]) -> dict[str, Any]:
    """A sale from the server's day view, in ``DemoStation.sales()``'s shape."""
    keys = ("id", "receipt_no", "subtotal_cents", "tax_cents", "total_cents")
    return {
        **{k: server_sale[k] for k in keys},
        "rounding_cents": server_sale["rounding_cents"],
        "change_cents": server_sale["change_cents"],
        "lines": [
            (ln["line_no"], ln["service_code"], ln["quantity"], ln["amount_cents"], ln["tax_cents"])
            for ln in server_sale["lines"]
        ],
        "tenders": [
            (t["seq"], t["kind"], t["tendered_cents"], t["applied_cents"])
            for t in server_sale["tenders"]
        ],
    }
