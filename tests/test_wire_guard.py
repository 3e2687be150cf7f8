"""The wire's guard at head office (issue 15, "every input bounded"): every
station header, day and time within range, no control character reaching the
database, the credential before the body, refused sign-ins logged once and
locked per address — over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.types import Message

from counterapp.ids import uuid7
from counterapp.server.service_requests import add_key
from counterapp.server.stations import ServerStation as Station
from counterapp.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, RECEIPTS_HEADER
from tests.hq_support import PASSWORD
from tests.hq_support import sign_in_answer as _sign_in
from tests.queue_support import open_site, site_actor
from tests.sync_support import auth_headers, reader_headers
from tests.trust_support import AT, samples, served


@dataclass
class Server:
    url: str
    app: FastAPI
    open311_key: str


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Server]:
    keys: list[str] = []

    def prepare(app: FastAPI) -> None:
        open_site(app)
        reader_headers(app)
        with app.state.sessions[1]() as s, s.begin():
            keys.append(add_key(s, "town CRM", "tests"))

    for base, app, _url in served(request.param, tmp_path, prepare, prefix="counterapp_wire"):
        yield Server(base, app, keys[0])


def _batch(seq: int = 1) -> dict[str, Any]:
    sale = samples(seq=seq)["sale"]
    return {
        "station_code": "WHB-01",
        "entries": [
            {"id": sale["id"], "seq": seq, "kind": "sale", "created_at": AT, "payload": sale}
        ],
    }


def _no_raw_control_characters(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert "\x00" not in record.getMessage(), record.getMessage()
        assert not record.getMessage().startswith("database error"), record.getMessage()


# --- F1: every station header checked before any work -----------------------------------


def test_every_station_header_is_checked_before_any_work(server: Server) -> None:
    for bad in ("99999999999999999999999", "-5", "1e3", "x"):
        headers = {**auth_headers(), RECEIPTS_HEADER: bad}
        pushed = httpx.post(f"{server.url}/api/v1/batches", json=_batch(), headers=headers)
        assert pushed.status_code == 422 and RECEIPTS_HEADER in pushed.text, pushed.text
        changes = httpx.get(f"{server.url}/api/v1/changes", headers=headers)
        assert changes.status_code == 422 and RECEIPTS_HEADER in changes.text, changes.text
    summary = httpx.get(f"{server.url}/api/v1/summary", headers=reader_headers(server.app))
    assert summary.json()["count"] == 0  # nothing applied
    with server.app.state.sessions[0]() as s:
        assert s.scalar(select(Station.receipts_reported).where(Station.code == "WHB-01")) is None
    fine = {**auth_headers(), RECEIPTS_HEADER: "7"}
    assert (
        httpx.post(f"{server.url}/api/v1/batches", json=_batch(), headers=fine).status_code == 200
    )
    declared = server.app.openapi()["paths"]["/api/v1/batches"]["post"]["parameters"]
    receipts = [p for p in declared if p["name"] == RECEIPTS_HEADER]
    assert receipts and receipts[0]["schema"]["minimum"] == 0


# --- F7: days and times within range ------------------------------------------------------


def test_days_and_times_outside_the_range_are_refused_naming_the_field(server: Server) -> None:
    station = auth_headers()
    base = f"{server.url}/api/v1/queue/WHB"
    for day in ("9999-12-31", "0001-01-01"):
        for path in ("measures", "events-of-day", "appointments"):
            answer = httpx.get(f"{base}/{path}", params={"day": day}, headers=station)
            assert answer.status_code == 422 and "day" in answer.text, (path, answer.text)
        sales = httpx.get(
            f"{server.url}/api/v1/stations/WHB-01/sales",
            params={"date": day},
            headers=reader_headers(server.app),
        )
        assert sales.status_code == 422 and "date" in sales.text, sales.text
    actor = site_actor("gail").model_dump()
    for at in ("9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"):
        booked = httpx.post(
            f"{base}/appointments",
            json={"actor": actor, "at": at, "category": "T"},
            headers=station,
        )
        assert booked.status_code == 422 and "at" in booked.text, booked.text
    key = server.open311_key
    for query in (
        {"start_date": "9999-12-31T23:59:59-05:00"},
        {"start_date": "0001-01-01T00:00:00+05:00"},
        {"end_date": "9999-12-31T23:59:59-12:00"},
    ):
        listed = httpx.get(
            f"{server.url}/open311/v2/requests.json", params={"api_key": key, **query}
        )
        assert listed.status_code == 400, listed.text
        assert next(iter(query)) in listed.json()[0]["description"]
    updated = httpx.post(
        f"{server.url}/open311/v2/servicerequestupdates.json",
        data={
            "api_key": key,
            "service_request_id": "SR-WHB-01-999999",
            "status": "closed",
            "updated_datetime": "9999-12-31T23:59:59-05:00",
        },
    )
    assert updated.status_code == 400 and "updated_datetime" in updated.text, updated.text


# --- F8: no control character reaches the database ----------------------------------------


def test_control_characters_are_refused_at_the_wire_naming_the_field(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    url, station, reader = server.url, auth_headers(), reader_headers(server.app)
    proto = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    checks: list[tuple[httpx.Response, str]] = [
        (
            httpx.post(
                f"{url}/api/v1/register",
                json={"station_code": "W\u0000", "one_time_code": "x" * 12, "secret": "s" * 43},
                headers=proto,
            ),
            "station_code",
        ),
        (httpx.get(f"{url}/api/v1/queue/%00/snapshot", headers=station), "site"),
        (httpx.get(f"{url}/api/v1/receipts/%00/check?code=AB", headers=reader), "receipt_no"),
        (httpx.get(f"{url}/api/v1/stations/%00/sales?date=2026-01-01", headers=reader), ""),
        (httpx.get(f"{url}/api/v1/stations/WHB-01/sales?date=2026-01-01&tz=%00"), "tz"),
        (httpx.get(f"{url}/hq/queue?site=%00", headers=reader), "site"),
        (
            httpx.post(
                f"{url}/api/v1/queue/WHB/tickets",
                json={
                    "actor": site_actor("gail").model_dump(),
                    "request_id": uuid7(),
                    "category": "T",
                    "visitor_name": "Ann\u0000",
                },
                headers=station,
            ),
            "visitor_name",
        ),
        (
            httpx.post(
                f"{url}/api/v1/queue/WHB/answered",
                json={"actor": site_actor("gail").model_dump(), "ticket_id": "\u0000"},
                headers=station,
            ),
            "ticket_id",
        ),
        (
            httpx.post(
                f"{url}/api/v1/queue/WHB/appointments/%00/cancel",
                json={"actor": site_actor("gail").model_dump()},
                headers=station,
            ),
            "appointment_id",
        ),
        (
            httpx.post(f"{url}/hq/login", data={"username": "nosuch\u0000user", "password": "x"}),
            "username",
        ),
    ]
    for answer, field in checks:
        assert answer.status_code == 422, (field, answer.text)
        assert field in answer.json()["detail"] and "control" in answer.json()["detail"]
    key = server.open311_key
    for path in (
        f"/open311/v2/requests.json?api_key={key}&service_request_id=%00",
        f"/open311/v2/requests.json?api_key={key}&service_code=%00",
        f"/open311/v2/requests/%00.json?api_key={key}",
    ):
        answer = httpx.get(url + path)
        assert answer.status_code == 400, (path, answer.text)  # Open311's own error format
        assert answer.json()[0]["code"] == 400
    refused = httpx.post(
        f"{url}/open311/v2/requests.json",
        data={"api_key": key, "service_code": "x", "description": "d\u0000"},
    )
    assert refused.status_code == 400 and "description" in refused.text
    _no_raw_control_characters(caplog)


# --- F10: the credential before the body --------------------------------------------------


def _answer_to_a_body_never_sent(url: str, path: str) -> bytes:
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=5) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"{PROTOCOL_HEADER}: {PROTOCOL_VERSION}\r\nContent-Length: 60000\r\n\r\n{{".encode()
        )
        return sock.recv(4096)  # times out (fails) if the server waits for the body


def test_a_caller_without_a_credential_is_refused_before_its_body_is_read(
    server: Server,
) -> None:
    for path in ("/api/v1/queue/WHB/call-next", "/hq/admin/users", "/hq/account/tokens"):
        head = _answer_to_a_body_never_sent(server.url, path)
        assert head.startswith(b"HTTP/1.1 401"), (path, head[:200])
    # Unauthenticated by nature (bounded body first): the caller proves itself in it.
    refused = httpx.post(
        f"{server.url}/open311/v2/requests.json",
        data={"api_key": "o311_wrong", "service_code": "x"},
    )
    assert refused.status_code in (400, 403) and refused.json()[0]["code"] == refused.status_code


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/queue/WHB/tickets", 401),  # refused by the guard's credential check
        ("/api/v1/batches", 401),  # by the route's first dependency
        ("/hq/account/tokens", 401),
        ("/api/v1/queue/W\u0000B/tickets", 422),  # by the guard's path check
    ],
)
def test_a_refused_caller_s_body_is_read_and_dropped_before_the_answer(
    server: Server, path: str, status: int
) -> None:
    """Lingering close: the body a refused caller is sending is read (and not
    kept) before the refusal goes out, so the closing socket has nothing unread
    and never resets the answer away on a lossy network (a station of another
    site was told "cannot be reached" instead of why)."""
    parts = [b'{"request_id": "x", ', b'"category": "T"}']
    events: list[str] = []

    async def receive() -> Message:
        await asyncio.sleep(0.01)  # the body a moment after its head
        part = parts.pop(0) if parts else b""
        events.append("body read")
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            events.append(f"answer {message['status']}")

    length = str(sum(len(p) for p in parts)).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"x"),
            (b"content-type", b"application/json"),
            (b"content-length", length),
            (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(server.app(scope, receive, send))
    assert events == ["body read", "body read", f"answer {status}"], events


# --- F12: refused sign-ins logged once, locked per address -----------------------------


def test_refused_sign_ins_are_logged_once_and_lock_the_address_not_the_user(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from counterapp.server.app import create_app
    from counterapp.server.hq.auth import add_user

    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    add_user(app.state.sessions[1], "clerk-wire", "finance", PASSWORD)
    caplog.set_level(logging.INFO)
    attacker = TestClient(app, client=("203.0.113.9", 40000))
    for _ in range(6):
        assert _sign_in(attacker, "clerk-wire", "guess-guess-guess").status_code == 401
    assert "locked for 15 minutes" in _sign_in(attacker, "clerk-wire", PASSWORD).text
    lines = [r.getMessage() for r in caplog.records if "sign-in refused" in r.getMessage()]
    assert len(lines) == 7, lines  # once per attempt
    assert all(m.startswith("security:") and "clerk-wire" in m for m in lines)
    assert all("203.0.113.9" in m and "guess" not in m and PASSWORD not in m for m in lines)
    assert "wrong password" in lines[0] and "locked" in lines[-1]
    clerk = TestClient(app, client=("198.51.100.4", 40000))
    assert _sign_in(clerk, "clerk-wire", PASSWORD).status_code == 303  # not locked out
    app.state.engine.dispose()


def test_an_events_position_beyond_its_column_is_refused(server: Server) -> None:
    base = f"{server.url}/api/v1/queue/WHB/events"
    for query, headers in (
        ({"since": str(2**62)}, {}),
        ({}, {"Last-Event-ID": str(2**31)}),
        ({}, {"Last-Event-ID": "9" * 18}),
    ):
        answer = httpx.get(base, params=query, headers={**auth_headers(), **headers})
        assert answer.status_code == 422, answer.text
