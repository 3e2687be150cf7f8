"""Licences, permits and commissioning: forms, fee rules from the catalogue,
numbered stock (never reused, spoiled forms recorded), the commissioner's log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.db.models import CommissioningLogEntry, OutboxEntry, SaleLine, StockIssue
from counterapp.domain.fees import FormError, check_answers, compute_fee, form_fields
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.issuing import SpoilForm, spoil_next_form, stock_left
from counterapp.services.reference import DEMO_CATALOGUE
from counterapp.services.sales import LineRequest
from counterapp.sync.wire import PAYLOAD_MODELS
from tests.counter_support import (
    AFFIDAVIT,
    AFFIDAVIT_CHECKLIST,
    COUPLE,
    DEPONENT,
    REX,
    SOLD_AT,
    Counter,
    marriage,
)

CASH = TenderKind.CASH
BURIAL_CHECKLIST = ("Medical certificate of death received", "Statement of death received")


def catalogue_rules(code: str) -> dict[str, Any]:
    import json

    data = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    return dict(next(s for s in data["services"] if s["code"] == code)["rules"])


def dog(**changes: str) -> LineRequest:
    return LineRequest("LIC-DOG", detail={"answers": {**REX, **changes}})


# --- fee rules as data ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "on", "cents"),
    [
        ({"sterilized": "Yes", "owner_senior": "No"}, date(2027, 3, 31), 1500),
        ({"sterilized": "Yes", "owner_senior": "No"}, date(2027, 4, 1), 3000),
        ({"sterilized": "No", "owner_senior": "No"}, date(2027, 1, 5), 2000),
        ({"sterilized": "No", "owner_senior": "No"}, date(2027, 11, 23), 3500),
        ({"sterilized": "No", "owner_senior": "Yes"}, date(2027, 11, 23), 1750),
    ],
)
def test_dog_licence_fee_depends_on_the_date_and_the_dog(
    answers: dict[str, str], on: date, cents: int
) -> None:
    rules = catalogue_rules("LIC-DOG")
    assert compute_fee(rules, base_cents=1500, answers=answers, on=on) == cents


@pytest.mark.parametrize(
    ("prize_cents", "fee_cents"), [(10_000, 500), (16_667, 500), (20_000, 600), (1_000_000, 30_000)]
)
def test_lottery_fee_is_three_percent_of_the_prizes_with_a_five_dollar_minimum(
    prize_cents: int, fee_cents: int
) -> None:
    rules = catalogue_rules("LIC-LOT")
    answers = {"prize_value": str(prize_cents)}
    assert compute_fee(rules, base_cents=500, answers=answers, on=date(2027, 1, 1)) == fee_cents


@given(st.integers(min_value=0, max_value=100_000_000))
def test_a_percentage_fee_is_never_below_its_minimum(prize: int) -> None:
    rules = catalogue_rules("LIC-LOT")
    fee = compute_fee(rules, base_cents=500, answers={"prize_value": str(prize)}, on=date.today())
    assert fee >= 500
    assert fee == max(500, (prize * 300 + 5000) // 10000)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({**DEPONENT, "deponent_name": "  "}, "Deponent's name is required"),
        ({**DEPONENT, "id_last_digits": "12a4"}, "last 3 or 4 digits"),
        ({**DEPONENT, "id_type": "Library card"}, "choose one of"),
        ({**DEPONENT, "deponent_name": "Zoë\x1b[1m"}, "control characters"),
        ({**DEPONENT, "colour": "blue"}, "no field 'colour'"),
    ],
)
def test_form_answers_the_counter_refuses(answers: dict[str, str], message: str) -> None:
    with pytest.raises(FormError, match=message):
        check_answers(form_fields(catalogue_rules("COM-AFF")), answers)


# --- commissioning ----------------------------------------------------------------------


def test_commissioning_writes_the_commissioners_log_entry(counter: Counter) -> None:
    sold = counter.sell(counter.alex, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    [entry] = counter.rows(CommissioningLogEntry)
    assert entry.deponent_name == "Zoë Côté"  # stored exactly
    assert (entry.document_type, entry.id_type, entry.id_last_digits) == (
        "Commissioning – affidavit",
        "Passport",
        "4821",
    )
    assert (entry.commissioner_id, entry.sale_id) == (counter.alex.id, sold.sale_id)
    [sent] = [o for o in counter.rows(OutboxEntry) if o.kind == "commission_log"]
    PAYLOAD_MODELS["commission_log"].model_validate(sent.payload)
    assert sold.receipt.lines[0].detail == "Deponent: Zoë Côté"


def test_only_a_commissioner_may_commission_and_nothing_is_written(counter: Counter) -> None:
    before = counter.snapshot()
    with pytest.raises(NotPermitted, match="commissioner appointment"):
        counter.sell(counter.jordan, (AFFIDAVIT,), (TenderInput(CASH, 2000),))
    assert counter.snapshot() == before


def test_commissioning_without_the_log_details_is_refused(counter: Counter) -> None:
    line = LineRequest("COM-AFF", 1, AFFIDAVIT_CHECKLIST, {"answers": {"deponent_name": "X"}})
    with pytest.raises(ServiceError, match="ID seen is required"):
        counter.sell(counter.alex, (line,), (TenderInput(CASH, 2000),))


# --- licences from numbered stock ------------------------------------------------------------


def test_marriage_licence_takes_the_next_provincial_form_and_keeps_both_names(
    counter: Counter,
) -> None:
    first = counter.sell(counter.alex, (marriage(),), (TenderInput(CASH, 14900),))
    second = counter.sell(counter.alex, (marriage(),), (TenderInput(CASH, 14900),))
    assert first.receipt.lines[0].detail == (
        "Licence ON-M-20264101: Aoife Ní Bhraonáin and Дмитрий Смирнов; valid until 2027-05-31"
    )
    assert "ON-M-20264102" in second.receipt.lines[0].detail
    line = next(ln for ln in counter.rows(SaleLine) if ln.sale_id == first.sale_id)
    assert line.detail["answers"]["applicant_2_name"] == "Дмитрий Смирнов"
    assert line.detail["stock_number"] == "ON-M-20264101"
    assert line.detail["expires"] == "2027-05-31"  # valid 90 days in Ontario
    issued = sorted(r.number for r in counter.rows(StockIssue))
    assert issued == ["ON-M-20264101", "ON-M-20264102"]


def test_marriage_licence_needs_both_applicants_ids(counter: Counter) -> None:
    answers = {k: v for k, v in COUPLE.items() if k != "applicant_2_id_last_digits"}
    before = counter.snapshot()
    with pytest.raises(ServiceError, match="Applicant 2: first ID, last digits is required"):
        counter.sell(counter.alex, (marriage(answers),), (TenderInput(CASH, 14900),))
    assert counter.snapshot() == before


def test_dog_licence_issues_a_tag_with_an_expiry_and_the_early_fee(counter: Counter) -> None:
    sold = counter.sell(counter.alex, (dog(), dog(dog_name="Max")), (TenderInput(CASH, 3000),))
    details = [ln.detail for ln in sold.receipt.lines]
    assert details == [
        "Tag WD-260501: Rex (Nguyễn Thị Hoa); expires 2027-12-31",
        "Tag WD-260502: Max (Nguyễn Thị Hoa); expires 2027-12-31",
    ]
    assert sold.receipt.total_cents == 3000


def test_a_failed_sale_gives_its_tag_number_back(counter: Counter) -> None:
    for _ in range(50):  # no marriage licence forms left
        spoil_next_form(counter.uow(), SpoilForm(counter.alex, "marriage_licence", "Test"))
    with pytest.raises(ServiceError, match="No marriage licence forms left"):
        # The dog's tag is taken first, then the licence form runs out: all rolled back.
        counter.sell(counter.alex, (dog(), marriage()), (TenderInput(CASH, 16400),))
    sold = counter.sell(counter.alex, (dog(),), (TenderInput(CASH, 1500),))
    assert "WD-260501" in sold.receipt.lines[0].detail


def test_a_spoiled_form_is_recorded_and_never_issued(counter: Counter) -> None:
    spoiled = spoil_next_form(
        counter.uow(),
        SpoilForm(counter.alex, "marriage_licence", "Printer jammed on the form"),
        now=SOLD_AT,
    )
    assert spoiled == "ON-M-20264101"
    sold = counter.sell(counter.alex, (marriage(),), (TenderInput(CASH, 14900),))
    assert "ON-M-20264102" in sold.receipt.lines[0].detail
    rows = {r.number: r for r in counter.rows(StockIssue)}
    assert (rows["ON-M-20264101"].status, rows["ON-M-20264101"].sale_id) == ("spoiled", None)
    assert rows["ON-M-20264102"].status == "issued"
    sent = [o.payload for o in counter.rows(OutboxEntry) if o.kind == "stock_issue"]
    for payload in sent:
        PAYLOAD_MODELS["stock_issue"].model_validate(payload)
    left = {s.stock_kind: s for s in stock_left(counter.uow())}
    assert (left["marriage_licence"].next_number, left["marriage_licence"].left) == (
        "ON-M-20264103",
        48,
    )


def test_a_spoiled_form_needs_a_reason(counter: Counter) -> None:
    with pytest.raises(ServiceError, match="Say why"):
        spoil_next_form(counter.uow(), SpoilForm(counter.alex, "dog_tag", "  "))


def test_no_stock_left_says_to_ask_head_office(counter: Counter) -> None:
    for _ in range(200):
        spoil_next_form(counter.uow(), SpoilForm(counter.alex, "dog_tag", "Test"), now=SOLD_AT)
    with pytest.raises(ServiceError, match="No dog tags left at this station"):
        counter.sell(counter.alex, (dog(),), (TenderInput(CASH, 1500),))


# --- the rest of the licences -------------------------------------------------------------------


def test_lottery_business_and_burial_in_one_visit(counter: Counter) -> None:
    lottery = LineRequest(
        "LIC-LOT",
        1,
        ("Organization is an eligible charity",),
        {
            "answers": {
                "organization": "Whitby Lions Club",
                "licence_type": "Raffle",
                "prize_value": "12,500.00",
            }
        },
    )
    business = LineRequest(
        "LIC-BUS",
        detail={"answers": {"business_name": "Café Olé", "licence_number": "BL-2026-0042"}},
    )
    burial = LineRequest(
        "PER-BUR",
        1,
        BURIAL_CHECKLIST,
        {
            "answers": {
                "deceased_name": "Joseph O'Neill",
                "date_of_death": "2027-02-27",
                "funeral_home": "Barnes Memorial",
            }
        },
    )
    sold = counter.sell(
        counter.alex, (lottery, business, burial), (TenderInput(CASH, 37500 + 18500 + 1000),)
    )
    assert [(ln.amount_cents, ln.detail) for ln in sold.receipt.lines] == [
        (37500, "Raffle for Whitby Lions Club; prizes $12,500.00"),
        (18500, "Café Olé, licence BL-2026-0042; renewed to 2027-12-31"),
        (1000, "Joseph O'Neill (died 2027-02-27), Barnes Memorial"),
    ]


def test_burial_permit_date_must_be_a_date(counter: Counter) -> None:
    burial = LineRequest(
        "PER-BUR",
        1,
        BURIAL_CHECKLIST,
        {"answers": {"deceased_name": "A", "date_of_death": "last Tuesday", "funeral_home": "B"}},
    )
    with pytest.raises(ServiceError, match="a date like"):
        counter.sell(counter.alex, (burial,), (TenderInput(CASH, 1000),))


def test_the_fee_is_for_the_day_paid(counter: Counter) -> None:
    late = datetime(2027, 6, 1, 15, 0, tzinfo=UTC)
    sold = counter.sell(counter.alex, (dog(),), (TenderInput(CASH, 3000),), now=late)
    assert sold.receipt.total_cents == 3000
