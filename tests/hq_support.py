"""Helpers for head office's tests (issue 14): users and tokens on a server
app, a signed-in ``httpx`` client, and a real day at two stations: drawers
opened, sales, a void, a refund, a paid-out, a pickup, blind counts and
sign-offs on real station SQLite files, pushed to the real server."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select, update

from counterapp.db.models import Shift, ShiftClose, Station
from counterapp.domain.cash_count import CashCount
from counterapp.domain.tender import TenderKind
from counterapp.server.hq.auth import Principal, add_user, new_token
from counterapp.server.hq.models import HqUser
from counterapp.services import drawer
from counterapp.services.approval import SupervisorApproval
from counterapp.services.corrections import RefundLine, RefundSale, VoidSale, refund_sale, void_sale
from counterapp.sync.client import push_pending
from tests.drawer_support import SAM, Desk, open_desk
from tests.sync_support import enrol, station_credential

PASSWORD = "correct horse battery staple"
ROLE_USERS = {"finance": "fran", "administrator": "ada", "manager": "mia"}
CASH, DEBIT, CHEQUE = TenderKind.CASH, TenderKind.DEBIT, TenderKind.CHEQUE
#: The test day: 2026-11-30 in Toronto (UTC−5): sales from 14:00 UTC (09:00 local).
DAY = "2026-11-30"
MORNING = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def add_role_users(app: FastAPI) -> None:
    """fran (finance), ada (administrator), mia (manager), all with ``PASSWORD``."""
    writers = app.state.sessions[1]
    for role, name in ROLE_USERS.items():
        add_user(writers, name, role, PASSWORD, display_name=name.title())


def token_for(app: FastAPI, username: str, name: str = "tests") -> str:
    readers, writers = app.state.sessions
    with readers() as s:
        u = s.scalars(select(HqUser).where(HqUser.username == username)).one()
    who = Principal(u.id, u.username, u.display_name, u.role, u.active, u.language, "session")
    return new_token(writers, who, name)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in_answer(client: httpx.Client, username: str, password: str = PASSWORD) -> Any:
    """The sign-in page's answer to ``username`` and ``password`` (a redirect when
    they are right), sent with the page's own CSRF token as a browser would."""
    page = client.get("/hq/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    return client.post(
        "/hq/login",
        data={"csrf_token": token.group(1), "username": username, "password": password},
        follow_redirects=False,
    )


def signed_in(base_url: str, username: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """(a client holding the session cookie, the session's CSRF token)."""
    client = httpx.Client(base_url=base_url, timeout=20)
    answer = sign_in_answer(client, username, password)
    assert answer.status_code in (200, 303) and "hq_session" in client.cookies, answer.text
    account = client.get("/hq/account")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', account.text)
    assert csrf, account.text
    return client, csrf.group(1)


def rename_station(desk: Desk, code: str, site: str, site_name: str) -> None:
    with desk.session_factory() as s, s.begin():
        s.execute(update(Station).values(code=code, site_code=site, site_name=site_name))


@dataclass
class StationDay:
    desk: Desk
    code: str
    z_reports: list[dict[str, Any]] = field(default_factory=list)
    deposits: list[dict[str, Any]] = field(default_factory=list)


def run_station_day(
    desk: Desk, code: str, *, start: datetime = MORNING, short: bool = False
) -> StationDay:
    """Two drawers at one station through a whole day, signed off.

    alex: parking permits (HST) and tax certificates in cash and debit, a
    cheque, a void, a paid-out and a pickup; jordan: a room rental and a
    refund. ``short``: alex's count is $10.00 short (with a reason)."""
    t = start
    step = timedelta(minutes=7)
    sam = SupervisorApproval("sam", "supervisor")
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})), now=t)
    drawer.open_shift(
        desk.uow(), drawer.OpenShift(desk.jordan, CashCount.of({"20": 5}), drawer_code="2"), now=t
    )
    t += step
    desk.sell(desk.alex, (("PMT-PARK", 1),), ((CASH, 10_000),), at=t)  # 67.80
    t += step
    keyed_twice = desk.sell(desk.alex, (("CER-TAX", 1),), ((DEBIT, 5_000),), at=t)
    t += step
    desk.sell(desk.alex, (("CER-TAX", 2), ("PMT-PARK", 1)), ((CHEQUE, 16_780, "CHQ 301"),), at=t)
    t += step
    void_sale(desk.uow(), VoidSale(desk.alex, keyed_twice.receipt_no, "Keyed twice", sam), now=t)
    t += step
    drawer.record_paid_out(
        desk.uow(),
        drawer.RecordPaidOut(
            desk.alex, 1_250, "Courier for council package", "5990-310", approval=sam
        ),
        now=t,
    )
    t += step
    drawer.record_pickup(desk.uow(), drawer.RecordPickup(desk.alex, CashCount.of({"20": 2})), now=t)
    t += step
    room = desk.sell(desk.jordan, (("RNT-ROOM", 2),), ((CASH, 8_000),), at=t)  # 79.10 → 79.10
    t += step
    desk.sell(desk.jordan, (("TST-15", 3),), ((DEBIT, 4_500),), at=t)
    t += step
    refund_sale(
        desk.uow(),
        RefundSale(
            desk.jordan, room.receipt_no, (RefundLine(1, 3_955),), "Half the booking cancelled", sam
        ),
        now=t,
    )
    t += step
    for who in (desk.alex, desk.jordan):
        status = drawer.drawer_status(desk.uow(), who.id)
        assert status is not None
        shift_id = status.shift.id
        # The associate counts what is there: here, what the station's own figures expect.
        with desk.uow() as uow:
            shift = uow.session.get(Shift, shift_id)
            assert shift is not None
            figures = drawer._figures(uow.session, shift, None)
        cash = figures.expected["cash"] - (1_000 if short and who is desk.alex else 0)
        other = {k: v for k, v in figures.expected.items() if k not in ("cash", "cheque") and v}
        cheques = tuple(drawer.ChequeCount(ref, cents) for _r, ref, cents in figures.cheques)
        drawer.submit_count(
            desk.uow(), drawer.SubmitCount(who, _cash_of(cash), cheques, other), now=t
        )
        t += step
        reason = "Change given twice" if short and who is desk.alex else ""
        drawer.sign_off(desk.uow(), drawer.SignOff(shift_id, SAM, reason), now=t)
        t += step
    day = StationDay(desk, code)
    with desk.uow() as uow:
        for close in uow.session.scalars(select(ShiftClose).order_by(ShiftClose.at)):
            day.z_reports.append(dict(close.z_report))
            day.deposits.append(dict(close.deposit))
    return day


def _cash_of(cents: int) -> CashCount:
    """A count of exactly ``cents`` in twenties, fives, loonies and small coins."""
    pieces: dict[str, int] = {}
    for code, value in (("20", 2_000), ("5", 500), ("1", 100), ("0.25", 25), ("0.05", 5)):
        n, cents = divmod(cents, value)
        if n:
            pieces[code] = n
    assert cents == 0, f"{cents} cents cannot be counted in Canadian coins"
    return CashCount.of(pieces)


def push(desk: Desk, base_url: str, code: str) -> None:
    result = push_pending(desk.session_factory, base_url, credential=station_credential(code))
    assert result.error is None, result.error


def publish_station_staff(app: FastAPI, desk: Desk) -> None:
    """Head office publishes the staff the station knows, under the same ids
    (in production the ids are head office's: stations pull them)."""
    from counterapp.db.models import Staff
    from counterapp.server.reference import Publish, publish

    with desk.session_factory() as s:
        people = [
            {
                "id": p.id,
                "username": p.username,
                "display_name": p.display_name,
                "role": p.role,
                "password_hash": p.password_hash,
                "is_commissioner": p.is_commissioner,
                "active": p.active,
                "pin_hash": p.pin_hash,
            }
            for p in s.scalars(select(Staff))
        ]
    publish(app.state.sessions[1], [Publish("staff", p) for p in people])


def two_stations_pushed(
    template: Path, folder: Path, app: FastAPI, base_url: str, *, short: bool = True
) -> list[StationDay]:
    """WHB-01 (site WHB) and OSH-01 (site OSH) each run a day and push it."""
    out = []
    for code, site, name in (
        ("WHB-01", "WHB", "Service Whitby"),
        ("OSH-01", "OSH", "Service Oshawa"),
    ):
        (folder / code).mkdir(parents=True, exist_ok=True)
        desk = open_desk(template, folder / code)
        rename_station(desk, code, site, name)
        enrol(app, code, site)
        if not out:
            publish_station_staff(app, desk)
        day = run_station_day(desk, code, short=short and code == "WHB-01")
        from counterapp.sync.protocol import save_credential

        save_credential(desk.path.parent, station_credential(code))
        push(desk, base_url, code)
        out.append(day)
    return out


def queue_morning(
    app: FastAPI, site: str, actors: list[Any], start: datetime = MORNING
) -> dict[str, int]:
    """A morning at the site's queue, run by the server's own engine: tickets
    in three categories, called by turns and served, one no-show. Returns what
    happened (arrivals, served, no-shows)."""
    from counterapp.ids import uuid7

    engine = app.state.queue_sites.engine(site)
    writers = app.state.sessions[1]
    t = start
    issued = served = no_shows = 0
    plan = ["T", "T", "C", "L", "T", "C", "T", "L"]
    tickets: list[str] = []
    for i, letter in enumerate(plan):
        with writers() as s, s.begin():
            out = engine.issue(s, actors[0], request_id=uuid7(), category=letter, now=t)
        tickets.append(out.result.ticket.id)
        issued += 1
        t += timedelta(minutes=4 + (i % 3) * 3)
    for i, _ticket in enumerate(tickets):
        actor = actors[1 + i % (len(actors) - 1)]
        with writers() as s, s.begin():
            called = engine.call_next(s, actor, now=t)
        t += timedelta(minutes=3)
        with writers() as s, s.begin():
            if i == 3:
                for _recall in range(2):
                    engine.recall(s, actor, ticket_id=called.result.id, now=t)
                engine.no_show(s, actor, ticket_id=called.result.id, now=t)
                no_shows += 1
            else:
                engine.close(s, actor, ticket_id=called.result.id, now=t)
                served += 1
        t += timedelta(minutes=2)
    return {"issued": issued, "served": served, "no_shows": no_shows}
