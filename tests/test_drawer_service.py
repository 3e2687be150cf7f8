"""A drawer's shift through the services on a real station file: open with a
counted float, sell, pick up, pay out, blind count, sign-off, correction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from counterapp.db.models import OutboxEntry, Sale, Shift, ShiftAdjustment, ShiftCount
from counterapp.domain.cash_count import CashCount, CountError
from counterapp.domain.tender import TenderKind
from counterapp.services import audit, drawer
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.sync.wire import Batch, check_batch
from tests.drawer_support import SAM, Desk, make_desk_template, open_desk, record_reversal

FLOAT = {"20": 5, "10": 5, "5": 6, "2": 10, "1": 10, "0.25": 20, "0.10": 10, "0.05": 10}
FLOAT_CENTS = 10_000 + 5_000 + 3_000 + 2_000 + 1_000 + 500 + 100 + 50  # $216.50

CASH, CHEQUE, DEBIT = TenderKind.CASH, TenderKind.CHEQUE, TenderKind.DEBIT


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_desk_template(tmp_path_factory.mktemp("desk"))


@pytest.fixture
def desk(template, tmp_path):
    d = open_desk(template, tmp_path)
    yield d
    d.engine.dispose()


def _count(desk: Desk, staff, cash: dict[str, int], cheques=(), other=None):
    return drawer.submit_count(
        desk.uow(),
        drawer.SubmitCount(
            staff,
            CashCount.of(cash),
            tuple(drawer.ChequeCount(ref, cents) for ref, cents in cheques),
            other or {},
        ),
    )


def test_opening_float_is_counted_by_denomination(desk: Desk) -> None:
    shift = desk.open(desk.alex, FLOAT)
    assert shift.float_cents == FLOAT_CENTS
    assert shift.status == "open"
    assert drawer.current_shift(desk.uow(), desk.alex.id) == shift


def test_one_open_shift_per_associate_and_per_drawer(desk: Desk) -> None:
    desk.open(desk.alex, FLOAT)
    with pytest.raises(ServiceError, match="already have drawer 1 open"):
        desk.open(desk.alex, FLOAT)
    with pytest.raises(ServiceError, match="Drawer 1 is still in another associate's shift"):
        desk.open(desk.jordan, FLOAT)


def test_a_drawer_cannot_open_with_an_empty_float(desk: Desk) -> None:
    with pytest.raises(CountError, match="cannot open empty"):
        desk.open(desk.alex, {})


def test_sales_go_into_the_sellers_open_shift(desk: Desk) -> None:
    shift = desk.open(desk.alex, FLOAT)
    result = desk.sell(desk.alex, (("TST-15", 1),), ((CASH, 2_000),))
    with desk.session_factory() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and sale.shift_id == shift.id
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.id == result.sale_id)).one()
        assert entry.payload["shift_id"] == shift.id


def test_no_tender_is_taken_without_the_sellers_open_drawer(desk: Desk) -> None:
    # Issue 10: from the first sale of the day, every tender needs an open drawer
    # (sales taken before any drawer opened belonged to no Z report).
    for tender in ((CASH, 1_500), (CHEQUE, 1_500, "101"), (DEBIT, 1_500)):
        with pytest.raises(drawer.NoOpenShift, match="no open drawer"):
            desk.sell(desk.jordan, (("TST-15", 1),), (tender,))
    desk.open(desk.alex, FLOAT)
    with pytest.raises(drawer.NoOpenShift, match="no open drawer"):
        desk.sell(desk.jordan, (("TST-15", 1),), ((DEBIT, 1_500),))
    result = desk.sell(desk.alex, (("TST-15", 1),), ((DEBIT, 1_500),))
    with desk.session_factory() as s:
        sale = s.get(Sale, result.sale_id)
        assert sale is not None and sale.shift_id is not None
        # The refused sales used no receipt number.
        assert s.scalar(select(func.count()).select_from(Sale)) == 1


def test_a_drawerless_site_is_a_setting_and_its_day_still_reconciles(desk: Desk) -> None:
    from counterapp.db.models import SiteSetting

    with desk.uow() as uow:
        uow.session.merge(SiteSetting(name="drawers", value="none"))
        uow.commit()
    at = datetime(2027, 3, 2, 15, tzinfo=UTC)
    desk.sell(desk.jordan, (("TST-15", 1),), ((CASH, 2_000),), at=at)
    desk.sell(desk.alex, (("TST-185", 1),), ((DEBIT, 18_500),), at=at)
    summary = drawer.day_summary(desk.uow(), date(2027, 3, 2))
    gl = drawer.gl_export(desk.uow(), date(2027, 3, 2))
    assert summary["sales_cents"] == 20_000 == summary["net_cents"]
    assert sum(r["net_cents"] for r in summary["shifts"]) == 20_000
    assert "keeps no drawers" in summary["shifts"][-1]["shift_name"]
    revenue = sum(r.credit_cents for r in gl.rows if r.description == "Revenue")
    assert revenue == summary["sales_cents"]


def test_pickup_is_prompted_past_the_limit_and_leaves_a_slip(desk: Desk) -> None:
    drawer.open_shift(
        desk.uow(),
        drawer.OpenShift(desk.alex, CashCount.of({"20": 5}), pickup_limit_cents=30_000),
    )
    desk.sell(desk.alex, (("TST-185", 1),), ((CASH, 20_000),))  # $185, $15 change
    status = drawer.drawer_status(desk.uow(), desk.alex.id)
    assert status is not None and status.cash_in_drawer_cents == 28_500
    assert not status.pickup_due
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 5_000),))
    status = drawer.drawer_status(desk.uow(), desk.alex.id)
    assert status is not None and status.cash_in_drawer_cents == 33_500 and status.pickup_due

    moved = drawer.record_pickup(
        desk.uow(), drawer.RecordPickup(desk.alex, CashCount.of({"50": 2, "20": 5}))
    )
    assert moved.seq == 1 and moved.amount_cents == 20_000
    assert moved.cash_in_drawer_cents == 13_500
    assert moved.slip["title"] == "CASH PICKUP"
    assert {"label": "$50 notes", "form": "note", "pieces": 2, "rolls": 0, "cents": 10_000} in (
        moved.slip["count"]
    )
    status = drawer.drawer_status(desk.uow(), desk.alex.id)
    assert status is not None and not status.pickup_due


def test_paid_out_needs_a_reason_and_cash_to_pay_it(desk: Desk) -> None:
    desk.open(desk.alex, {"20": 2})
    with pytest.raises(ServiceError, match="Say what the paid-out is for"):
        drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 1_000, "  "))
    with pytest.raises(ServiceError, match="only \\$40.00"):
        drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 5_000, "Postage"))
    with pytest.raises(ServiceError, match="multiples of 5 cents"):
        drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 1_001, "Postage"))
    paid = drawer.record_paid_out(
        desk.uow(), drawer.RecordPaidOut(desk.alex, 1_250, "Courier for tax certificates")
    )
    assert paid.cash_in_drawer_cents == 2_750


def _busy_shift(desk: Desk, *, negative: bool) -> tuple[drawer.ShiftInfo, int]:
    """A shift with cash, cheque and card sales, a void, a refund, a pickup and a
    paid-out; returns the shift and the cash a person would find in the drawer."""
    shift = desk.open(desk.alex, FLOAT)
    cash = FLOAT_CENTS
    desk.sell(desk.alex, (("PMT-PARK", 1),), ((CASH, 10_000),))  # 67.80 → 67.80 paid, 32.20 back
    cash += 6_780
    r2 = desk.sell(desk.alex, (("RNT-ROOM", 1),), ((CASH, 4_000),))  # 39.55 → 39.55
    cash += 3_955
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CHEQUE, 5_000, "000123"),))
    desk.sell(desk.alex, (("TST-185", 1),), ((DEBIT, 18_500),))
    r5 = desk.sell(desk.alex, (("TST-15", 2),), ((CASH, 3_000),))
    cash += 3_000
    record_reversal(desk, desk.alex, r2.receipt_no, "void", negative=negative)
    cash -= 3_955
    record_reversal(desk, desk.alex, r5.receipt_no, "refund", negative=negative)
    cash -= 3_000
    drawer.record_pickup(desk.uow(), drawer.RecordPickup(desk.alex, CashCount.of({"20": 5})))
    cash -= 10_000
    drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 500, "Parking meter coins"))
    cash -= 500
    return shift, cash


@pytest.mark.parametrize("negative", [True, False], ids=["negative-voids", "positive-voids"])
def test_blind_count_then_expected_against_counted(desk: Desk, negative: bool) -> None:
    shift, in_drawer = _busy_shift(desk, negative=negative)
    assert in_drawer == 17_930  # $216.50 + 67.80 + 39.55 + 30 − 39.55 − 30 − 100 − 5
    status = drawer.drawer_status(desk.uow(), desk.alex.id)
    assert status is not None and status.cash_in_drawer_cents == in_drawer
    # The associate counts $175.25 ($4.05 short) and enters the cheque and the debit batch.
    counted = {"100": 1, "50": 1, "20": 1, "5": 1, "0.25": 1}
    assert CashCount.of(counted).total_cents == 17_525
    result = _count(desk, desk.alex, counted, [("000123", 5_000)], {"debit": 18_500})
    by_kind = {v.kind: v for v in result.variances}
    assert by_kind["cash"].expected_cents == 17_930
    assert by_kind["cash"].over_short_cents == -405
    assert by_kind["cheque"].over_short_cents == 0
    assert by_kind["debit"].over_short_cents == 0
    assert result.over_short_cents == -405
    assert not result.reason_required  # within $5.00
    with desk.session_factory() as s:
        assert s.get(Shift, shift.id).status == "counted"  # type: ignore[union-attr]


def test_over_short_past_the_threshold_needs_a_reason(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 5_000),))
    result = _count(desk, desk.alex, {"20": 7})  # $140 of $150: $10 short
    assert result.reason_required
    with pytest.raises(ServiceError, match="short by \\$10.00: more than \\$5.00 needs a reason"):
        drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))
    closed = drawer.sign_off(
        desk.uow(), drawer.SignOff(shift.id, SAM, "Change given twice, customer left")
    )
    assert closed.z_report["over_short_cents"] == -1_000
    assert closed.z_report["reason"] == "Change given twice, customer left"


def test_a_supervisor_cannot_sign_off_their_own_shift(desk: Desk) -> None:
    shift = desk.open(desk.sam, {"20": 5})
    _count(desk, desk.sam, {"20": 5})
    with pytest.raises(NotPermitted, match="cannot sign off their own shift"):
        drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))


def test_only_a_supervisor_with_the_right_password_signs_off(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    _count(desk, desk.alex, {"20": 5})
    with pytest.raises(NotPermitted, match="wrong"):
        drawer.sign_off(
            desk.uow(), drawer.SignOff(shift.id, drawer.SupervisorApproval("sam", "nope"))
        )
    with pytest.raises(NotPermitted, match="not a supervisor"):
        drawer.sign_off(
            desk.uow(),
            drawer.SignOff(shift.id, drawer.SupervisorApproval("jordan", "counter")),
        )


def test_a_closed_shift_is_locked_and_cannot_be_closed_twice(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    _count(desk, desk.alex, {"20": 5})
    with pytest.raises(ServiceError, match="already counted"):
        _count(desk, desk.alex, {"20": 6})
    with pytest.raises(ServiceError, match="counted and waiting for sign-off"):
        desk.sell(desk.alex, (("TST-15", 1),), ((CASH, 1_500),))
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))
    with pytest.raises(ServiceError, match="already closed"):
        drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))
    with pytest.raises(ServiceError, match="no open drawer"):
        drawer.record_paid_out(desk.uow(), drawer.RecordPaidOut(desk.alex, 500, "x"))
    with pytest.raises(ServiceError, match="no open drawer"):
        _count(desk, desk.alex, {"20": 5})
    # The next shift on the same drawer opens cleanly.
    assert desk.open(desk.jordan, {"20": 5}).drawer_code == "1"


def test_a_correction_is_a_new_adjusting_entry_by_a_supervisor(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 5_000),))
    _count(desk, desk.alex, {"20": 7})  # $10 short: a $10 note was in the cheque pouch
    with pytest.raises(ServiceError, match="Only a closed shift"):
        drawer.adjust_shift(
            desk.uow(), drawer.AdjustShift(shift.id, SAM, "cash", 1_000, "Found in pouch")
        )
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Will look for it"))
    with pytest.raises(ServiceError, match="needs a reason"):
        drawer.adjust_shift(desk.uow(), drawer.AdjustShift(shift.id, SAM, "cash", 1_000, ""))
    drawer.adjust_shift(
        desk.uow(), drawer.AdjustShift(shift.id, SAM, "cash", 1_000, "$10 found in pouch")
    )
    with desk.session_factory() as s:
        count = s.scalars(select(ShiftCount)).one()
        assert count.over_short_cents == -1_000  # the count itself is never edited
        assert s.scalar(select(func.count()).select_from(ShiftAdjustment)) == 1
    summary = drawer.day_summary(desk.uow(), datetime.now().astimezone().date())
    assert summary["over_short_cents"] == 0
    assert summary["shifts"][0]["adjustments_cents"] == 1_000


def test_no_sale_drawer_opens_are_counted_from_the_audit(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    with desk.uow() as uow:
        for _ in range(2):
            audit.record(
                uow.session,
                station_code="WHB-01",
                staff_id=desk.sam.id,
                action="drawer.no_sale",
                entity="drawer",
                entity_id="1",
            )
        uow.commit()
    _count(desk, desk.alex, {"20": 5})
    closed = drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))
    assert closed.z_report["no_sales"] == 2


def test_z_report_and_deposit_slip_carry_the_shift(desk: Desk) -> None:
    shift, _cash = _busy_shift(desk, negative=True)
    counted = {"100": 1, "50": 1, "20": 1, "5": 1, "2": 2, "0.25": 1, "0.05": 1}
    result = _count(desk, desk.alex, counted, [("000123", 5_000)], {"debit": 18_500})
    assert result.over_short_cents == 0
    closed = drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM))
    z, deposit = closed.z_report, closed.deposit
    assert (z["sales_count"], z["voids_count"], z["refunds_count"]) == (5, 1, 1)
    assert z["voids_cents"] == 3_955 and z["refunds_cents"] == 3_000
    assert z["pickups_cents"] == 10_000 and z["paid_outs_cents"] == 500
    assert z["tax_cents"] == 780  # parking permit's HST; the room's was voided
    tenders = {t["kind"]: t for t in z["tenders"]}
    assert tenders["cheque"]["counted_cents"] == 5_000
    assert {g["gl_account"] for g in z["gl"]} >= {"4520-300", "4110-200", "4999-000"}
    # Deposit: the closing count plus the pickup, less the float kept for tomorrow.
    assert deposit["cash_counted_cents"] == 17_930 + 10_000
    assert deposit["cash_deposit_cents"] == 17_930 + 10_000 - FLOAT_CENTS
    assert deposit["cheques"] == [{"reference": "000123", "amount_cents": 5_000}]
    assert deposit["total_cents"] == deposit["cash_deposit_cents"] + 5_000
    twenties = next(n for n in deposit["notes"] if n["label"] == "$20 notes")
    assert twenties["pieces"] == 6  # 1 in the drawer, 5 in the pickup
    # Reprint: the same documents, marked COPY.
    z2, dep2 = drawer.stored_documents(desk.uow(), shift.id)
    assert z2["copy"] and dep2["copy"]
    assert {**z2, "copy": False} == z
    assert [c.shift_id for c in drawer.closed_shifts(desk.uow())] == [shift.id]


def test_gl_export_for_the_day_balances(desk: Desk) -> None:
    shift, _cash = _busy_shift(desk, negative=False)
    _count(desk, desk.alex, {"100": 1, "50": 1, "20": 1}, [("000123", 5_000)], {"debit": 18_500})
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Counted in a hurry"))
    today = datetime.now().astimezone().date()
    export = drawer.gl_export(desk.uow(), today)
    assert export.debits_cents == export.credits_cents > 0
    rows = {(r.gl_account, r.description): r for r in export.rows}
    assert rows[("4520-300", "Revenue")].credit_cents == 6_000
    assert rows[("2310-000", "HST payable")].credit_cents == 780
    assert ("4620-100", "Revenue") not in rows  # the voided room rental nets to nothing
    assert rows[("5990-200", "Cash over/short")].debit_cents == 17_930 - 17_000
    assert rows[("5990-300", "Paid-outs")].debit_cents == 500
    assert export.csv.splitlines()[0] == "date,site,gl_account,department,description,debit,credit"
    assert f"{today.isoformat()},WHB,4520-300,By-law Services,Revenue,0.00,60.00" in export.csv
    # Another day has nothing.
    assert drawer.gl_export(desk.uow(), today - timedelta(days=2)).rows == ()


def test_every_drawer_record_passes_head_office_checks(desk: Desk) -> None:
    shift, _cash = _busy_shift(desk, negative=False)
    _count(desk, desk.alex, {"100": 2, "50": 1, "20": 1}, [("000123", 5_000)], {"debit": 18_500})
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Counted in a hurry"))
    drawer.adjust_shift(desk.uow(), drawer.AdjustShift(shift.id, SAM, "cash", 500, "Recount"))
    with desk.session_factory() as s:
        entries = list(
            s.scalars(select(OutboxEntry).where(OutboxEntry.kind.not_in(("sale", "audit"))))
        )
    kinds = sorted({e.kind for e in entries})
    assert kinds == ["cash_movement", "shift", "shift_adjustment", "shift_close", "shift_count"]
    batch = Batch.model_validate(
        {
            "station_code": "WHB-01",
            "entries": [
                {
                    "id": e.id,
                    "seq": e.seq,
                    "kind": e.kind,
                    "created_at": e.created_at.replace(tzinfo=UTC).isoformat(),
                    "payload": e.payload,
                }
                for e in entries
            ],
        }
    )
    assert len(check_batch(batch)) == len(entries)


def test_day_summary_lists_every_shift_of_the_day(desk: Desk) -> None:
    first = desk.open(desk.alex, {"20": 5})
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 5_000),))
    _count(desk, desk.alex, {"20": 7, "10": 1})
    drawer.sign_off(desk.uow(), drawer.SignOff(first.id, SAM))
    desk.open(desk.jordan, {"20": 5})
    desk.sell(desk.jordan, (("TST-15", 1),), ((DEBIT, 1_500),))
    summary = drawer.day_summary(desk.uow(), datetime.now().astimezone().date())
    assert [r["associate"] for r in summary["shifts"]] == ["Alex M.", "Jordan L."]
    assert summary["open_shifts"] == 1
    assert summary["sales_cents"] == 6_500
    assert {t["kind"]: t["net_cents"] for t in summary["tenders"]} == {
        "cash": 5_000,
        "debit": 1_500,
    }
    assert summary["gl_debits_cents"] == summary["gl_credits_cents"]
    assert isinstance(date.fromisoformat(summary["date"]), date)


def test_a_closed_shift_reaches_head_office(desk: Desk, tmp_path) -> None:
    from counterapp.server import db as server_db
    from counterapp.server.app import create_app
    from counterapp.sync.client import pending_count, push_pending
    from tests.sync_support import enrol, live_server, station_credential

    shift, _cash = _busy_shift(desk, negative=False)
    _count(desk, desk.alex, {"100": 1, "50": 1, "20": 1}, [("000123", 5_000)], {"debit": 18_500})
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Counted in a hurry"))
    drawer.adjust_shift(desk.uow(), drawer.AdjustShift(shift.id, SAM, "cash", 930, "Found it"))
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)  # the station registered with head office
    try:
        with live_server(app, lifespan="off") as url:
            result = push_pending(desk.session_factory, url, credential=station_credential())
        assert result.error is None
        assert pending_count(desk.session_factory) == 0
        with app.state.engine.connect() as conn:
            kinds = dict(
                conn.execute(
                    select(server_db.ReceivedRecord.kind, func.count()).group_by(
                        server_db.ReceivedRecord.kind
                    )
                ).all()
            )
        assert kinds["shift"] == 1 and kinds["shift_close"] == 1
        assert kinds["cash_movement"] == 2 and kinds["shift_adjustment"] == 1
    finally:
        app.state.engine.dispose()


def test_finance_gets_the_gl_csv_and_reprints_from_the_command_line(
    desk: Desk, tmp_path, capsys
) -> None:
    from counterapp.cli import main

    shift, _cash = _busy_shift(desk, negative=False)
    _count(desk, desk.alex, {"100": 1, "50": 1, "20": 1}, [("000123", 5_000)], {"debit": 18_500})
    drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM, "Counted in a hurry"))
    out = tmp_path / "gl.csv"
    assert main(["--data-dir", str(tmp_path), "drawer", "gl", "--out", str(out)]) == 0
    assert out.read_bytes().decode() == drawer.gl_export(desk.uow(), date.today()).csv
    assert main(["--data-dir", str(tmp_path), "drawer", "reprint"]) == 0
    assert shift.id in capsys.readouterr().out
    folder = tmp_path / "copies"
    assert (
        main(["--data-dir", str(tmp_path), "drawer", "reprint", shift.id, "--out", str(folder)])
        == 0
    )
    assert sorted(p.name.split("-")[0] for p in folder.glob("*-copy.pdf")) == ["Z", "deposit"]
    assert main(["--data-dir", str(tmp_path), "drawer", "eod", "--out", str(folder)]) == 0
    assert len(list(folder.glob("end-of-day-*.pdf"))) == 1


def test_a_counted_drawer_waits_for_a_supervisor_with_its_figures(desk: Desk) -> None:
    shift = desk.open(desk.alex, {"20": 5})
    desk.sell(desk.alex, (("CER-TAX", 1),), ((CASH, 5_000),))
    assert drawer.awaiting_sign_off(desk.uow()) == []
    _count(desk, desk.alex, {"20": 7, "5": 1})  # $145 of $150
    waiting = drawer.awaiting_sign_off(desk.uow())
    assert [s.id for s in waiting] == [shift.id]
    review = drawer.stored_count(desk.uow(), shift.id)
    cash = next(v for v in review.variances if v.kind == "cash")
    assert (cash.expected_cents, cash.counted_cents, review.over_short_cents) == (
        15_000,
        14_500,
        -500,
    )
    assert not review.reason_required  # exactly at the threshold
