"""The site queue's API keeps each site to itself and refuses what its columns
cannot hold (an outside probe's findings F6 and F9), over real HTTP on SQLite
and PostgreSQL: a request id is its site's own; every queue body's text is
bounded like its column and free of control characters, its flags are JSON
booleans, and a refusal says "request refused" naming the field; a site head
office does not know has no queue (404), and asking for one makes nothing."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from sqlalchemy import String, insert, inspect, select, text

from counterapp.db.engine import make_engine, migrate
from counterapp.ids import uuid7
from counterapp.queue.engine import MAX_CONTACT, MAX_NAME, MAX_NOTE
from counterapp.queue.settings import QueueSettings
from counterapp.server.access import HeadOfficeUser
from counterapp.server.db import make_server_engine
from counterapp.server.migrate import upgrade_server
from counterapp.server.queue import SERVER_QUEUE
from counterapp.server.reference import Publish, publish
from tests.queue_support import SITE_STAFF, STAFF_IDS, open_site
from tests.sync_support import auth_headers, enrol, reader_headers, scratch_database
from tests.trust_support import served


@dataclass
class Server:
    url: str
    app: FastAPI

    def post(self, site: str, path: str, body: dict[str, Any], station: str) -> httpx.Response:
        return httpx.post(
            f"{self.url}/api/v1/queue/{site}{path}",
            json=body,
            headers=auth_headers(station),
            timeout=20,
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    def prepare(app: FastAPI) -> None:
        open_site(app)  # WHB-00 … WHB-04, and staff published for every site
        enrol(app, "ELM-01", "ELM")

    for base, app, _url in served(request.param, tmp_path, prepare, "counterapp_qtrust"):
        yield Server(base, app)


def actor(name: str, station: str = "WHB-01") -> dict[str, Any]:
    return {
        "staff_id": STAFF_IDS[name],
        "username": name,
        "role": SITE_STAFF[name],
        "station_code": station,
        "counter": f"Counter {name}",
    }


def tomorrow_at_ten() -> str:
    zone = QueueSettings.load().zone
    day = datetime.now(zone).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=zone).astimezone(UTC).isoformat()


# --- F6: a request id is its site's own ----------------------------------------------


def test_a_request_id_never_reveals_or_blocks_another_sites_ticket(server: Server) -> None:
    request_id = "double-press-1"
    whb = server.post(
        "WHB",
        "/tickets",
        {
            "actor": actor("gail"),
            "request_id": request_id,
            "category": "T",
            "visitor_name": "Zoë Côté",
        },
        "WHB-01",
    )
    assert whb.status_code == 200, whb.text
    elm = server.post(
        "ELM",
        "/tickets",
        {"actor": actor("gail", "ELM-01"), "request_id": request_id, "category": "T"},
        "ELM-01",
    )
    assert elm.status_code == 200, elm.text
    assert "Zoë" not in elm.text and "Côté" not in elm.text
    assert not elm.json()["repeated"]
    assert elm.json()["ticket"]["id"] != whb.json()["ticket"]["id"]
    # The other way round: an id another site took first is no obstacle.
    other = uuid7()
    first = server.post(
        "ELM",
        "/tickets",
        {
            "actor": actor("gail", "ELM-01"),
            "request_id": other,
            "category": "T",
            "visitor_name": "Elm Person",
        },
        "ELM-01",
    )
    mine = server.post(
        "WHB",
        "/tickets",
        {"actor": actor("gail"), "request_id": other, "category": "T", "visitor_name": "Whb"},
        "WHB-01",
    )
    assert first.status_code == mine.status_code == 200, mine.text
    assert not mine.json()["repeated"] and mine.json()["ticket"]["visitor_name"] == "Whb"
    assert "Elm Person" not in mine.text
    # A double press at the site still answers with the site's own first ticket.
    again = server.post(
        "WHB", "/tickets", {"actor": actor("gail"), "request_id": other, "category": "T"}, "WHB-01"
    )
    assert again.json()["repeated"] and again.json()["ticket"]["id"] == mine.json()["ticket"]["id"]
    # Quick serve and check-in take their ids through the same rule.
    walk_in = {"actor": actor("alex"), "request_id": request_id, "category": "T"}
    served_at = server.post("WHB", "/walk-ins", walk_in, "WHB-01")
    assert served_at.status_code == 200, served_at.text  # WHB's own ticket, already issued
    assert served_at.json()["id"] == whb.json()["ticket"]["id"]
    walk_in["actor"] = actor("alex", "ELM-02")
    enrol(server.app, "ELM-02", "ELM")
    at_elm = server.post("ELM", "/walk-ins", walk_in, "ELM-02")
    assert at_elm.status_code == 200 and at_elm.json()["id"] == elm.json()["ticket"]["id"]


def test_a_check_in_id_used_at_another_site_checks_in_here(server: Server) -> None:
    booked = {}
    for site, station in (("WHB", "WHB-01"), ("ELM", "ELM-01")):
        answer = server.post(
            site,
            "/appointments",
            {
                "actor": actor("gail", station),
                "at": tomorrow_at_ten(),
                "category": "T",
                "visitor_name": f"{site} Resident",
            },
            station,
        )
        assert answer.status_code == 200, answer.text
        booked[site] = answer.json()["id"]
    request_id = uuid7()
    checked = {}
    for site, station in (("WHB", "WHB-01"), ("ELM", "ELM-01")):
        answer = server.post(
            site,
            f"/appointments/{booked[site]}/check-in",
            {"actor": actor("gail", station), "request_id": request_id},
            station,
        )
        assert answer.status_code == 200, answer.text
        assert not answer.json()["repeated"]
        assert answer.json()["ticket"]["visitor_name"] == f"{site} Resident"
        checked[site] = answer.json()["ticket"]["id"]
    replay = server.post(
        "WHB",
        f"/appointments/{booked['WHB']}/check-in",
        {"actor": actor("gail"), "request_id": request_id},
        "WHB-01",
    )
    assert replay.json()["repeated"] and replay.json()["ticket"]["id"] == checked["WHB"]


def _unique_keys(engine: Any) -> set[tuple[str, ...]]:
    found = inspect(engine).get_unique_constraints("queue_ticket")
    return {tuple(c["column_names"]) for c in found}


def _ticket(site: str, request_id: str) -> dict[str, Any]:
    at = datetime(2026, 11, 23, 14, tzinfo=UTC)
    return {
        "id": uuid7(),
        "site_code": site,
        "day": "2026-11-23",
        "series": "T",
        "number": 1 if site == "WHB" else 2,
        "category": "T",
        "label": "T-001",
        "services": [],
        "priority": False,
        "language_line": False,
        "visitor_name": "",
        "status": "waiting",
        "issued_at": at,
        "waiting_since": at,
        "recalls": 0,
        "transfers": 0,
        "outcome": "",
        "request_id": request_id,
    }


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_servers_migration_makes_request_ids_unique_per_site(kind: str, tmp_path: Path) -> None:
    def check(url: str) -> None:
        engine = make_server_engine(url)
        try:
            upgrade_server(engine, "s1305")
            with engine.begin() as conn:
                conn.execute(insert(SERVER_QUEUE.ticket), [_ticket("WHB", "R")])
            upgrade_server(engine)
            assert ("site_code", "request_id") in _unique_keys(engine)
            assert ("request_id",) not in _unique_keys(engine)
            with engine.begin() as conn:
                conn.execute(insert(SERVER_QUEUE.ticket), [_ticket("ELM", "R")])
                sites = conn.execute(select(SERVER_QUEUE.ticket.c.site_code)).scalars().all()
            assert sorted(sites) == ["ELM", "WHB"]
        finally:
            engine.dispose()

    if kind == "sqlite":
        check(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    else:
        with scratch_database("counterapp_qtrust") as url:
            check(url)


def test_a_station_files_migration_makes_request_ids_unique_per_site(tmp_path: Path) -> None:
    from counterapp.db.models import QUEUE_TABLES
    from counterapp.queue.tables import REQUEST_PER_SITE

    engine = make_engine(tmp_path / "station.sqlite3")
    try:
        migrate(engine, "1502")
        with engine.begin() as conn:
            conn.execute(insert(QUEUE_TABLES.ticket), [_ticket("WHB", "R")])
        migrate(engine)
        assert ("site_code", "request_id") in _unique_keys(engine)
        with engine.begin() as conn:
            conn.execute(insert(QUEUE_TABLES.ticket), [_ticket("ELM", "R")])
            count = conn.execute(text("SELECT count(*) FROM queue_ticket")).scalar()
        assert count == 2
        names = {c["name"] for c in inspect(engine).get_unique_constraints("queue_ticket")}
        assert REQUEST_PER_SITE in names
    finally:
        engine.dispose()


# --- F9: every queue body bounded, refused with a 422 naming the field ----------------


def _bodies() -> dict[str, dict[str, Any]]:
    """A valid body for every queue POST (path after the site → body)."""
    who = actor("alex")
    return {
        "/tickets": {"actor": actor("gail"), "request_id": uuid7(), "category": "T"},
        "/appointments": {"actor": actor("gail"), "at": tomorrow_at_ten(), "category": "T"},
        "/appointments/{appointment_id}/move": {"actor": actor("gail"), "at": tomorrow_at_ten()},
        "/appointments/{appointment_id}/cancel": {"actor": actor("gail")},
        "/appointments/{appointment_id}/no-show": {"actor": actor("gail")},
        "/appointments/{appointment_id}/check-in": {"actor": actor("gail"), "request_id": "r"},
        "/walk-ins": {"actor": who, "request_id": uuid7(), "category": "T"},
        "/answered": {"actor": who, "article_id": uuid7()},
        "/call-next": {"actor": who},
        "/tickets/{ticket_id}/{action}": {"actor": who},
        "/backup": {"actor": actor("gail")},
        "/backup/ack": {"actor": actor("sam")},
    }


def _schema(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _strings_and_flags(
    doc: dict[str, Any], schema: dict[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """(where, schema) of every string (a list's item too) and boolean of a body."""
    for name, prop in _schema(doc, schema).get("properties", {}).items():
        prop = _schema(doc, prop)
        options = [_schema(doc, o) for o in prop.get("anyOf", [prop])]
        for option in options:
            if option.get("type") == "object" or "properties" in option:
                yield from _strings_and_flags(doc, option, (*path, name))
            elif option.get("type") in ("string", "boolean") and not (
                "enum" in option or "format" in option  # a language; a moment
            ):
                yield (*path, name), option
            elif option.get("type") == "array":
                yield (*path, name, "0"), _schema(doc, option["items"])


def _with(body: dict[str, Any], where: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    node: Any = changed
    for key in where[:-1]:
        node = node.setdefault(key, {})
    if where[-1] == "0":
        node.clear()
        node.append(value)
    else:
        node[where[-1]] = value
    return changed


def _list_parent(body: dict[str, Any], where: tuple[str, ...]) -> tuple[str, ...]:
    return where[:-1] if where[-1] == "0" else where


def test_every_queue_fields_bad_value_gets_a_422_naming_it(server: Server) -> None:
    doc = httpx.get(f"{server.url}/openapi.json", timeout=10).json()
    bodies = _bodies()
    posts = [p for p in doc["paths"] if p.startswith("/api/v1/queue/") and "post" in item(doc, p)]
    assert {p.removeprefix("/api/v1/queue/{site}") for p in posts} == set(bodies)
    tried = 0
    with httpx.Client(headers=auth_headers("WHB-01"), timeout=20) as http:
        for full in posts:
            short = full.removeprefix("/api/v1/queue/{site}")
            url = server.url + full.format(
                site="WHB", appointment_id="a", ticket_id="t", action="call"
            )
            op = item(doc, full)["post"]
            schema = op["requestBody"]["content"]["application/json"]["schema"]
            for where, field in _strings_and_flags(doc, schema):
                if where[-1] == "0":  # a list: the list's value holds the bad item
                    base = _with(bodies[short], _list_parent(bodies[short], where), [])
                else:
                    base = bodies[short]
                named = ".".join(where)
                if field["type"] == "boolean":
                    bad_values = [1, "yes", "true", 0]
                else:
                    bad_values = ["a\x00", "a\x01b", "\x7f", "a\u0085", 5]
                    if "maxLength" in field:
                        bad_values.append("x" * (field["maxLength"] + 1))
                for value in bad_values:
                    answer = http.post(url, json=_with(base, where, value))
                    assert answer.status_code == 422, (short, named, value, answer.text)
                    detail = answer.json()["detail"]
                    assert detail.startswith("request refused: "), detail
                    assert f"{named}:" in detail, (short, named, detail)
                    tried += 1
    assert tried > 200


def item(doc: dict[str, Any], path: str) -> dict[str, Any]:
    return doc["paths"][path]


def test_queue_limits_are_the_columns_and_the_engines(server: Server) -> None:
    doc = httpx.get(f"{server.url}/openapi.json", timeout=10).json()
    columns = {
        **{c.name: c for c in SERVER_QUEUE.appointment.c},
        **{c.name: c for c in SERVER_QUEUE.ticket.c},
        **{c.name: c for c in SERVER_QUEUE.event.c},
    }
    checked = 0
    for name in ("IssueBody", "BookBody", "WalkInBody", "TicketActionBody", "Actor"):
        for field, prop in doc["components"]["schemas"][name]["properties"].items():
            column = columns.get(field)
            options = prop.get("anyOf", [prop])
            limits = [o["maxLength"] for o in options if "maxLength" in o]
            if column is not None and isinstance(column.type, String) and limits:
                assert limits == [column.type.length], (name, field, limits)
                checked += 1
    assert checked >= 8
    issue = doc["components"]["schemas"]["IssueBody"]["properties"]
    assert issue["visitor_name"]["maxLength"] == MAX_NAME
    book = doc["components"]["schemas"]["BookBody"]["properties"]
    assert book["contact"]["maxLength"] == MAX_CONTACT
    note = doc["components"]["schemas"]["TicketActionBody"]["properties"]["note"]
    assert note["maxLength"] == MAX_NOTE
    # At the limit it goes in; one over is the wire's 422, never the engine's 409.
    name = "É" * MAX_NAME
    body = {"actor": actor("gail"), "request_id": uuid7(), "category": "T", "visitor_name": name}
    answer = server.post("WHB", "/tickets", body, "WHB-01")
    assert answer.status_code == 200 and answer.json()["ticket"]["visitor_name"] == name
    body = {**body, "request_id": uuid7(), "visitor_name": name + "x"}
    assert server.post("WHB", "/tickets", body, "WHB-01").status_code == 422
    booking = {
        "actor": actor("gail"),
        "at": tomorrow_at_ten(),
        "category": "T",
        "visitor_name": name,
        "contact": "5" * MAX_CONTACT,
    }
    assert server.post("WHB", "/appointments", booking, "WHB-01").status_code == 200
    # A note keeps its lines and tabs.
    ticket = server.post(
        "WHB",
        "/walk-ins",
        {"actor": actor("alex"), "request_id": uuid7(), "category": "T"},
        "WHB-01",
    ).json()
    moved = server.post(
        "WHB",
        f"/tickets/{ticket['id']}/transfer",
        {"actor": actor("alex"), "category": "C", "note": "line one\n\tline two"},
        "WHB-01",
    )
    assert moved.status_code == 200 and "line one\n\tline two" in moved.json()["notes"]


def test_only_a_batch_says_nothing_applied(server: Server) -> None:
    headers = auth_headers("WHB-01")
    queue = httpx.post(
        f"{server.url}/api/v1/queue/WHB/tickets",
        json={"actor": actor("gail"), "request_id": uuid7(), "category": "T", "priority": 1},
        headers=headers,
        timeout=10,
    )
    assert queue.status_code == 422
    assert queue.json()["detail"].startswith("request refused: priority: ")
    assert isinstance(queue.json()["problems"], list)
    register = httpx.post(f"{server.url}/api/v1/register", json={}, headers=headers, timeout=10)
    assert register.status_code == 422
    assert register.json()["detail"].startswith("request refused: ")
    batch = httpx.post(f"{server.url}/api/v1/batches", json={}, headers=headers, timeout=10)
    assert batch.status_code == 422
    assert batch.json()["detail"].startswith("batch refused, nothing applied: ")


# --- F9: a site head office does not know has no queue -------------------------------


def _every_permission(request: Request, permission: str) -> HeadOfficeUser | None:
    if request.headers.get("Authorization") == "Bearer office":
        return HeadOfficeUser("olive", "administrator")
    return None


def _queue_routes(base: str) -> list[tuple[str, str]]:
    doc = httpx.get(f"{base}/openapi.json", timeout=10).json()
    return [
        (method.upper(), path)
        for path, ops in doc["paths"].items()
        if path.startswith("/api/v1/queue/{site}")
        for method in ops
    ]


def test_an_unknown_site_has_no_queue_and_makes_none(server: Server) -> None:
    sites = server.app.state.queue_sites
    office = {"Authorization": "Bearer office"}
    server.app.state.head_office_permission = _every_permission
    routes = _queue_routes(server.url)
    assert len(routes) >= 15
    with httpx.Client(timeout=20) as http:
        known = http.get(f"{server.url}/api/v1/queue/WHB/snapshot", headers=office)
        assert known.status_code == 200, known.text
        before = (dict(sites._engines), dict(sites._hubs), dict(sites._writers))
        for made_up in ["NOPE", "whb", "WHB ", "S" * 300, "ELM-01", "%00"]:
            for method, path in routes:
                url = server.url + path.format(
                    site=made_up, appointment_id="a", ticket_id="t", action="call"
                )
                for headers in (office, auth_headers("WHB-01")):
                    answer = http.request(
                        method,
                        url,
                        params={"day": "2026-12-01", "category": "T"},
                        json={"actor": actor("gail")},
                        headers=headers,
                    )
                    # A NUL is refused at the wire, naming the site, before any route.
                    expected = 422 if made_up == "%00" else 404
                    assert answer.status_code == expected, (made_up, method, path, answer.text)
        assert (dict(sites._engines), dict(sites._hubs), dict(sites._writers)) == before
        # Known: a station's site (ELM-01 is enrolled at ELM), or a site head office published.
        assert (
            http.get(f"{server.url}/api/v1/queue/ELM/snapshot", headers=office).status_code == 200
        )
        blocked = http.get(f"{server.url}/api/v1/queue/ELM/snapshot", headers=auth_headers())
        assert blocked.status_code == 403  # another site's station, as before
        factory = server.app.state.sessions[1]
        publish(
            factory, [Publish("site", {"site_code": "PUB", "site_name": "Pub"}, site_code="PUB")]
        )
        assert (
            http.get(f"{server.url}/api/v1/queue/PUB/snapshot", headers=office).status_code == 200
        )
        # A head-office reader without a credential is still told nothing about sites.
        bare = http.get(f"{server.url}/api/v1/queue/NOPE/snapshot", headers={"Authorization": "x"})
        assert bare.status_code == 401
        # And with issue 14's real sign-in: a manager's token reads a known site only.
        server.app.state.head_office_permission = _real_hook(server.app)
        token = reader_headers(server.app)
        assert http.get(f"{server.url}/api/v1/queue/WHB/snapshot", headers=token).status_code == 200
        unknown = http.get(f"{server.url}/api/v1/queue/ZZZ/measures?day=2026-12-01", headers=token)
        assert unknown.status_code == 404
    assert "ZZZ" not in sites._engines and "NOPE" not in sites._hubs


def _real_hook(app: FastAPI) -> Any:
    from counterapp.server.app import _head_office_user

    return _head_office_user
