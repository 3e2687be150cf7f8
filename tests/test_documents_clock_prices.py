"""Issue 10: documents a finance clerk accepts, one clock, prices that say what
they do, intake never routed by default, and a demo that tells the truth.

Printed bytes are decoded back (the printer simulator's ESC/POS decoder); PDFs
are read back with pypdf, page by page.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from counterapp.db.models import SiteSetting
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount
from counterapp.domain.clock import day_bounds, format_site_time, site_day
from counterapp.domain.fees import price_label
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.queue.views import IssuedTicket, TicketView
from counterapp.services import catalogue, drawer, intake
from counterapp.services.auth import login
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale
from devices.simulator import decode_escpos
from printing.drawer_reports import (
    day_summary_pdf,
    label_value_lines,
    render_z_report,
    z_report_pdf,
)
from printing.escpos_receipt import render_receipt
from printing.escpos_ticket import ticket_from_issue
from tests.drawer_support import SAM, Desk, make_desk_template, open_desk

CASH, DEBIT = TenderKind.CASH, TenderKind.DEBIT
# 20:17 UTC is 15:17 in Whitby (EST): the minute the two clocks disagreed on.
MINUTE = datetime(2026, 12, 1, 20, 17, tzinfo=UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_desk_template(tmp_path_factory.mktemp("docs10"))


@pytest.fixture
def desk(template, tmp_path):
    d = open_desk(template, tmp_path)
    yield d
    d.engine.dispose()


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _busy_closed_shift(desk: Desk, *, paid_outs: int, at: datetime = MINUTE) -> drawer.CloseResult:
    shift = drawer.open_shift(
        desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 50})), now=at
    )
    desk.sell(desk.alex, (("RNT-ROOM", 1),), ((CASH, 4_000),), at=at)  # HST charged
    for n in range(paid_outs):
        drawer.record_paid_out(
            desk.uow(),
            drawer.RecordPaidOut(
                desk.alex, 500 + 5 * n, "Water / utility bill payment refund", approval=SAM
            ),
            now=at,
        )
    status = drawer.drawer_status(desk.uow(), desk.alex.id)
    assert status is not None
    cash = status.cash_in_drawer_cents
    drawer.submit_count(
        desk.uow(),
        drawer.SubmitCount(desk.alex, CashCount.of({"20": cash // 2000, "0.05": cash % 2000 // 5})),
        now=at,
    )
    return drawer.sign_off(desk.uow(), drawer.SignOff(shift.id, SAM), now=at)


# --- documents ------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [32, 42, 48])
def test_printed_z_report_wraps_at_words_and_names_the_shift(desk: Desk, columns: int) -> None:
    closed = _busy_closed_shift(desk, paid_outs=2)
    printed = decode_escpos(render_z_report(closed.z_report, columns=columns))
    text = "\n".join(printed)
    assert closed.shift_id not in text and closed.shift_id[-8:] not in text  # no raw ids
    assert "Drawer 1, Alex M., 2026-12-01 15:17" in " ".join(text.split())
    for line in printed:
        assert len(line) <= columns
    # Every word of the long reason is whole on some line ("pa" / "yment" never).
    words = set(" ".join(printed).split())
    for word in ("Water", "utility", "bill", "payment", "refund"):
        assert word in words or f"{word}:" in words
    assert "HST registration no. 12345 6789 RT0001" in " ".join(text.split())


def test_label_value_lines_never_split_a_word() -> None:
    label = "Paid-out 1: Water / utility bill payment to the wrong account"
    for columns in range(24, 60):
        lines = label_value_lines(label, "$1,234.50", columns)
        assert all(len(x) <= columns for x in lines)
        assert lines[-1].endswith("$1,234.50")
        assert " ".join(" ".join(lines).replace("$1,234.50", "").split()) == label


def test_the_signature_lines_never_stand_alone_on_a_pdf_page(desk: Desk) -> None:
    # Enough paid-outs that the Z report runs past a page, at every length.
    for paid_outs in (18, 24, 30, 36):
        closed = _busy_closed_shift(desk, paid_outs=paid_outs)
        pages = _pages(z_report_pdf(closed.z_report))
        for page in pages:
            words = [w for w in re.split(r"[\s_:]+", page) if w]
            assert set(words) - {"Associate", "Supervisor"}, f"a page of signatures only: {page!r}"
        assert "Supervisor" in pages[-1] and "Result" in pages[-1]
        drawer_key = closed.z_report["shift_name"]
        assert closed.shift_id not in "".join(pages) and drawer_key.split(",")[0] in pages[0]


def test_end_of_day_names_shifts_and_carries_the_hst_number(desk: Desk) -> None:
    _busy_closed_shift(desk, paid_outs=1)
    summary = drawer.day_summary(desk.uow(), date(2026, 12, 1))
    pages = _pages(day_summary_pdf(summary))
    text = " ".join(" ".join(pages).split())
    assert "Drawer 1, Alex M., 2026-12-01 15:17" in text
    assert "12345 6789 RT0001" in text
    assert summary["net_cents"] == summary["sales_cents"] + summary["rounding_cents"]


def test_a_receipt_with_hst_carries_the_towns_registration_number(desk: Desk) -> None:
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})), now=MINUTE)
    taxed = desk.sell(desk.alex, (("RNT-ROOM", 1),), ((DEBIT, 3_955),), at=MINUTE)
    exempt = desk.sell(desk.alex, (("TST-15", 1),), ((DEBIT, 1_500),), at=MINUTE)
    assert any(
        "HST reg. no. 12345 6789 RT0001" in x for x in decode_escpos(render_receipt(taxed.receipt))
    )
    assert not any("HST" in x for x in decode_escpos(render_receipt(exempt.receipt)))


# --- one clock -----------------------------------------------------------------------


def test_the_suite_runs_in_a_zone_that_is_not_utc() -> None:
    assert datetime(2026, 12, 1, 12, tzinfo=UTC).astimezone().utcoffset() != UTC.utcoffset(None)


def test_a_ticket_and_a_receipt_of_the_same_minute_say_the_same_time(desk: Desk) -> None:
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})), now=MINUTE)
    receipt = desk.sell(desk.alex, (("TST-15", 1),), ((DEBIT, 1_500),), at=MINUTE).receipt
    ticket = TicketView(
        id="t1", label="T-014", category="T", services=[], priority=False, language_line=False,
        status="waiting", issued_at=MINUTE, waiting_since=MINUTE,
    )  # fmt: skip
    issued = IssuedTicket(ticket=ticket, category_name="Tax", people_ahead=0,
                          estimated_wait_minutes=0, site_name="Service Whitby")  # fmt: skip
    printed = ticket_from_issue(issued, {})
    assert receipt.issued_at == printed.issued_at == "2026-12-01 15:17"


def test_business_days_are_cut_at_the_sites_midnight() -> None:
    late = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)  # 22:30 on Dec 1 in Whitby
    assert site_day(late) == date(2026, 12, 1)
    start, end = day_bounds(date(2026, 12, 1))
    assert start == datetime(2026, 12, 1, 5, tzinfo=UTC) and end == datetime(
        2026, 12, 2, 5, tzinfo=UTC
    )
    assert format_site_time(late) == "2026-12-01 22:30"


def test_a_sale_late_in_the_evening_is_on_that_days_end_of_day(desk: Desk) -> None:
    late = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})), now=late)
    desk.sell(desk.alex, (("TST-15", 1),), ((DEBIT, 1_500),), at=late)
    assert drawer.day_summary(desk.uow(), date(2026, 12, 1))["net_cents"] == 1_500
    assert drawer.day_summary(desk.uow(), date(2026, 12, 2))["net_cents"] == 0


# --- prices and intake -------------------------------------------------------------------


def test_the_dog_licence_lists_the_price_it_rings_up_at_and_why(desk: Desk) -> None:
    from counterapp.demo.accounts import load_demo_stock

    load_demo_stock(desk.uow())  # dog tags
    drawer.open_shift(desk.uow(), drawer.OpenShift(desk.alex, CashCount.of({"20": 5})), now=MINUTE)
    [dog] = [s for s in catalogue.list_services(desk.uow(), now=MINUTE) if s.code == "LIC-DOG"]
    assert str(dog.price_label).startswith("$15.00–$35.00 (depends on: spayed or neutered")
    # In French: the money in its form, head office's French labels (issue 13).
    assert dog.price_label.text("fr").startswith("15,00\u00a0$–35,00\u00a0$ (depends on: stérilisé")
    assert "propriétaire de 65 ans ou plus" in dog.price_label.text("fr")
    answers = {"owner_name": "A", "owner_address": "B", "dog_name": "Rex",
               "sterilized": "Yes", "owner_senior": "No"}  # fmt: skip
    sold = complete_sale(
        desk.uow(),
        CompleteSale(
            desk.alex,
            (LineRequest("LIC-DOG", detail={"answers": answers}),),
            (TenderInput(DEBIT, 3_000),),
        ),
        now=MINUTE,
    )
    assert sold.receipt.total_cents == 3_000  # within the range listed, not the $15.00 of old
    march = datetime(2027, 3, 2, 15, tzinfo=UTC)
    [early] = [s for s in catalogue.list_services(desk.uow(), now=march) if s.code == "LIC-DOG"]
    assert str(early.price_label).startswith("$7.50–$20.00")
    assert str(price_label({}, base_cents=0, on=date(2026, 12, 1))) == "no charge"


def test_intake_is_routed_by_category_or_choice_never_by_default(desk: Desk) -> None:
    who = login(UnitOfWork(desk.session_factory), "alex", "counter")
    pothole = intake.RecordIntake(who, "complaint", "", "Pothole on Brock St", category=(
        "Roads, sidewalks and potholes"))  # fmt: skip
    result = intake.record_intake(desk.uow(), pothole, now=MINUTE)
    assert "Routed to Public Works" in result.slip.lines[0].detail
    with pytest.raises(intake.ServiceError, match="Choose the department"):
        intake.record_intake(
            desk.uow(), intake.RecordIntake(who, "request", "", "Noise", category="Something else")
        )
    with pytest.raises(intake.ServiceError, match="Choose the department"):
        intake.record_intake(desk.uow(), intake.RecordIntake(who, "request", "", "Noise"))
    letter = intake.record_intake(
        desk.uow(), intake.RecordIntake(who, "correspondence", "", "Letter"), now=MINUTE
    )
    assert "Clerk's Office" in letter.slip.lines[0].detail


def test_the_demo_says_it_loads_accounts_only_when_it_does(tmp_path) -> None:
    from counterapp.db.engine import open_database
    from counterapp.demo.accounts import load_demo_accounts
    from counterapp.services.reference import load_demo

    engine, sf = open_database(tmp_path / "station.sqlite3")
    try:
        load_demo(UnitOfWork(sf))
        said: list[str] = []
        load_demo_accounts(
            UnitOfWork(sf), tax_rolls=20, tickets=10, on_loading=lambda: said.append("x")
        )
        load_demo_accounts(
            UnitOfWork(sf), tax_rolls=20, tickets=10, on_loading=lambda: said.append("x")
        )
        assert said == ["x"]
    finally:
        engine.dispose()


def test_head_office_publishes_the_sites_zone_and_hst_number() -> None:
    import json

    from counterapp.services.reference import DEMO_CATALOGUE

    settings = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))["settings"]
    assert settings["time_zone"] == "America/Toronto" and settings["hst_registration"]
    assert SiteSetting.__tablename__ == "site_setting"


def test_a_price_per_unit_names_the_unit_in_the_singular() -> None:
    """ "$265.00 per hours" read wrong on the service list: the unit is named by
    the rule ("hour"); a rule without one says "× the field", never "per" a plural."""
    fields = [{"key": "hours", "label": "Hours", "kind": "count"}]
    unit = {"field": "hours", "unit": "hour", "cents": 26500}
    named = {"fields": fields, "fee": {"per_unit": unit}}
    bare = {"fields": fields, "fee": {"per_unit": {"field": "hours", "cents": 26500}}}
    on = date(2026, 12, 1)
    assert str(price_label(named, base_cents=0, on=on)) == "$265.00 per hour"
    assert str(price_label(bare, base_cents=0, on=on)) == "$265.00 × hours"
    both = {
        "fields": [{"key": "q", "label": "Search (quarter hours)"}, {"key": "p", "label": "Pages"}],
        "fee": {"per_unit": [{"field": "q", "unit": "quarter hour", "cents": 750},
                             {"field": "p", "unit": "page", "cents": 20}]},
    }  # fmt: skip
    expected = "$5.00 + $7.50 per quarter hour + $0.20 per page"
    assert str(price_label(both, base_cents=500, on=on)) == expected


def test_a_percentage_names_head_offices_field_in_the_readers_language() -> None:
    rules = {"fields": [{"key": "value", "label": "Assessed value",
                         "label_fr": "Valeur imposable", "kind": "money"}]}  # fmt: skip
    percent = {"fields": rules["fields"], "fee": {"percent": {"of": "value", "basis_points": 150}}}
    shown = price_label(percent, base_cents=0, on=date(2026, 12, 1))
    assert str(shown) == "1.5% of assessed value"
    assert "valeur imposable" in shown.text("fr")
