"""Signing in and completing a visit at the counter, on a real SQLite file.

One visit, one receipt: the sale, its lines, its tenders, its audit entry and
its outbox entries are committed together, or nothing is.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from counterapp.db.engine import open_database
from counterapp.db.models import (
    AuditEntry,
    Base,
    OutboxEntry,
    Sale,
    SaleLine,
    Station,
    Tender,
)
from counterapp.db.uow import UnitOfWork
from counterapp.domain.tender import ShortTender, TenderError, TenderInput, TenderKind
from counterapp.domain.visit import VisitError
from counterapp.services import audit
from counterapp.services.auth import LoginError, Role, StaffIdentity, login
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.reference import DEMO_CATALOGUE, load_demo, load_reference
from counterapp.services.sales import (
    CompleteSale,
    LineRequest,
    SaleResult,
    complete_sale,
    stored_receipt,
)
from printing.escpos_receipt import receipt_text
from tests.drawer_support import open_drawers

CASH = TenderKind.CASH
DEBIT = TenderKind.DEBIT
DEMO = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
AFFIDAVIT_CHECKLIST = tuple(
    next(s for s in DEMO["services"] if s["code"] == "COM-AFF")["checklist"]
)
# Since issue 3 commissioning also takes down the commissioner's log entry.
DEPONENT = {"deponent_name": "Sam Rivera", "id_type": "Passport", "id_last_digits": "1234"}
AFFIDAVIT = LineRequest(
    "COM-AFF", 1, checklist_ticked=AFFIDAVIT_CHECKLIST, detail={"answers": DEPONENT}
)
ROOM_HOUR = LineRequest("RNT-ROOM", 1)
# Every demo fee is a whole number of dollars, so every demo total is already a
# multiple of 5 cents. A per-page copy fee with HST gives totals that are not.
PHOTOCOPY = {
    "code": "FEE-COPY",
    "name": "Photocopy (per page)",
    "category": "Intake",
    "kind": "charge",
    "fee_cents": 25,
    "tax_code": "HST",
    "gl_account": "4210-400",
    "department": "Clerk's Office",
    "tier": 2,
    "coverage": "full",
    "requires_commissioner": False,
    "checklist": [],
    "keywords": "copy photocopy print",
}


@dataclass
class Counter:
    """A station's database file, opened the way the app opens it."""

    path: Path
    engine: Engine
    session_factory: Any
    alex: StaffIdentity  # associate, commissioner
    jordan: StaffIdentity  # associate, not a commissioner

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def sell(
        self, who: StaffIdentity, lines: tuple[LineRequest, ...], tenders: tuple[TenderInput, ...]
    ) -> SaleResult:
        return complete_sale(self.uow(), CompleteSale(who, lines, tenders))

    def rows(self, model: type[Base]) -> list[Any]:
        with self.session_factory() as s:
            return list(s.scalars(select(model)))

    def snapshot(self) -> dict[str, int]:
        """Rows in every table, and the last receipt number handed out."""
        with self.engine.connect() as conn:
            counts = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
            counts["station.last_receipt_seq"] = conn.execute(
                select(Station.last_receipt_seq)
            ).scalar_one()
        return counts


@pytest.fixture(scope="module")
def demo_station_file(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, StaffIdentity, StaffIdentity]:
    """A migrated station file with the demo catalogue, made once (argon2 is slow on purpose)."""
    path = tmp_path_factory.mktemp("template") / "station.sqlite3"
    engine, sf = open_database(path)
    load_demo(UnitOfWork(sf))
    alex = login(UnitOfWork(sf), "alex", "counter")
    jordan = login(UnitOfWork(sf), "jordan", "counter")
    open_drawers(sf, alex, jordan)  # no money is taken outside a drawer
    engine.dispose()  # the last connection out checkpoints the WAL into the file
    return path, alex, jordan


@pytest.fixture
def counter(
    demo_station_file: tuple[Path, StaffIdentity, StaffIdentity], tmp_path: Path
) -> Iterator[Counter]:
    template, alex, jordan = demo_station_file
    path = tmp_path / "station.sqlite3"
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{path}{suffix}")
    engine, sf = open_database(path)
    yield Counter(path, engine, sf, alex, jordan)
    engine.dispose()


# --- signing in --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_user", "typed_password"),
    [
        ("alex", "Counter"),  # wrong password
        ("alx", "counter"),  # no such user
        ("counter", "alex"),  # typed in the wrong boxes: the password is in the user box
    ],
)
def test_wrong_password_is_refused_and_audited_without_the_user_name(
    counter: Counter, typed_user: str, typed_password: str
) -> None:
    before = counter.snapshot()
    with pytest.raises(LoginError) as refused:
        login(counter.uow(), typed_user, typed_password)
    assert str(refused.value).startswith("Wrong user name or password")

    failed = [a for a in counter.rows(AuditEntry) if a.action == "login.failed"]
    assert len(failed) == 1
    entry = failed[0]
    assert entry.staff_id is None
    assert entry.station_code == "WHB-01"
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == entry.id]
    written = json.dumps(
        [{c.name: str(getattr(entry, c.name)) for c in AuditEntry.__table__.columns}, sent.payload]
    )
    assert typed_user not in written
    assert typed_password not in written
    after = counter.snapshot()
    assert after["audit_entry"] == before["audit_entry"] + 1
    assert after["outbox"] == before["outbox"] + 1


def test_signing_in_gives_who_is_at_the_counter(counter: Counter) -> None:
    who = login(counter.uow(), " Alex ", "counter")
    assert who.role is Role.ASSOCIATE
    assert who.is_commissioner
    assert who.receipt_name == "Alex M."
    assert any(a.action == "login" and a.staff_id == who.id for a in counter.rows(AuditEntry))


# --- a completed visit ---------------------------------------------------------


def test_commissioning_an_affidavit_for_cash_records_the_whole_visit(counter: Counter) -> None:
    before = counter.snapshot()
    result = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 5000),))

    assert result.receipt_no == "WHB-01-000001"
    assert result.open_drawer
    assert counter.snapshot() == {
        **before,
        "sale": before["sale"] + 1,
        "sale_line": before["sale_line"] + 1,
        "tender": before["tender"] + 1,
        "audit_entry": before["audit_entry"] + 1,
        "commissioning_log": before["commissioning_log"] + 1,  # since issue 3
        "outbox": before["outbox"] + 3,  # the sale, its audit entry, the log entry
        "station.last_receipt_seq": 1,
    }

    [sale] = counter.rows(Sale)
    assert (sale.id, sale.receipt_no, sale.seq) == (result.sale_id, "WHB-01-000001", 1)
    assert sale.staff_id == counter.alex.id
    assert (sale.subtotal_cents, sale.tax_cents, sale.total_cents) == (2000, 0, 2000)
    assert (sale.rounding_cents, sale.change_cents) == (0, 3000)

    [line] = counter.rows(SaleLine)
    assert (line.sale_id, line.service_code, line.quantity) == (sale.id, "COM-AFF", 1)
    assert (line.unit_fee_cents, line.amount_cents, line.tax_cents) == (2000, 2000, 0)
    assert (line.gl_account, line.department) == ("4210-100", "Clerk's Office")
    assert line.detail["checklist"] == list(AFFIDAVIT_CHECKLIST)

    [tender] = counter.rows(Tender)
    assert (tender.sale_id, tender.kind) == (sale.id, "cash")
    assert (tender.tendered_cents, tender.applied_cents) == (5000, 2000)

    [done] = [a for a in counter.rows(AuditEntry) if a.action == "sale.completed"]
    assert (done.entity, done.entity_id, done.staff_id) == ("sale", sale.id, counter.alex.id)
    assert done.detail == {"receipt_no": "WHB-01-000001", "total_cents": 2000}

    outbox = {o.id: o for o in counter.rows(OutboxEntry)}
    assert outbox[sale.id].kind == "sale"
    assert outbox[sale.id].acked_at is None
    assert outbox[sale.id].payload["receipt_no"] == "WHB-01-000001"
    assert outbox[sale.id].payload["total_cents"] == 2000
    assert [t["applied_cents"] for t in outbox[sale.id].payload["tenders"]] == [2000]
    assert outbox[done.id].kind == "audit"
    assert outbox[sale.id].seq < outbox[done.id].seq

    receipt = result.receipt
    assert receipt.associate == "Alex M."
    assert receipt.site_name == "Service Whitby"
    assert [ln.description for ln in receipt.lines] == ["Commissioning – affidavit"]
    assert receipt.total_cents == 2000
    assert receipt.change_cents == 3000
    assert [(t.label, t.amount_cents) for t in receipt.tenders] == [("Cash", 5000)]


def test_a_completed_sale_is_on_disk_when_the_station_is_restarted(counter: Counter) -> None:
    result = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    counter.engine.dispose()
    engine, sf = open_database(counter.path)
    try:
        with sf() as s:
            assert s.scalars(select(Sale.receipt_no)).all() == [result.receipt_no]
    finally:
        engine.dispose()


def test_receipt_numbers_count_up_without_gaps(counter: Counter) -> None:
    numbers = [
        counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),)).receipt_no
        for _ in range(3)
    ]
    assert numbers == ["WHB-01-000001", "WHB-01-000002", "WHB-01-000003"]
    assert sorted(s.seq for s in counter.rows(Sale)) == [1, 2, 3]


def test_one_visit_several_services_paid_debit_then_cash(counter: Counter) -> None:
    # $20.00 affidavit + $39.55 room = $59.55; $30 on debit, $29.55 left, a $30 note.
    result = counter.sell(
        counter.alex,
        (AFFIDAVIT, ROOM_HOUR),
        (TenderInput(DEBIT, 3000, reference="A12345"), TenderInput(CASH, 3000)),
    )
    [sale] = counter.rows(Sale)
    assert sale.total_cents == 5955
    assert sale.change_cents == 45
    tenders = sorted(counter.rows(Tender), key=lambda t: t.seq)
    assert [(t.kind, t.applied_cents, t.reference) for t in tenders] == [
        ("debit", 3000, "A12345"),
        ("cash", 2955, ""),
    ]
    assert [ln.line_no for ln in sorted(counter.rows(SaleLine), key=lambda x: x.line_no)] == [1, 2]
    assert len(result.receipt.lines) == 2


# --- visits the counter refuses -------------------------------------------------


def test_short_tender_writes_nothing_and_keeps_the_receipt_number(counter: Counter) -> None:
    first = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    before = counter.snapshot()

    with pytest.raises(ShortTender) as short:
        counter.sell(counter.alex, (ROOM_HOUR,), (TenderInput(CASH, 2000),))
    assert short.value.still_due == 1955  # $39.55 - $20.00

    assert counter.snapshot() == before
    after = counter.sell(counter.alex, (ROOM_HOUR,), (TenderInput(CASH, 4000),))
    assert (first.receipt_no, after.receipt_no) == ("WHB-01-000001", "WHB-01-000002")


@pytest.mark.parametrize(
    ("who", "lines", "tenders", "refusal", "message"),
    [
        pytest.param(
            "jordan",
            (AFFIDAVIT,),
            (TenderInput(CASH, 2000),),
            NotPermitted,
            "commissioner appointment",
            id="not-a-commissioner",
        ),
        pytest.param(
            "alex",
            (LineRequest("COM-AFF", 1, AFFIDAVIT_CHECKLIST[:3], {"answers": DEPONENT}),),
            (TenderInput(CASH, 2000),),
            ServiceError,
            AFFIDAVIT_CHECKLIST[3],
            id="checklist-not-complete",
        ),
        pytest.param(
            "alex",
            (LineRequest("COM-XYZ"),),
            (TenderInput(CASH, 2000),),
            ServiceError,
            "'COM-XYZ' is not in the catalogue",
            id="unknown-service",
        ),
        pytest.param(
            "alex", (), (TenderInput(CASH, 2000),), VisitError, "visit is empty", id="empty-visit"
        ),
        pytest.param(
            "alex",
            (LineRequest("RNT-ROOM", 0),),
            (TenderInput(CASH, 2000),),
            VisitError,
            "Quantity",
            id="zero-hours",
        ),
        pytest.param(
            "alex",
            (ROOM_HOUR,),
            (TenderInput(DEBIT, 4000),),
            TenderError,
            "change is given only in cash",
            id="debit-for-more-than-due",
        ),
    ],
)
def test_a_refused_visit_writes_nothing(
    counter: Counter,
    who: str,
    lines: tuple[LineRequest, ...],
    tenders: tuple[TenderInput, ...],
    refusal: type[Exception],
    message: str,
) -> None:
    before = counter.snapshot()
    with pytest.raises(refusal) as refused:
        counter.sell(getattr(counter, who), lines, tenders)
    if refusal is ServiceError:
        assert not isinstance(refused.value, NotPermitted)
    assert message in str(refused.value)
    assert counter.snapshot() == before
    good = counter.sell(counter.alex, (ROOM_HOUR,), (TenderInput(CASH, 4000),))
    assert good.receipt_no == "WHB-01-000001"


# --- tax and cash rounding -------------------------------------------------------


def test_hst_is_charged_on_a_room_rental(counter: Counter) -> None:
    result = counter.sell(counter.alex, (ROOM_HOUR,), (TenderInput(CASH, 3955),))
    [sale] = counter.rows(Sale)
    [line] = counter.rows(SaleLine)
    assert (line.tax_code, line.amount_cents, line.tax_cents) == ("HST", 3500, 455)
    assert (sale.subtotal_cents, sale.tax_cents, sale.total_cents) == (3500, 455, 3955)
    # $39.55 is already a nickel amount: exact cash, no rounding, no change.
    assert (sale.rounding_cents, sale.change_cents) == (0, 0)
    assert result.receipt.tax_cents == 455


@pytest.mark.parametrize(
    ("pages", "total", "cash_due"),
    [
        (1, 3983, 3985),  # $35 + 13 % = $39.55; one page 25¢ + 3¢ HST: $39.83 → $39.85
        (2, 4012, 4010),  # two pages 50¢ + 7¢ HST (6.5¢ rounds up): $40.12 → $40.10
    ],
)
def test_cash_rounding_is_recorded_and_the_books_balance(
    counter: Counter, pages: int, total: int, cash_due: int
) -> None:
    load_reference(counter.uow(), {**DEMO, "services": [PHOTOCOPY], "staff": []})
    result = counter.sell(
        counter.alex, (ROOM_HOUR, LineRequest("FEE-COPY", pages)), (TenderInput(CASH, 5000),)
    )
    [sale] = counter.rows(Sale)
    tenders = counter.rows(Tender)
    assert sale.total_cents == total
    assert sale.rounding_cents == cash_due - total
    assert sale.change_cents == 5000 - cash_due
    assert sum(t.applied_cents for t in tenders) == sale.total_cents + sale.rounding_cents
    assert sum(ln.tax_cents for ln in counter.rows(SaleLine)) == sale.tax_cents
    assert result.receipt.rounding_cents == cash_due - total
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == sale.id]
    assert sent.payload["rounding_cents"] == cash_due - total


def test_the_same_visit_on_debit_is_not_rounded(counter: Counter) -> None:
    load_reference(counter.uow(), {**DEMO, "services": [PHOTOCOPY], "staff": []})
    counter.sell(counter.alex, (ROOM_HOUR, LineRequest("FEE-COPY", 1)), (TenderInput(DEBIT, 3983),))
    [sale] = counter.rows(Sale)
    assert (sale.total_cents, sale.rounding_cents, sale.change_cents) == (3983, 0, 0)


# --- a failure part-way ---------------------------------------------------------


def _fail_in_audit(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """The audit entry is written (and flushed) after the sale rows, then the call fails."""
    real_record = audit.record

    def record_then_fail(session: Session, **kwargs: Any) -> Any:
        real_record(session, **kwargs)
        session.flush()  # sale, lines, tenders and outbox rows are now in the open transaction
        raise OSError("disk unplugged")

    monkeypatch.setattr("counterapp.services.audit.record", record_then_fail)
    return monkeypatch.undo


def _fail_in_commit(counter: Counter, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """``commit()`` fails before its COMMIT, with every row of the sale already
    written in the open transaction."""

    def before_commit(session: Session) -> None:
        written = session.connection().exec_driver_sql("SELECT count(*) FROM sale").scalar()
        assert written, "the sale's rows are in the open transaction"
        raise OSError("disk unplugged")

    event.listen(counter.session_factory, "before_commit", before_commit)

    def heal() -> None:
        event.remove(counter.session_factory, "before_commit", before_commit)

    return heal


@pytest.mark.parametrize("inject", [_fail_in_audit, _fail_in_commit], ids=["audit", "commit"])
def test_a_failure_in_the_middle_of_the_commit_leaves_nothing_behind(
    counter: Counter,
    monkeypatch: pytest.MonkeyPatch,
    inject: Callable[[Counter, pytest.MonkeyPatch], Callable[[], None]],
) -> None:
    before = counter.snapshot()
    heal = inject(counter, monkeypatch)
    with pytest.raises(OSError, match="disk unplugged"):
        counter.sell(counter.alex, (AFFIDAVIT, ROOM_HOUR), (TenderInput(CASH, 6000),))
    assert counter.snapshot() == before

    heal()
    again = counter.sell(counter.alex, (AFFIDAVIT, ROOM_HOUR), (TenderInput(CASH, 6000),))
    assert again.receipt_no == "WHB-01-000001"  # the failed sale's number was not used up


# --- reprints ---------------------------------------------------------------------


def test_a_reprint_is_the_same_receipt_marked_copy(counter: Counter) -> None:
    sold = counter.sell(
        counter.alex, (AFFIDAVIT, ROOM_HOUR), (TenderInput(DEBIT, 3000), TenderInput(CASH, 3000))
    )
    reprint = stored_receipt(counter.uow(), sold.receipt_no, copy=True)
    assert reprint.copy
    assert reprint == dataclasses.replace(sold.receipt, copy=True)
    assert stored_receipt(counter.uow(), sold.receipt_no, copy=False) == sold.receipt
    assert not sold.receipt.copy


def test_reprinting_a_receipt_this_station_never_issued_is_refused(counter: Counter) -> None:
    with pytest.raises(ServiceError, match="No receipt WHB-01-999999"):
        stored_receipt(counter.uow(), "WHB-01-999999")


def test_the_receipt_carries_the_sites_survey_link_for_that_receipt(counter: Counter) -> None:
    result = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    # The demo site's setting: https://survey.example.invalid/counter?r={receipt_no}
    assert result.receipt.survey_url.endswith("?r=WHB-01-000001")
    assert any(result.receipt.survey_url in line for line in receipt_text(result.receipt))
