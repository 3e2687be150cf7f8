"""Warm hand-off of a request to its department (issue 16): everything the
resident said, the documents described and the callback preference reach head
office; the department's status and answer come back down and show on the
status look-up — at the counter that took it and at any other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import sessionmaker

from counterapp.db.uow import UnitOfWork
from counterapp.server.app import create_app
from counterapp.server.intake import UnknownReference, set_intake_status
from counterapp.server.reference import ReferenceRejected
from counterapp.services.errors import ServiceError
from counterapp.services.intake import RecordIntake, intake_status, record_intake
from counterapp.sync.client import push_pending
from counterapp.sync.pull import pull_changes
from counterapp.sync.wire import PAYLOAD_MODELS
from tests.sync_support import (
    enrol,
    live_server,
    make_station_template,
    open_station_copy,
    station_credential,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_station_template(tmp_path_factory.mktemp("handoff-template"))


@pytest.fixture
def station(template, tmp_path):
    path, alex = template
    st = open_station_copy(path, alex, tmp_path / "one")
    yield st
    st.engine.dispose()


@pytest.fixture
def other_station(template, tmp_path):
    path, alex = template
    st = open_station_copy(path, alex, tmp_path / "two")
    yield st
    st.engine.dispose()


def fence(staff) -> RecordIntake:
    return RecordIntake(
        staff,
        "request",
        "By-law Services",
        "Fence higher than allowed at 14 Kent St",
        "Neighbour's new fence is about 2.5 m; resident measured it on Saturday.",
        "Pat Singh",
        "905-555-0142",
        documents="Three photos of the fence; a copy of the lot survey",
        callback="Phone after 4 pm on weekdays",
    )


def test_the_hand_off_carries_documents_and_callback(station):
    done = record_intake(UnitOfWork(station.session_factory), fence(station.staff))
    entry = next(e for e in station.outbox() if e.kind == "intake")
    sent = PAYLOAD_MODELS["intake"].model_validate(entry.payload)
    assert sent.reference_no == done.reference_no
    assert sent.documents == "Three photos of the fence; a copy of the lot survey"
    assert sent.callback == "Phone after 4 pm on weekdays"
    assert "2.5 m" in sent.summary


def test_an_older_stations_intake_without_them_is_still_accepted():
    old = {
        "id": "0190aaaa-0000-7000-8000-000000000001",
        "station_code": "WHB-01",
        "reference_no": "SR-WHB-01-000001",
        "kind": "request",
        "department": "Public Works",
        "subject": "Pothole",
        "summary": "",
        "contact_name": "",
        "contact": "",
        "staff_id": "x",
        "at": "2026-11-20T15:00:00+00:00",
    }
    assert PAYLOAD_MODELS["intake"].model_validate(old).callback == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("documents", "x" * 1001, "Documents"), ("callback", "a\x07b", "Call back")],
)
def test_bad_hand_off_details_are_refused_by_name(station, field, value, message):
    from dataclasses import replace

    with pytest.raises(ServiceError, match=message):
        record_intake(
            UnitOfWork(station.session_factory), replace(fence(station.staff), **{field: value})
        )


def test_the_departments_answer_comes_back_to_every_counter(station, other_station, tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    hq = sessionmaker(app.state.engine, expire_on_commit=False)
    enrol(app, "WHB-01")
    try:
        with live_server(app) as base:
            # Taken at the counter at 15:00 by the station's clock; head office's
            # clock runs half an hour behind it (below): the department's answer
            # must still show, whatever the two clocks say and whenever this runs.
            taken = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
            done = record_intake(
                UnitOfWork(station.session_factory), fence(station.staff), now=taken
            )
            ref = done.reference_no
            with pytest.raises(UnknownReference):  # not at head office yet
                set_intake_status(hq, ref, "In progress")
            assert push_pending(station.session_factory, base, credential=station_credential()).ok
            with pytest.raises(ReferenceRejected, match="status"):
                set_intake_status(hq, ref, "   ")
            at = taken - timedelta(minutes=30)
            set_intake_status(
                hq,
                ref.lower(),  # typed as a person reads it
                "Inspection booked",
                answer="An officer visits on December 4; no action needed from you.",
                now=at,
            )
            for st in (station, other_station):
                pulled = pull_changes(st.session_factory, base, credential=station_credential())
                assert pulled.ok, pulled.error
                status = intake_status(UnitOfWork(st.session_factory, readonly=True), ref)
                assert status.status == "Inspection booked"
                assert status.status_at == at
                assert status.department == "By-law Services"
                assert "December 4" in status.answer
                assert "Answer from By-law Services" in status.text()
    finally:
        app.state.engine.dispose()
