"""Trust at head office (issue 15): every caller proven, a station speaks only
for itself, every input bounded — over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy import insert

from counterapp.ids import uuid7
from counterapp.queue.remote import RemoteQueue
from counterapp.server import db as server_db
from counterapp.server.access import HeadOfficeUser
from counterapp.server.limits import MAX_BATCH_BODY
from counterapp.server.stations import revoke_station
from counterapp.services.errors import NotPermitted
from counterapp.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.queue_support import STAFF_IDS, open_site, site_actor
from tests.sync_support import (
    auth_headers,
    enrol,
    post_batch,
    reader_headers,
    station_credential,
)
from tests.trust_support import AT, boundaries, samples, served


@dataclass
class Server:
    url: str
    app: FastAPI

    def queue(self, station: str = "WHB-01", site: str = "WHB") -> RemoteQueue:
        return RemoteQueue(self.url, site, credential=station_credential(station))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Server]:
    def prepare(app: FastAPI) -> None:
        open_site(app)
        enrol(app, "ELM-01", "ELM")

    for base, app, _url in served(request.param, tmp_path, prepare):
        yield Server(base, app)


def entry(kind: str, payload: dict[str, Any], seq: int = 1) -> dict[str, Any]:
    return {"id": payload["id"], "seq": seq, "kind": kind, "created_at": AT, "payload": payload}


def batch(station: str, *entries: dict[str, Any]) -> dict[str, Any]:
    return {"station_code": station, "entries": list(entries)}


# --- every caller proven -------------------------------------------------------------


def test_the_queue_answers_no_one_without_a_credential(server: Server) -> None:
    base = f"{server.url}/api/v1/queue/WHB"
    body = {"actor": site_actor("gail").model_dump(), "request_id": uuid7(), "category": "T"}
    bare = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    answers = [
        httpx.get(f"{base}/snapshot", headers=bare, timeout=10),
        httpx.post(f"{base}/tickets", json=body, headers=bare, timeout=10),
        httpx.post(f"{base}/call-next", json={"actor": body["actor"]}, headers=bare, timeout=10),
        httpx.get(f"{base}/events", headers=bare, timeout=10),
        httpx.get(f"{base}/measures", params={"day": "2026-11-23"}, headers=bare, timeout=10),
    ]
    for answer in answers:
        assert answer.status_code == 401, answer.text
        assert "not registered" in answer.json()["detail"]
    # Nothing was issued: the site's own station sees an empty queue.
    assert server.queue().snapshot().waiting == []


def test_a_station_of_another_site_is_refused(server: Server) -> None:
    other = server.queue("ELM-01", site="WHB")
    with pytest.raises(NotPermitted, match="belongs to site ELM, not WHB"):
        other.snapshot()
    with pytest.raises(NotPermitted, match="belongs to site ELM"):
        other.issue(site_actor("gail", "ELM-01"), request_id=uuid7(), category="T")
    answer = httpx.get(
        f"{server.url}/api/v1/queue/WHB/events", headers=auth_headers("ELM-01"), timeout=10
    )
    assert answer.status_code == 403


def test_a_revoked_station_is_refused(server: Server) -> None:
    q = server.queue("WHB-02")
    q.snapshot()
    revoke_station(server.app.state.sessions[1], "WHB-02")
    with pytest.raises(NotPermitted, match="revoked by head office"):
        q.snapshot()


def test_the_staff_member_must_be_the_sites_with_the_role_claimed(server: Server) -> None:
    q = server.queue()
    q.issue(site_actor("gail"), request_id=uuid7(), category="T")
    # An associate claiming to be a supervisor.
    with pytest.raises(NotPermitted, match="published as 'associate', not 'supervisor'"):
        q.call_next(site_actor("alex", role="supervisor"))
    # Someone head office never published.
    stranger = site_actor("alex").model_copy(update={"username": "mallory"})
    with pytest.raises(NotPermitted, match="not one of site WHB's published staff"):
        q.call_next(stranger)
    # A published name with another id.
    with pytest.raises(NotPermitted, match="staff id does not match"):
        q.call_next(site_actor("alex").model_copy(update={"staff_id": uuid7()}))
    # A station acting as another.
    with pytest.raises(NotPermitted, match="cannot act as station WHB-02"):
        q.call_next(site_actor("alex", "WHB-02"))
    # A greeter may issue but not call (the engine's rule, on the published role).
    with pytest.raises(NotPermitted, match="greeter may not call"):
        q.call_next(site_actor("gail"))
    assert len(q.snapshot().waiting) == 1
    called = q.call_next(site_actor("sam"))  # the real supervisor
    assert called.called_by == STAFF_IDS["sam"]


def test_visitor_names_stay_at_the_site(server: Server) -> None:
    q = server.queue()
    q.issue(site_actor("gail"), request_id=uuid7(), category="T", visitor_name="Robin Visitor")
    assert q.snapshot().waiting[0].visitor_name == "Robin Visitor"

    # A head-office user (issue 14's hook) may look, without the names.
    def head_office(request: Request, permission: str) -> HeadOfficeUser | None:
        if request.headers.get("Authorization") == "Bearer finance":
            return HeadOfficeUser("fran", "finance")
        return None

    server.app.state.head_office_permission = head_office
    seen = httpx.get(
        f"{server.url}/api/v1/queue/WHB/snapshot",
        headers={"Authorization": "Bearer finance"},
        timeout=10,
    )
    assert seen.status_code == 200
    assert [t["visitor_name"] for t in seen.json()["waiting"]] == [""]
    assert "Robin" not in seen.text
    refused = httpx.get(
        f"{server.url}/api/v1/queue/WHB/snapshot",
        headers={"Authorization": "Bearer guess"},
        timeout=10,
    )
    assert refused.status_code == 401


# --- a station speaks only for itself ------------------------------------------------


def test_another_stations_receipt_number_is_refused_and_never_blocks_it(server: Server) -> None:
    enrol_b = samples("WHB-02")["sale"]  # station B's real first sale
    forged = samples("WHB-01")["sale"]
    forged["receipt_no"] = enrol_b["receipt_no"]  # "WHB-02-000001", sent by A

    refused = post_batch(server.url, batch("WHB-01", entry("sale", forged)), "WHB-01")
    assert refused.status_code == 422
    assert "receipt_no 'WHB-02-000001' is not station WHB-01's" in refused.json()["detail"]

    accepted = post_batch(server.url, batch("WHB-02", entry("sale", enrol_b)), "WHB-02")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["stored"] == 1


def test_a_record_naming_another_site_is_refused(server: Server) -> None:
    for kind in ("sale", "shift", "queue_event"):
        payload = samples("WHB-01", site="ELM")[kind]
        answer = post_batch(server.url, batch("WHB-01", entry(kind, payload)), "WHB-01")
        assert answer.status_code == 422
        assert "site_code 'ELM' is not station WHB-01's site 'WHB'" in answer.json()["detail"]


# --- every input bounded -------------------------------------------------------------


def test_every_record_kinds_boundaries_get_a_422_naming_the_field(server: Server) -> None:
    fed = 0
    with httpx.Client(headers=auth_headers("WHB-01"), timeout=20) as http:
        for kind, payload in samples().items():
            for mutation in boundaries(kind, payload):
                body = batch("WHB-01", entry(kind, mutation.apply(payload)))
                # As Python writes it: Infinity and NaN too, which JSON itself has not.
                answer = http.post(
                    f"{server.url}/api/v1/batches",
                    content=json.dumps(body),
                    headers={"Content-Type": "application/json"},
                )
                assert answer.status_code == 422, (mutation, answer.text)
                assert mutation.field in answer.json()["detail"], (mutation, answer.text)
                fed += 1
        # And every sample as it is goes in, in one batch.
        good = [entry(k, p, i + 1) for i, (k, p) in enumerate(samples(seq=2).items())]
        answer = http.post(f"{server.url}/api/v1/batches", json=batch("WHB-01", *good))
        assert answer.status_code == 200, answer.text
    assert fed > 250


def test_hostile_bodies_get_a_4xx_never_a_5xx(server: Server) -> None:
    headers = auth_headers("WHB-01")
    url = f"{server.url}/api/v1/batches"
    deep = "[" * 1000 + "]" * 1000
    raw = [
        '{"station_code": "WHB-01", "entries": ' + deep + "}",
        deep,
        '{"station_code": "' + "W" * 5000 + '", "entries": []}',
        '{"station_code": "WHB-01\\u0000", "entries": []}',
        "not json",
    ]
    for body in raw:
        answer = httpx.post(url, content=body, headers=headers, timeout=20)
        assert 400 <= answer.status_code < 500, (body[:40], answer.status_code)
    for path in ("/api/v1/queue/WHB/tickets", "/api/v1/register"):
        answer = httpx.post(f"{server.url}{path}", content=deep, headers=headers, timeout=20)
        assert answer.status_code == 422 and "nests deeper" in answer.json()["detail"]
    # A long site in the path (no such site: 404), a huge Last-Event-ID: refused, not
    # stored or crashed.
    answer = httpx.get(f"{server.url}/api/v1/queue/{'S' * 300}/snapshot", headers=headers)
    assert answer.status_code == 404
    answer = httpx.get(
        f"{server.url}/api/v1/queue/WHB/events",
        headers={**headers, "Last-Event-ID": "9" * 40},
        timeout=10,
    )
    assert answer.status_code == 422


def _raw_request(base: str, head: str, body: bytes = b"") -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        chunks = []
        while True:
            try:
                got = sock.recv(65536)
            except OSError:
                break
            if not got:
                break
            chunks.append(got)
            if b"\r\n\r\n" in b"".join(chunks) and b"}" in got:
                break
        return b"".join(chunks)


def test_a_body_over_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    credential = station_credential("WHB-01")
    head = (
        "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Counterapp-Protocol: 1\r\nX-Counterapp-Station: {credential.station_code}\r\n"
        f"Authorization: Bearer {credential.secret}\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n"
    )
    answer = _raw_request(server.url, head, b"{")  # 50 MB announced, 1 byte sent
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert b"larger than" in answer

    # Streamed without a length: counted, cut off at the limit.
    def chunks() -> Iterator[bytes]:
        yield b'{"station_code": "WHB-01", "entries": [' + b" " * (MAX_BATCH_BODY)
        yield b"]}"

    answer2 = httpx.post(
        f"{server.url}/api/v1/batches",
        content=chunks(),
        headers=auth_headers("WHB-01"),
        timeout=20,
    )
    assert answer2.status_code == 413

    # A queue call is small: 100 kB is refused.
    answer3 = httpx.post(
        f"{server.url}/api/v1/queue/WHB/call-next",
        json={"actor": {"x": "y" * 100_000}},
        headers=auth_headers("WHB-01"),
        timeout=20,
    )
    assert answer3.status_code == 413


def test_an_unknown_caller_is_refused_before_its_body_is_read(server: Server) -> None:
    head = (
        "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "X-Counterapp-Protocol: 1\r\nContent-Length: 4000000\r\n"
    )
    # 4 MB announced (under the limit), none sent: the 401 comes without waiting for it.
    answer = _raw_request(server.url, head)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:100]


def test_two_huge_sales_never_break_the_summary(server: Server) -> None:
    huge = 2**62  # what no station can send any more, already stored
    with server.app.state.engine.begin() as conn:
        for i in (1, 2):
            conn.execute(
                insert(server_db.Sale),
                {
                    "id": uuid7(),
                    "receipt_no": f"OLD-{i}",
                    "station_code": "WHB-01",
                    "site_code": "WHB",
                    "seq": i,
                    "staff_id": "x",
                    "completed_at": datetime.fromisoformat(AT),
                    "subtotal_cents": huge,
                    "tax_cents": 0,
                    "total_cents": huge,
                    "rounding_cents": 0,
                    "change_cents": 0,
                },
            )
    for _ in range(2):
        answer = httpx.get(
            f"{server.url}/api/v1/summary", headers=reader_headers(server.app), timeout=10
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["total_cents"] == 2 * huge


def test_refusals_are_logged_once_with_the_station_and_no_values(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    payload = samples("WHB-01")["commission_log"]
    payload["deponent_name"] = "Dana Deponent" + "\x00"
    post_batch(server.url, batch("WHB-01", entry("commission_log", payload)), "WHB-01")
    q = server.queue()
    with pytest.raises(NotPermitted):
        q.call_next(site_actor("alex", role="supervisor"))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Dana" not in text
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert any("WHB-01" in r.getMessage() and "deponent_name" in r.getMessage() for r in refused)
    assert sum("published as" in r.getMessage() for r in refused) == 1
    assert not any(r.exc_info for r in caplog.records)


def test_a_client_that_goes_away_is_one_line(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    credential = station_credential("WHB-01")
    head = (
        "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Counterapp-Protocol: 1\r\nX-Counterapp-Station: {credential.station_code}\r\n"
        f"Authorization: Bearer {credential.secret}\r\nContent-Length: 5000\r\n\r\n"
    )
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + json.dumps({"station_code": "WHB-01"}).encode()[:10])
    # The next request is answered (the server is fine) and the log has no traceback.
    assert httpx.get(f"{server.url}/api/v1/health", timeout=10).status_code == 200
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any(
        "went away" in r.getMessage() for r in caplog.records
    ):
        time.sleep(0.05)
    gone = [r for r in caplog.records if "went away" in r.getMessage()]
    assert len(gone) == 1 and "WHB-01" in gone[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


# --- what a record references is the station's own (issue 15) ------------------------


def _void_of(sale: dict[str, Any], station: str, site: str, kind: str = "void") -> dict[str, Any]:
    """A void (or refund) at ``station`` of ``sale``."""
    v = samples(station, site=site, seq=sale["seq"] + 500)["sale"]
    v.update(
        kind=kind,
        original_sale_id=sale["id"],
        reason="wrong service",
        approved_by=uuid7(),
        change_cents=0,
        subtotal_cents=-4000,
        total_cents=-4000,
    )
    v["lines"][0].update(unit_fee_cents=-2000, amount_cents=-4000)
    v["tenders"][0].update(tendered_cents=-4000, applied_cents=-4000)
    return v


def _security_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("security:")]


def test_another_stations_intake_number_is_refused_and_never_blocks_it(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    number = "SR-WHB-01-000042"
    for station, site in (("WHB-02", "WHB"), ("ELM-01", "ELM")):
        forged = samples(station, site=site)["intake"]
        forged["reference_no"] = number
        caplog.clear()
        refused = post_batch(server.url, batch(station, entry("intake", forged)), station)
        assert refused.status_code == 422, refused.text
        assert f"reference_no '{number}' is not one of station {station}'s" in refused.text
        (line,) = _security_lines(caplog)
        assert station in line and "reference_no" in line
    # The prefix is the kind's: a complaint is numbered CP-…, never SR-….
    complaint = samples("WHB-01")["intake"]
    complaint.update(kind="complaint", reference_no=number)
    refused = post_batch(server.url, batch("WHB-01", entry("intake", complaint)), "WHB-01")
    assert refused.status_code == 422 and "reference_no" in refused.text

    real = samples("WHB-01")["intake"]
    real["reference_no"] = number
    accepted = post_batch(server.url, batch("WHB-01", entry("intake", real)), "WHB-01")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["stored"] == 1
    from counterapp.server.service_requests import ServiceRequest

    with server.app.state.sessions[0]() as s:
        held = s.query(ServiceRequest).filter_by(reference_no=number).one()
        assert (held.id, held.station_code) == (real["id"], "WHB-01")


def test_a_registration_changes_only_at_the_station_that_holds_it(server: Server) -> None:
    from counterapp.server.programs import ProgramSeat

    seat = samples("WHB-01")["registration"]
    ok = post_batch(server.url, batch("WHB-01", entry("registration", seat)), "WHB-01")
    assert ok.status_code == 200, ok.text
    for station, site in (("ELM-01", "ELM"), ("WHB-02", "WHB")):
        cancel = samples(station, site=site)["registration"]
        cancel.update(
            registration_id=seat["registration_id"],
            service_code=seat["service_code"],
            status="cancelled",
        )
        refused = post_batch(server.url, batch(station, entry("registration", cancel)), station)
        assert refused.status_code == 422, refused.text
        assert (
            f"registration_id {seat['registration_id']} is a seat sold at station WHB-01"
            in (refused.json()["detail"])
        )
    with server.app.state.sessions[0]() as s:
        assert s.get(ProgramSeat, seat["registration_id"]).cancelled_at is None

    own = samples("WHB-01")["registration"]
    own.update(
        registration_id=seat["registration_id"],
        service_code=seat["service_code"],
        status="cancelled",
    )
    ok = post_batch(server.url, batch("WHB-01", entry("registration", own)), "WHB-01")
    assert ok.status_code == 200, ok.text
    with server.app.state.sessions[0]() as s:
        assert s.get(ProgramSeat, seat["registration_id"]).cancelled_at is not None


def test_a_station_acts_only_on_its_own_sales_and_shifts(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    theirs = samples("WHB-01", seq=7)
    ok = post_batch(
        server.url,
        batch("WHB-01", entry("shift", theirs["shift"], 1), entry("sale", theirs["sale"], 2)),
        "WHB-01",
    )
    assert ok.status_code == 200, ok.text
    sale, line_id = theirs["sale"], theirs["sale"]["lines"][0]["id"]

    attempts: list[tuple[str, str, dict[str, Any], str]] = [
        ("ELM-01", "sale", _void_of(sale, "ELM-01", "ELM"), "original_sale_id"),
        ("WHB-02", "sale", _void_of(sale, "WHB-02", "WHB"), "original_sale_id"),
        ("WHB-02", "sale", _void_of(sale, "WHB-02", "WHB", "refund"), "original_sale_id"),
    ]
    for station, site in (("ELM-01", "ELM"), ("WHB-02", "WHB")):
        mine = samples(station, site=site, seq=8)
        for kind in ("stock_issue", "commission_log", "registration"):
            p = dict(mine[kind], sale_id=sale["id"], sale_line_id=line_id)
            attempts.append((station, kind, p, "sale_id"))
            # Its own (unknown) sale, another station's line: still refused.
            attempts.append((station, kind, dict(mine[kind], sale_line_id=line_id), "sale_line_id"))
        for kind in ("cash_movement", "shift_count", "shift_close", "shift_adjustment"):
            p = dict(mine[kind], shift_id=theirs["shift"]["id"])
            attempts.append((station, kind, p, "shift_id"))
        attempts.append(
            (station, "sale", dict(mine["sale"], shift_id=theirs["shift"]["id"]), "shift_id")
        )
    for station, kind, payload, field in attempts:
        caplog.clear()
        refused = post_batch(server.url, batch(station, entry(kind, payload)), station)
        assert refused.status_code == 422, (station, kind, field, refused.text)
        detail = refused.json()["detail"]
        assert f"{field} " in detail and "station WHB-01's" in detail, (kind, detail)
        (line,) = _security_lines(caplog)
        assert f"station {station} refused" in line and field in line

    # Nothing of it was stored; the owner's own void, issue and log go through.
    own = samples("WHB-01", seq=9)
    ok = post_batch(
        server.url,
        batch(
            "WHB-01",
            entry("sale", _void_of(sale, "WHB-01", "WHB"), 3),
            entry(
                "stock_issue", dict(own["stock_issue"], sale_id=sale["id"], sale_line_id=line_id), 4
            ),
            entry("cash_movement", dict(own["cash_movement"], shift_id=theirs["shift"]["id"]), 5),
        ),
        "WHB-01",
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["stored"] == 3


def test_an_id_another_station_took_first_is_named(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    claimed = uuid7()
    first = samples("ELM-01", site="ELM", seq=3)["sale"]
    first["lines"][0]["id"] = claimed
    ok = post_batch(server.url, batch("ELM-01", entry("sale", first)), "ELM-01")
    assert ok.status_code == 200, ok.text

    rightful = samples("WHB-01", seq=3)["sale"]
    rightful["lines"][0]["id"] = claimed
    caplog.clear()
    refused = post_batch(server.url, batch("WHB-01", entry("sale", rightful)), "WHB-01")
    assert refused.status_code == 409, refused.text
    detail = refused.json()["detail"]
    assert f"lines[0].id {claimed} is already used by station ELM-01's sale {first['id']}" in (
        detail
    )
    (line,) = _security_lines(caplog)
    assert "station WHB-01 refused" in line and claimed in line and "ELM-01" in line
    # Sent again unchanged (a resend of its own sale): no conflict with itself.
    again = post_batch(server.url, batch("ELM-01", entry("sale", first)), "ELM-01")
    assert again.status_code == 200 and again.json()["duplicates"] == 1


def test_a_copied_record_is_refused_and_shown_to_finance_once(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    from counterapp.server.chain import verify_all

    caplog.set_level(logging.INFO)
    original = samples("WHB-01")["audit"]
    ok = post_batch(server.url, batch("WHB-01", entry("audit", original)), "WHB-01")
    assert ok.status_code == 200, ok.text

    copied = dict(original, station_code="WHB-02")  # its station code changed
    for status, payload in ((409, copied), (409, copied), (422, original)):  # verbatim: 422
        caplog.clear()
        refused = post_batch(server.url, batch("WHB-02", entry("audit", payload)), "WHB-02")
        assert refused.status_code == status, refused.text
        assert any("station WHB-02 refused" in line for line in _security_lines(caplog))

    # A sale copied with its station changed: refused for its receipt number, noted too.
    sale = samples("WHB-01", seq=4)["sale"]
    ok = post_batch(server.url, batch("WHB-01", entry("sale", sale)), "WHB-01")
    assert ok.status_code == 200, ok.text
    copied_sale = dict(sale, station_code="ELM-01", site_code="ELM")
    refused = post_batch(server.url, batch("ELM-01", entry("sale", copied_sale)), "ELM-01")
    assert refused.status_code == 422 and "receipt_no" in refused.text

    problems = httpx.get(
        f"{server.url}/api/v1/chain/problems", headers=reader_headers(server.app), timeout=10
    ).json()
    copies = sorted(
        (p["station_code"], p["record_id"], p["detail"]) for p in problems if p["kind"] == "copied"
    )
    assert [c[:2] for c in copies] == [("ELM-01", sale["id"]), ("WHB-02", original["id"])]
    assert all("held for station WHB-01" in c[2] for c in copies)
    with server.app.state.sessions[0]() as s:
        found = sorted((p.station_code, p.record_id) for p in verify_all(s) if p.kind == "copied")
    assert found == [c[:2] for c in copies]


def test_an_intake_number_a_station_used_twice_keeps_the_first_and_says_so(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    from counterapp.server.service_requests import ServiceRequest

    caplog.set_level(logging.INFO)
    first, again = samples("WHB-01")["intake"], samples("WHB-01")["intake"]
    again["reference_no"] = first["reference_no"]  # a replaced PC that numbered again
    for seq, payload in ((1, first), (2, again)):
        ok = post_batch(server.url, batch("WHB-01", entry("intake", payload, seq)), "WHB-01")
        assert ok.status_code == 200 and ok.json()["stored"] == 1, ok.text
    with server.app.state.sessions[0]() as s:
        held = s.query(ServiceRequest).filter_by(reference_no=first["reference_no"]).one()
        assert held.id == first["id"]
    logged = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("counterapp") and again["id"] in r.getMessage()
    ]
    assert len(logged) == 1 and first["reference_no"] in logged[0]
    assert "Chris" not in logged[0]
