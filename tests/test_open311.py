"""Open311 GeoReport v2 at head office (issue 16), driven by a client written
from the published specification (``tests/open311_client.py``) against a
real server on a real port, on SQLite and on PostgreSQL: the town's CRM pulls
what a counter handed off, files its own, posts a status back, and the
desk's status look-up shows it after the stations' next pull."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from counterapp.db.uow import UnitOfWork
from counterapp.server.app import create_app
from counterapp.server.intake import set_intake_status
from counterapp.server.reference import publish_file
from counterapp.server.service_requests import add_key, revoke_key
from counterapp.services.intake import RecordIntake, intake_status, record_intake
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.sync.client import push_pending
from counterapp.sync.pull import pull_changes
from tests.open311_client import Client, Open311Error, parse_time
from tests.sync_support import (
    enrol,
    live_server,
    make_station_template,
    open_station_copy,
    require_postgres,
    scratch_database,
    station_credential,
)

TAKEN = datetime(2026, 11, 30, 15, 5, tzinfo=UTC)  # 10:05 in Whitby


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    return make_station_template(tmp_path_factory.mktemp("open311-template"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    require_postgres()
    with scratch_database("counterapp_open311") as url:
        yield url


class Town:
    """Head office with the demo's services and intake categories published,
    station WHB-01 enrolled, and an Open311 key for the CRM."""

    def __init__(self, app: FastAPI, base: str, station: Any) -> None:
        self.app, self.base, self.station = app, base, station
        self.writers = sessionmaker(app.state.engine, expire_on_commit=False)
        with self.writers() as s, s.begin():
            self.key = add_key(s, "Dynamics 365", "ada")

    def client(self, fmt: str = "xml", key: str | None = None) -> Client:
        return Client(f"{self.base}/open311/v2", self.key if key is None else key, fmt)

    def push(self) -> None:
        assert push_pending(
            self.station.session_factory, self.base, credential=station_credential()
        ).ok

    def pull(self, station: Any | None = None) -> None:
        st = station or self.station
        pulled = pull_changes(st.session_factory, self.base, credential=station_credential())
        assert pulled.ok, pulled.error


@pytest.fixture
def town(database_url: str, template: tuple[Path, Any], tmp_path: Path) -> Iterator[Town]:
    app = create_app(database_url)
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    # Services and the intake categories only: the station keeps its own staff.
    published = {
        "services": demo["services"],
        "settings": {"intake_categories": demo["settings"]["intake_categories"]},
    }
    publish_file(sessionmaker(app.state.engine), json.dumps(published))
    enrol(app, "WHB-01")
    path, alex = template
    station = open_station_copy(path, alex, tmp_path / "station")
    try:
        with live_server(app) as base:
            yield Town(app, base, station)
    finally:
        station.engine.dispose()
        app.state.engine.dispose()


def fence(staff: Any) -> RecordIntake:
    return RecordIntake(
        staff,
        "complaint",
        "By-law Services",
        "Fence higher than allowed at 14 Kent St",
        "Neighbour's new fence is about 2.5 m; resident measured it on Saturday.",
        "Pat Singh",
        "905-555-0142",
        documents="Three photos of the fence; a copy of the lot survey",
        callback="Phone after 4 pm on weekdays",
    )


def test_discovery_services_and_definitions_as_the_specification_names_them(town: Town) -> None:
    for fmt in ("xml", "json"):
        c = town.client(fmt)
        doc = c.discovery(f"{town.base}/open311/discovery")
        (endpoint,) = doc["endpoints"]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"] == f"{town.base}/open311/v2"
        assert "text/xml" in endpoint["formats"] and "application/json" in endpoint["formats"]
        parse_time(doc["changeset"])
        assert doc["key_service"]

        listed = {s["service_code"]: s for s in c.services()}
        works = listed["request-public-works"]
        assert works["group"] == "Public Works"
        assert works["metadata"] == "true" and works["type"] == "realtime"
        assert "Snow clearing" in works["keywords"]
        assert "complaint-by-law-services" in listed
        # Every department the catalogue names is a service, both kinds.
        assert {"request-clerk-s-office", "complaint-clerk-s-office"} <= set(listed)

        code, attributes = c.definition("request-public-works")
        assert code == "request-public-works"
        by_code = {a.code: a for a in attributes}
        assert set(by_code) == {"subject", "category", "documents", "callback"}
        assert by_code["category"].datatype == "singlevaluelist"
        assert ("Snow clearing", "Snow clearing") in by_code["category"].values
        assert [a.order for a in attributes] == sorted(a.order for a in attributes)
        assert all(a.variable for a in attributes)

        with pytest.raises(Open311Error) as missing:
            c.definition("request-no-such-department")
        assert missing.value.status == 404 and "service_code" in missing.value.descriptions


def test_the_crm_pulls_a_counters_hand_off_with_everything_said(town: Town) -> None:
    done = record_intake(
        UnitOfWork(town.station.session_factory), fence(town.station.staff), now=TAKEN
    )
    town.push()
    for fmt in ("xml", "json"):
        c = town.client(fmt)
        found = c.requests(
            start_date="2026-11-30T00:00:00-05:00", end_date="2026-12-01T00:00:00-05:00"
        )
        (req,) = [r for r in found if r["service_request_id"] == done.reference_no]
        assert req["status"] == "open"
        assert req["service_code"] == "complaint-by-law-services"
        assert req["agency_responsible"] == "By-law Services"
        assert "2.5 m" in req["description"]
        assert "Three photos of the fence" in req["description"]
        assert "Phone after 4 pm" in req["description"]
        # ISO 8601 with the site's offset (Toronto, winter: −05:00), same instant.
        assert req["requested_datetime"] == "2026-11-30T10:05:00-05:00"
        assert parse_time(req["requested_datetime"]) == TAKEN
        one = c.request(done.reference_no.lower(), extensions="true")
        assert one["extended_attributes"]["contact_name"] == "Pat Singh"
        assert one["extended_attributes"]["callback"] == "Phone after 4 pm on weekdays"
        # The filters.
        assert (
            c.requests(service_code="request-public-works", start_date="2026-11-30T00:00:00Z") == []
        )
        assert [
            r["service_request_id"] for r in c.requests(service_request_id=done.reference_no)
        ] == [done.reference_no]
        assert c.requests(status="closed", start_date="2026-11-01T00:00:00Z") == []
        assert c.requests(end_date="2026-11-29T00:00:00-05:00") == []


def test_the_crm_files_a_request_and_posts_its_status_back_down_to_the_desk(town: Town) -> None:
    c = town.client("xml")
    made = c.create(
        "request-public-works",
        description="Pothole at Brock St N and Dundas St; a car lost a hubcap in it.",
        first_name="Ana",
        last_name="Costa",
        email="ana@example.org",
        address_string="Brock St N at Dundas St W",
        lat="43.8771",
        long="-78.9422",
        **{"attribute[category]": "Roads, sidewalks and potholes", "attribute[callback]": "E-mail"},
    )
    number = made["service_request_id"]
    assert number.startswith("SR-O311-")
    assert "Public Works" in made["service_notice"]
    got = town.client("json").request(number)
    assert got["status"] == "open" and got["service_code"] == "request-public-works"
    assert got["lat"] == pytest.approx(43.8771) and got["address"] == "Brock St N at Dundas St W"
    assert got["description"].startswith("Pothole at Brock St N")

    # A resident walks in with the number: the desk knows it after its pull.
    town.pull()
    seen = intake_status(UnitOfWork(town.station.session_factory, readonly=True), number)
    assert seen.status == "Received" and seen.department == "Public Works"

    # The CRM closes it with the department's answer, FixMyStreet's extension shape.
    update_id = c.post_update(
        number,
        "closed",
        description="Filled on December 2 by the roads crew.",
        updated_datetime="2026-12-02T11:30:00-05:00",
    )
    assert update_id
    closed = c.request(number)
    assert closed["status"] == "closed"
    assert closed["status_notes"] == "Filled on December 2 by the roads crew."
    assert parse_time(closed["updated_datetime"]) == datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
    assert [r["service_request_id"] for r in c.requests(status="closed")] == [number]
    assert number not in [r["service_request_id"] for r in c.requests(status="open")]
    town.pull()
    desk = intake_status(UnitOfWork(town.station.session_factory, readonly=True), number)
    assert desk.status == "Closed"
    assert "roads crew" in desk.answer
    assert "Answer from Public Works" in desk.text()


def test_a_status_set_on_a_counters_intake_reaches_the_crm_and_the_desk(town: Town) -> None:
    done = record_intake(UnitOfWork(town.station.session_factory), fence(town.station.staff))
    town.push()
    c = town.client("xml")
    c.post_update(done.reference_no, "in_progress", description="An officer visits on Dec 4.")
    town.pull()
    desk = intake_status(UnitOfWork(town.station.session_factory, readonly=True), done.reference_no)
    assert desk.status == "In progress" and "Dec 4" in desk.answer
    assert c.request(done.reference_no)["status"] == "open"
    # Head office's own command (``server intake-status``) is the same record.
    set_intake_status(town.writers, done.reference_no, "Resolved", answer="Fence lowered.")
    again = c.request(done.reference_no)
    assert again["status"] == "closed" and again["status_notes"] == "Fence lowered."


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_refusals_are_the_specifications_errors_naming_the_field(town: Town, fmt: str) -> None:
    c = town.client(fmt)

    def refused(call: Any, status: int, names: str) -> None:
        with pytest.raises(Open311Error) as err:
            call()
        assert err.value.status == status, err.value
        assert names in err.value.descriptions, err.value.descriptions
        assert all(code == status for code, _ in err.value.errors)

    keyless = town.client(fmt, key="")
    refused(lambda: keyless.create("request-public-works", description="x"), 403, "api_key")
    refused(lambda: keyless.requests(), 403, "api_key")
    refused(lambda: town.client(fmt, key="o311_wrong").requests(), 403, "api_key")
    refused(lambda: c.create("request-nowhere", description="x"), 400, "service_code")
    refused(lambda: c.create("", description="x"), 400, "service_code")
    refused(lambda: c.create("request-public-works"), 400, "description")
    refused(lambda: c.create("request-public-works", description="x", lat="43.8"), 400, "long")
    refused(
        lambda: c.create("request-public-works", description="x", lat="91", long="0"), 400, "lat"
    )
    refused(
        lambda: c.create("request-public-works", description="x", email="not-an-address"),
        400,
        "email",
    )
    refused(lambda: c.create("request-public-works", description="x" * 4001), 400, "description")
    refused(
        lambda: c.create("request-public-works", description="x", **{"attribute[colour]": "red"}),
        400,
        "attribute[colour]",
    )
    refused(
        lambda: c.create(
            "request-public-works", description="x", **{"attribute[category]": "Snow"}
        ),
        400,
        "attribute[category]",
    )
    refused(lambda: c.requests(start_date="2026-11-30T09:00:00"), 400, "start_date")
    refused(lambda: c.requests(end_date="yesterday"), 400, "end_date")
    refused(
        lambda: c.requests(start_date="2026-12-01T00:00:00Z", end_date="2026-11-01T00:00:00Z"),
        400,
        "end_date",
    )
    refused(lambda: c.requests(status="pending"), 400, "status")
    refused(lambda: c.request("SR-NOPE-000001"), 404, "service_request_id")
    refused(lambda: c.post_update("SR-NOPE-000001", "closed"), 404, "service_request_id")
    made = c.create("request-public-works", description="Streetlight out on Kent St")
    refused(lambda: c.post_update(made["service_request_id"], "maybe"), 400, "status")
    refused(lambda: c.post_update(made["service_request_id"], ""), 400, "status")
    refused(
        lambda: c.post_update(made["service_request_id"], "closed", updated_datetime="Dec 2"),
        400,
        "updated_datetime",
    )
    # A revoked key stops working at once.
    with town.writers() as s, s.begin():
        extra = add_key(s, "AMANDA", "ada")
    amanda = town.client(fmt, key=extra)
    assert amanda.requests(service_request_id=made["service_request_id"])
    with town.writers() as s, s.begin():
        from sqlalchemy import select

        from counterapp.server.service_requests import Open311Key

        revoke_key(s, s.scalars(select(Open311Key.id).where(Open311Key.name == "AMANDA")).one())
    refused(lambda: amanda.requests(), 403, "api_key")


def test_odd_input_is_never_a_server_error(town: Town) -> None:
    base = f"{town.base}/open311/v2"
    key = {"api_key": town.key}
    odd: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"{base}/services.html", {}),
        ("GET", f"{base}/services/.xml", {}),
        ("GET", f"{base}/services/%00.xml", {}),
        ("GET", f"{base}/requests.xml", {"params": {**key, "start_date": "9999-99-99"}}),
        ("GET", f"{base}/requests.xml", {"params": {**key, "service_request_id": ",,,"}}),
        ("GET", f"{base}/requests/{'9' * 5000}.json", {"params": key}),
        ("GET", f"{town.base}/open311/nothing.xml", {}),
        (
            "POST",
            f"{base}/requests.json",
            {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}},
        ),
        (
            "POST",
            f"{base}/requests.xml",
            {"data": {**key, "service_code": "request-public-works", "description": "a\x00b"}},
        ),
        (
            "POST",
            f"{base}/requests.xml",
            {
                "data": {
                    **key,
                    "service_code": "request-public-works",
                    "description": "x",
                    "lat": "nan",
                    "long": "inf",
                }
            },
        ),
        (
            "POST",
            f"{base}/servicerequestupdates.xml",
            {"data": {**key, "service_request_id": "\u00e9" * 100, "status": "closed"}},
        ),
    ]
    for method, url, extra in odd:
        answer = httpx.request(method, url, timeout=20, **extra)
        assert answer.status_code < 500, (method, url, answer.status_code, answer.text[:200])
        if answer.status_code >= 400:  # the specification's error document, XML or JSON
            assert b"<errors>" in answer.content or answer.json()[0]["description"], answer.text


def test_requests_default_to_the_last_ninety_days(town: Town) -> None:
    c = town.client("json")
    made = c.create("complaint-public-works", description="Plough left a ridge across my driveway")
    assert [r["service_request_id"] for r in c.requests()] == [made["service_request_id"]]
    later = (datetime.now(UTC) + timedelta(days=200)).isoformat()
    assert c.requests(start_date=later) == []


def test_whatever_a_client_sends_is_answered_without_a_server_error(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    app = create_app(f"sqlite:///{tmp_path / 'fuzz.sqlite3'}")
    demo = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    publish_file(sessionmaker(app.state.engine), json.dumps({"services": demo["services"]}))
    with sessionmaker(app.state.engine)() as s, s.begin():
        key = add_key(s, "fuzz", "ada")
    text = st.text(max_size=300)
    fields = st.fixed_dictionaries(
        {},
        optional={
            "api_key": st.sampled_from([key, "", "o311_x"]),
            "service_code": st.sampled_from(["request-community-services", "", "x"]) | text,
            "description": text,
            "lat": text | st.floats().map(str),
            "long": text | st.floats().map(str),
            "email": text,
            "first_name": text,
            "address_string": text,
            "media_url": text,
            "attribute[subject]": text,
            "attribute[category]": text,
            "attribute[documents]": text,
            "start_date": text,
            "end_date": text,
            "status": text,
            "service_request_id": text,
            "updated_datetime": text,
        },
    )
    paths = st.sampled_from(
        [
            ("POST", "/open311/v2/requests"),
            ("GET", "/open311/v2/requests"),
            ("POST", "/open311/v2/servicerequestupdates"),
            ("GET", "/open311/v2/services"),
        ]
    )

    with live_server(app) as base, httpx.Client(timeout=20) as http:

        @settings(
            max_examples=150,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )
        @given(paths, st.sampled_from(["xml", "json"]), fields)
        def one(path: tuple[str, str], fmt: str, data: dict[str, str]) -> None:
            method, where = path
            url = f"{base}{where}.{fmt}"
            send = http.post if method == "POST" else http.get
            answer = send(url, **({"data": data} if method == "POST" else {"params": data}))
            assert answer.status_code < 500, (method, where, data, answer.text[:300])
            if fmt == "xml":  # always a well-formed document
                root = ET.fromstring(answer.content)
                assert (root.tag == "errors") == (answer.status_code >= 400), answer.text
            elif answer.status_code >= 400:
                assert answer.json()[0]["description"], answer.text

        try:
            one()
        finally:
            app.state.engine.dispose()
