"""Personal data kept only as long as needed (issue 15, item 6; MFIPPA).

A deponent's name and ID digits, a participant's name, a visitor's contact
details are redacted at the station once head office holds them and the
station's period has passed, and at head office when its period ends. The
chain still verifies after redaction (`counterapp server verify`,
`counterapp audit verify`) and still finds tampering. Real SQLite files and a
real PostgreSQL database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from counterapp.cli import main
from counterapp.db.models import (
    AuditEntry,
    CommissioningLogEntry,
    DeviceJob,
    Intake,
    Registration,
    Sale,
    SiteSetting,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.chain import check_code, record_hash
from counterapp.domain.receipt import Receipt
from counterapp.domain.retention import (
    SALT_KEY,
    has_personal,
    is_personal_answer,
    policy,
    redacted_form,
)
from counterapp.domain.tender import TenderKind
from counterapp.server.chain import verify_all
from counterapp.server.db import ReceivedRecord
from counterapp.server.db import SaleLine as ServerLine
from counterapp.server.hq.models import HqAudit
from counterapp.server.programs import ProgramSeat
from counterapp.server.retention import SERVICE_REQUEST_PERSONAL, redact_head_office
from counterapp.server.service_requests import ServiceRequest
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import queue_receipt
from counterapp.services.intake import RecordIntake, record_intake
from counterapp.services.retention import redact_station
from counterapp.services.sales import CompleteSale, LineRequest, TenderInput, complete_sale
from counterapp.sync.client import push_pending
from tests.sync_support import (
    DemoStation,
    enrol,
    make_station_template,
    open_station_copy,
    post_batch,
    reader_headers,
)
from tests.trust_support import served

DEPONENT = "Marguerite Tremblay-Ouellette"
DIGITS = "4821"
PARTICIPANT = "Zacharie Beauchemin"
CONTACT = "Philomène Vachon-Arsenault"
PHONE = "905-555-0199"
PLAIN = (DEPONENT, PARTICIPANT, CONTACT, PHONE)


# --- the rule itself ---------------------------------------------------------------


def _commission(salt: str | None = "ab" * 16) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": "01a23391-eb4f-7000-9fa1-342cbe681ee2",
        "station_code": "WHB-01",
        "sale_id": "01a23391-eb4f-7000-9fa1-342cbe681ee3",
        "sale_line_id": "01a23391-eb4f-7000-9fa1-342cbe681ee4",
        "at": "2026-11-23T15:30:00+00:00",
        "document_type": "Affidavit",
        "deponent_name": DEPONENT,
        "id_type": "Passport",
        "id_last_digits": DIGITS,
        "commissioner_id": "01a23391-eb4f-7000-9fa1-342cbe681ee5",
    }
    if salt is not None:
        payload[SALT_KEY] = salt
    return payload


def _h(kind: str, payload: dict[str, Any]) -> str:
    return record_hash(str(payload["id"]), kind, payload, "0" * 64)


def test_redacting_keeps_the_hash_and_any_other_change_breaks_it() -> None:
    plain = _commission()
    before = _h("commission_log", plain)
    redacted = redacted_form("commission_log", plain)
    assert SALT_KEY not in redacted
    assert DEPONENT not in json.dumps(redacted) and DIGITS not in json.dumps(redacted)
    assert _h("commission_log", redacted) == before

    assert _h("commission_log", {**redacted, "document_type": "Will"}) != before
    forged = json.loads(json.dumps(redacted))
    forged["deponent_name"]["redacted"] = "0" * 64
    assert _h("commission_log", forged) != before
    assert _h("commission_log", {**plain, "deponent_name": "Someone Else"}) != before
    assert _h("commission_log", {**plain, SALT_KEY: "cd" * 16}) != before  # another salt
    without_salt = {k: v for k, v in plain.items() if k != SALT_KEY}
    assert _h("commission_log", without_salt) != before  # the salt cannot be dropped


def test_a_record_hashed_before_redaction_existed_keeps_its_hash() -> None:
    legacy = _commission(salt=None)
    old = record_hash(
        legacy["id"],
        "commission_log",
        legacy,
        None,
    )
    import hashlib

    from counterapp.domain.chain import canonical

    body = {"id": legacy["id"], "kind": "commission_log", "payload": legacy, "prev_hash": None}
    assert old == hashlib.sha256(canonical(body)).hexdigest()


def test_the_digests_of_two_records_with_the_same_name_differ() -> None:
    a = redacted_form("commission_log", _commission("ab" * 16))
    b = redacted_form("commission_log", _commission("cd" * 16))
    assert a["deponent_name"] != b["deponent_name"]  # no dictionary of names to look up


@given(
    name=st.text(min_size=1, max_size=60),
    other=st.text(min_size=1, max_size=60),
    salt=st.binary(min_size=16, max_size=16).map(bytes.hex),
)
def test_any_answer_redacts_to_the_same_hash(name: str, other: str, salt: str) -> None:
    sale = {
        "id": "01a23391-eb4f-7000-9fa1-342cbe681ee2",
        "lines": [
            {
                "detail": {
                    "answers": {"owner_name": name, "sterilized": "Yes"},
                    "receipt_detail": f"Tag 1: ({name})",
                }
            }
        ],
        SALT_KEY: salt,
    }
    before = _h("sale", sale)
    original = json.dumps(sale, sort_keys=True)
    redacted = redacted_form("sale", sale)
    assert json.dumps(sale, sort_keys=True) == original  # the record itself is not changed
    assert _h("sale", redacted) == before
    assert redacted["lines"][0]["detail"]["answers"]["sterilized"] == "Yes"  # not personal
    if other != name:
        changed = json.loads(json.dumps(sale))
        changed["lines"][0]["detail"]["answers"]["owner_name"] = other
        assert _h("sale", changed) != before


def test_which_answers_are_a_persons() -> None:
    personal = ["deponent_name", "owner_address", "phone", "participant_birth_date"]
    personal += ["applicant_1_id_last_digits", "guardian_name", "requester_name"]
    for key in personal:
        assert is_personal_answer(key), key
    for key in ["sterilized", "business_name", "organization", "hours", "prize_value"]:
        assert not is_personal_answer(key), key


def test_the_setting_is_read_defensively() -> None:
    got = policy({"sale": {"days": 400, "station_days": 3}, "intake": {"days": "x"}})
    assert (got["sale"].days, got["sale"].station_days) == (400, 3)
    assert got["intake"].days == 365  # a bad value keeps the default
    assert (
        policy({"registration": {"days": 10, "station_days": 99}})["registration"]
        == (policy({"registration": {"days": 10, "station_days": 10}})["registration"])
    )  # a station never keeps longer than head office


# --- a station and head office -----------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StaffIdentity]:
    return make_station_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def station(template: tuple[Path, StaffIdentity], tmp_path: Path) -> Iterator[DemoStation]:
    st_ = open_station_copy(*template, tmp_path / "station")
    yield st_
    st_.engine.dispose()


class Server:
    def __init__(self, url: str, app: FastAPI, database: str) -> None:
        self.url, self.app, self.database = url, app, database

    def sessions(self) -> Any:
        return self.app.state.sessions[1]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    def prepare(app: FastAPI) -> None:
        enrol(app, "WHB-01")

    for base, app, url in served(request.param, tmp_path, prepare, "counterapp_retain"):
        yield Server(base, app, url)


def visit(station: DemoStation, at: datetime | None = None) -> None:
    """An affidavit commissioned, a swim-lesson seat and a complaint with contact details."""
    checklist = (
        "Document type is one the Town commissions",
        "Deponent is present in person",
        "Government photo ID seen",
        "Document is not yet signed",
    )
    complete_sale(
        UnitOfWork(station.session_factory),
        CompleteSale(
            station.staff,
            (
                LineRequest(
                    "COM-AFF",
                    checklist_ticked=checklist,
                    detail={
                        "answers": {
                            "deponent_name": DEPONENT,
                            "id_type": "Passport",
                            "id_last_digits": DIGITS,
                        }
                    },
                ),
                LineRequest(
                    "REG-SWIM",
                    detail={
                        "answers": {
                            "participant_name": PARTICIPANT,
                            "participant_birth_date": "2016-04-02",
                            "guardian_name": CONTACT,
                            "phone": PHONE,
                        }
                    },
                ),
            ),
            (TenderInput(TenderKind.CASH, 20000),),
        ),
        now=at,
    )
    record_intake(
        UnitOfWork(station.session_factory),
        RecordIntake(
            station.staff,
            kind="complaint",
            department="Clerk's Office",
            subject="Snow not cleared",
            summary=f"{CONTACT} says the sidewalk was missed",
            contact_name=CONTACT,
            contact=PHONE,
            category="",
        ),
        now=at,
    )


def _file_text(station: DemoStation) -> str:
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(
        Path(f"{station.path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{station.path}{suffix}").exists()
    )
    return raw.decode("utf-8", errors="replace")


def _outbox_hashes_hold(station: DemoStation) -> None:
    for e in station.outbox():
        assert e.hash == record_hash(e.id, e.kind, e.payload, e.prev_hash), e.kind


def test_the_station_redacts_what_head_office_holds_after_its_period(
    station: DemoStation, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    visit(station)
    with UnitOfWork(station.session_factory) as uow:  # the receipt went to a printer too
        doc = uow.session.scalars(select(Sale.receipt_doc)).one()
        assert DEPONENT in json.dumps(doc)
        queue_receipt(uow.session, Receipt.from_dict(doc), device="receipt")
        uow.commit()
    personal = [e for e in station.outbox() if has_personal(e.kind, e.payload)]
    assert {e.kind for e in personal} >= {"sale", "commission_log", "registration", "intake"}
    assert all(SALT_KEY in e.payload for e in personal)

    # Not yet acknowledged: nothing is touched, whatever the date.
    later = datetime.now(UTC) + timedelta(days=400)
    assert redact_station(station.session_factory, now=later).total == 0

    assert push_pending(station.session_factory, server.url).error is None
    soon = datetime.now(UTC) + timedelta(days=1)
    assert redact_station(station.session_factory, now=soon).total == 0  # within 7 days

    result = redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(days=200))
    assert set(result.redacted) == {"sale", "commission_log", "registration", "intake"}
    assert result.rows >= 4 and result.not_verifying == []
    text_now = _file_text(station)
    for value in PLAIN:
        assert value not in text_now, value
    _outbox_hashes_hold(station)
    with station.session_factory() as s:
        log = s.scalars(select(CommissioningLogEntry)).one()
        assert (log.deponent_name, log.id_last_digits, log.id_type) == ("", "", "Passport")
        assert s.scalars(select(Registration.participant_name)).one() == ""
        intake = s.scalars(select(Intake)).one()
        assert (intake.contact_name, intake.contact, intake.subject) == ("", "", "Snow not cleared")
        audits = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.redacted")))
    assert len(audits) >= 8  # each record sent and each own row, named
    assert any("deponent_name" in json.dumps(a.detail) for a in audits)
    folder = str(station.path.parent)
    assert main(["--data-dir", folder, "audit", "verify"]) == 0

    # A second run finds nothing left to do.
    assert redact_station(station.session_factory, now=later).total == 0

    # The redaction's own audit rows reach head office, and its chain is intact.
    assert push_pending(station.session_factory, server.url).error is None
    with server.app.state.sessions[0]() as session:
        assert verify_all(session) == []
    capsys.readouterr()


def test_every_copy_of_a_receipt_is_redacted_and_a_missed_one_found_later(
    station: DemoStation, server: Server
) -> None:
    """A print job left "printing" kept the deponent's name for ever: it was skipped,
    and later runs only looked at sales whose answers were still there."""
    visit(station)
    with UnitOfWork(station.session_factory) as uow:
        doc = uow.session.scalars(select(Sale.receipt_doc)).one()
        ids = [
            queue_receipt(uow.session, Receipt.from_dict(doc), device="receipt")[0]
            for _ in range(3)
        ]
        uow.commit()
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        for job_id, state in zip(ids, ("printing", "done", "failed"), strict=True):
            db.execute("UPDATE device_job SET state = ? WHERE id = ?", (state, job_id))
    assert push_pending(station.session_factory, server.url).error is None

    result = redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(days=200))
    assert result.rows >= 4
    text_now = _file_text(station)
    for value in PLAIN:
        assert value not in text_now, value
    with station.session_factory() as s:
        jobs = {j.id: j for j in s.scalars(select(DeviceJob).where(DeviceJob.id.in_(ids)))}
    assert {j.state for j in jobs.values()} == {"printing", "done", "failed"}  # only the text
    for job in jobs.values():
        assert job.document is not None
        assert all(not line["detail"] for line in job.document["receipt"]["lines"])

    # A copy missed (put back as it was): the next run finds it, though the
    # sale's answers are long cleared.
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        db.execute(
            "UPDATE device_job SET document = ? WHERE id = ?",
            (json.dumps({"receipt": doc}), ids[0]),
        )
    again = redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(days=201))
    assert again.rows == 1
    for value in PLAIN:
        assert value not in _file_text(station), value
    assert (
        redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(days=202)).rows
        == 0
    )
    assert main(["--data-dir", str(station.path.parent), "audit", "verify"]) == 0


def test_the_station_keeps_data_as_long_as_head_office_publishes(
    station: DemoStation, server: Server
) -> None:
    with UnitOfWork(station.session_factory) as uow:
        uow.session.add(
            SiteSetting(
                name="personal_data_retention",
                value={"registration": {"days": 365, "station_days": 0}},
            )
        )
        uow.commit()
    visit(station)
    assert push_pending(station.session_factory, server.url).error is None
    result = redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(minutes=1))
    assert result.redacted == {"registration": 1}  # the others wait their 7 days


def test_tampering_after_redaction_is_still_caught(
    station: DemoStation, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    visit(station)
    assert push_pending(station.session_factory, server.url).error is None
    redact_station(station.session_factory, now=datetime.now(UTC) + timedelta(days=200))
    # A redacted copy altered in the station's file no longer matches its hash.
    entry = next(e for e in station.outbox() if e.kind == "commission_log")
    forged = dict(entry.payload)
    forged["document_type"] = "Will"
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        db.execute("UPDATE outbox SET payload = ? WHERE id = ?", (json.dumps(forged), entry.id))
    (changed,) = [e for e in station.outbox() if e.id == entry.id]
    assert record_hash(changed.id, changed.kind, changed.payload, changed.prev_hash) != changed.hash
    # …and the redaction's audit row, edited, is caught by `counterapp audit verify`.
    with station.session_factory() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.redacted")).first()
        assert row is not None
    station.engine.dispose()
    with sqlite3.connect(station.path) as db:
        db.execute(
            "UPDATE audit_entry SET detail = ? WHERE id = ?", (json.dumps({"fields": []}), row.id)
        )
    capsys.readouterr()
    assert main(["--data-dir", str(station.path.parent), "audit", "verify"]) == 1
    assert f"audit row {row.id}" in capsys.readouterr().out


def test_head_office_redacts_when_its_period_ends(
    station: DemoStation, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    visit(station)
    assert push_pending(station.session_factory, server.url).error is None
    sessions = server.sessions()
    early = redact_head_office(sessions, now=datetime.now(UTC) + timedelta(days=30))
    assert early.total == 0  # 365 days by default

    capsys.readouterr()
    year_on = datetime.now(UTC) + timedelta(days=366)
    result = redact_head_office(sessions, now=year_on, username="records-officer")
    # The records, and head office's own tables filled from them (issue 16's service
    # requests and program seats), all lose the personal data.
    assert result.redacted == {
        "sale": 1, "commission_log": 1, "registration": 1, "intake": 1,
        "service_request": 1, "program_seat": 1,
    }  # fmt: skip
    with sessions() as session:
        stored = json.dumps([r for r in session.scalars(select(ReceivedRecord.payload))])
        lines = json.dumps([r for r in session.scalars(select(ServerLine.detail))])
        requests = [
            [getattr(r, f) for f in SERVICE_REQUEST_PERSONAL]
            for r in session.scalars(select(ServiceRequest))
        ]
        seats = [s.participant_name for s in session.scalars(select(ProgramSeat))]
        audits = list(session.scalars(select(HqAudit).where(HqAudit.action == "privacy.redacted")))
        assert verify_all(session) == []
    assert len(requests) == 1 and len(seats) == 1
    expanded = json.dumps([requests, seats])
    for value in PLAIN:
        assert value not in stored and value not in lines and value not in expanded, value
    assert len(audits) == 6 and {a.username for a in audits} == {"records-officer"}
    assert all(value not in json.dumps(a.detail) for a in audits for value in PLAIN)
    assert main(["server", "--database-url", server.database, "verify"]) == 0
    # The paper receipt's check code still checks out.
    sale = next(e for e in station.outbox() if e.kind == "sale")
    answer = httpx.get(
        f"{server.url}/api/v1/receipts/{sale.payload['receipt_no']}/check",
        params={"code": check_code(str(sale.hash))},
        headers=reader_headers(server.app),
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["genuine"] is True

    # The station sends a record again (its acknowledgement was lost): the same record.
    body = station.batch([e for e in station.outbox() if e.kind == "commission_log"])
    assert post_batch(server.url, body).status_code == 200

    # A redacted record altered at head office is found by `counterapp server verify`.
    engine = server.app.state.engine
    with engine.begin() as conn:
        rec = conn.execute(
            select(ReceivedRecord.id, ReceivedRecord.payload).where(
                ReceivedRecord.kind == "commission_log"
            )
        ).one()
        forged = dict(rec.payload)
        forged["deponent_name"] = {"redacted": "0" * 64}
        conn.execute(
            update(ReceivedRecord).where(ReceivedRecord.id == rec.id).values(payload=forged)
        )
    capsys.readouterr()
    assert main(["server", "--database-url", server.database, "verify"]) == 1
    assert f"record {rec.id}" in capsys.readouterr().out


def test_the_commands_say_what_they_did(
    station: DemoStation, server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    visit(station, at=datetime.now(UTC) - timedelta(days=30))
    assert push_pending(station.session_factory, server.url).error is None
    capsys.readouterr()
    assert main(["--data-dir", str(station.path.parent), "privacy", "redact"]) == 0
    out = capsys.readouterr().out
    assert "Redacted 3 records" in out  # sale, commissioning log, intake (registration: 180 d)
    assert main(["server", "--database-url", server.database, "redact", "--dry-run"]) == 0
    assert "No record was due" in capsys.readouterr().out  # head office keeps them a year
    assert main(["server", "--database-url", server.database, "redact"]) == 0
    with server.sessions()() as session:
        redactions = session.scalar(
            select(func.count()).select_from(HqAudit).where(HqAudit.action == "privacy.redacted")
        )
        assert redactions == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) is not None
