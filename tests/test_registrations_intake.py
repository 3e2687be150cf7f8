"""Registrations with capacity and a waitlist, cancellation by the program's
refund rule, facility rental with HST, intake with reference numbers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from counterapp.db.models import OutboxEntry, Registration
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.approval import SupervisorApproval
from counterapp.services.errors import ServiceError
from counterapp.services.intake import RecordIntake, intake_status, record_intake
from counterapp.services.registrations import (
    CancelRegistration,
    cancel_registration,
    find_registrations,
)
from counterapp.services.sales import LineRequest
from counterapp.sync.wire import PAYLOAD_MODELS
from printing.escpos_receipt import receipt_text
from tests.counter_support import Counter

CASH, DEBIT = TenderKind.CASH, TenderKind.DEBIT
DEC_1 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # swim lessons start 2027-01-09
SAM_PIN = SupervisorApproval("sam", "2468")


def swim(name: str) -> LineRequest:
    answers = {"participant_name": name, "participant_birth_date": "2016-05-04"}
    return LineRequest("REG-SWIM", detail={"answers": answers})


def test_the_fourth_swimmer_goes_on_the_waitlist_at_no_charge(counter: Counter) -> None:
    # 8 places, 5 taken at head office's last update.
    sold = counter.sell(
        counter.alex,
        (swim("Léa Roy"), swim("Omar Ali"), swim("Mei Chen"), swim("Ивана Петрова")),
        (TenderInput(DEBIT, 3 * 9800),),
        now=DEC_1,
    )
    assert [ln.amount_cents for ln in sold.receipt.lines] == [9800, 9800, 9800, 0]
    assert sold.receipt.lines[3].detail == (
        "Ивана Петрова: waitlisted, no charge until a seat opens; starts 2027-01-09"
    )
    statuses = sorted((r.participant_name, r.status) for r in counter.rows(Registration))
    assert statuses[0] == ("Léa Roy", "enrolled")
    assert ("Ивана Петрова", "waitlisted") in statuses
    for o in counter.rows(OutboxEntry):
        if o.kind in PAYLOAD_MODELS and o.kind != "audit":
            PAYLOAD_MODELS[o.kind].model_validate(o.payload)


def test_a_waitlist_place_alone_is_recorded_with_no_tender(counter: Counter) -> None:
    answers = {"participant_name": "Ana Silva", "participant_birth_date": "1980-01-01"}
    sold = counter.sell(
        counter.alex, (LineRequest("REG-ART", detail={"answers": answers}),), (), now=DEC_1
    )  # pottery is full
    assert sold.receipt.total_cents == 0
    assert sold.settlement.tenders == ()
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == sold.sale_id]
    PAYLOAD_MODELS["sale"].model_validate(sent.payload)


@pytest.mark.parametrize(
    ("on", "back"),
    [
        (datetime(2026, 12, 20, 15, 0, tzinfo=UTC), 9800),  # 20 days before: all of it
        (datetime(2027, 1, 5, 15, 0, tzinfo=UTC), 8300),  # 4 days before: less $15.00
        (datetime(2027, 1, 10, 15, 0, tzinfo=UTC), 0),  # started: nothing
    ],
)
def test_cancelling_a_registration_refunds_by_the_programs_rule(
    counter: Counter, on: datetime, back: int
) -> None:
    counter.sell(counter.alex, (swim("Léa Roy"),), (TenderInput(DEBIT, 9800),), now=DEC_1)
    [reg] = find_registrations(counter.uow(), "lea")
    result = cancel_registration(
        counter.uow(), CancelRegistration(counter.alex, reg.id, "Moving away", SAM_PIN), now=on
    )
    assert result.refund_cents == back
    if back:
        assert result.refund is not None
        assert [(t.kind, t.applied_cents) for t in result.refund.settlement.tenders] == [
            (DEBIT, -back)
        ]
    [after] = find_registrations(counter.uow(), "lea")
    assert after.status == "cancelled"


def test_money_back_needs_a_supervisor_and_frees_the_seat(counter: Counter) -> None:
    names = ("A One", "B Two", "C Three")
    counter.sell(
        counter.alex, tuple(swim(n) for n in names), (TenderInput(CASH, 29400),), now=DEC_1
    )
    [reg] = find_registrations(counter.uow(), "b two")
    with pytest.raises(ServiceError, match="a supervisor approves the refund"):
        cancel_registration(
            counter.uow(), CancelRegistration(counter.alex, reg.id, "Ill"), now=DEC_1
        )
    cancel_registration(
        counter.uow(), CancelRegistration(counter.alex, reg.id, "Ill", SAM_PIN), now=DEC_1
    )
    sold = counter.sell(counter.alex, (swim("D Four"),), (TenderInput(CASH, 9800),), now=DEC_1)
    assert "enrolled" in sold.receipt.lines[0].detail  # the freed seat
    with pytest.raises(ServiceError, match="already cancelled"):
        cancel_registration(
            counter.uow(), CancelRegistration(counter.alex, reg.id, "Ill", SAM_PIN), now=DEC_1
        )


def test_facility_rental_is_priced_by_the_hour_with_hst(counter: Counter) -> None:
    answers = {
        "renter_name": "Whitby Minor Hockey",
        "rental_date": "2027-01-16",
        "start_time": "18:00",
        "hours": "2",
    }
    sold = counter.sell(
        counter.alex,
        (LineRequest("RNT-ICE", detail={"answers": answers}),),
        (TenderInput(DEBIT, 59890),),
        now=DEC_1,
    )
    assert (sold.receipt.subtotal_cents, sold.receipt.tax_cents) == (53000, 6890)
    assert "HST                                       $68.90" in receipt_text(sold.receipt)


# --- intake -------------------------------------------------------------------------------------


def test_a_request_gets_a_reference_number_and_its_status_can_be_looked_up(
    counter: Counter,
) -> None:
    taken = record_intake(
        counter.uow(),
        RecordIntake(
            counter.jordan,
            "request",
            "By-law Services",
            "Pothole on Brock St N at Mary St",
            "Deep, near the curb lane.",
            "Zoë Côté",
            "905-555-0142",
        ),
        now=DEC_1,
    )
    assert taken.reference_no == "SR-WHB-01-000001"
    complaint = record_intake(
        counter.uow(),
        RecordIntake(counter.jordan, "complaint", "Community Services", "Pool too cold"),
        now=DEC_1,
    )
    assert complaint.reference_no == "CP-WHB-01-000002"
    status = intake_status(counter.uow(), " sr-whb-01-000001 ")
    assert (status.status, status.department) == ("Received", "By-law Services")
    assert "Pothole on Brock St N" in status.text()
    text = receipt_text(taken.slip)
    assert any("SR-WHB-01-000001" in line for line in text)
    assert any("Routed to By-law Services" in line for line in text)
    sent = [o for o in counter.rows(OutboxEntry) if o.kind == "intake"]
    assert len(sent) == 2
    for o in sent:
        PAYLOAD_MODELS["intake"].model_validate(o.payload)


def test_hand_delivered_letter_is_stamped_received(counter: Counter) -> None:
    stamped = record_intake(
        counter.uow(),
        RecordIntake(counter.jordan, "correspondence", "Clerk's Office", "Letter to Council"),
        now=DEC_1,
    )
    text = receipt_text(stamped.slip)
    assert any("*** RECEIVED ***" in line for line in text)
    assert any("for Clerk's Office" in line for line in text)


@pytest.mark.parametrize(
    ("cmd_args", "message"),
    [
        (("request", "Nowhere Dept", "Pothole"), "no department called 'Nowhere Dept'"),
        (("request", "", "Pothole"), "Choose the department"),
        (("request", "By-law Services", "  "), "subject"),
        (("gossip", "By-law Services", "X"), "Unknown kind"),
        (("request", "By-law Services", "x" * 121), "at most 120"),
    ],
)
def test_intake_refusals_say_why_and_use_no_number(
    counter: Counter, cmd_args: tuple[str, str, str], message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        record_intake(counter.uow(), RecordIntake(counter.jordan, *cmd_args))
    ok = record_intake(
        counter.uow(), RecordIntake(counter.jordan, "request", "By-law Services", "Noise")
    )
    assert ok.reference_no == "SR-WHB-01-000001"


def test_unknown_reference_says_so(counter: Counter) -> None:
    with pytest.raises(ServiceError, match="No reference SR-WHB-01-000099"):
        intake_status(counter.uow(), "SR-WHB-01-000099")


def _ice(start: str, hours: str, day: str = "2027-01-16") -> LineRequest:
    answers = {"renter_name": "Whitby Wolves", "rental_date": day, "start_time": start,
               "hours": hours}  # fmt: skip
    return LineRequest("RNT-ICE", detail={"answers": answers})


def test_the_ice_is_not_booked_twice(counter: Counter) -> None:
    sold = counter.sell(
        counter.alex, (_ice("18:00", "2"),), (TenderInput(DEBIT, 59890),), now=DEC_1
    )
    with pytest.raises(ServiceError, match=r"already booked on 2027-01-16 from 18:00 to 20:00"):
        counter.sell(counter.alex, (_ice("19:30", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)
    with pytest.raises(ServiceError, match="in this visit"):
        counter.sell(
            counter.alex, (_ice("08:00", "1"), _ice("08:30", "1")), (TenderInput(DEBIT, 59890),),
            now=DEC_1,
        )  # fmt: skip
    counter.sell(counter.alex, (_ice("20:00", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)
    with pytest.raises(ServiceError, match="a time like 18:00"):
        counter.sell(counter.alex, (_ice("6pm", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)
    # A voided booking frees the ice.
    from counterapp.services.corrections import VoidSale, void_sale

    void_sale(counter.uow(), VoidSale(counter.alex, sold.receipt_no, "Wrong day", SAM_PIN),
              now=DEC_1)  # fmt: skip
    counter.sell(counter.alex, (_ice("19:00", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)


def test_a_refunded_booking_frees_its_slot_even_with_a_cancellation_charge_kept(
    counter: Counter,
) -> None:
    from counterapp.services.corrections import RefundLine, RefundSale, refund_sale

    two = counter.sell(counter.alex, (_ice("18:00", "2"),), (TenderInput(DEBIT, 59890),), now=DEC_1)
    one = counter.sell(counter.alex, (_ice("09:00", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)
    # The whole fee back: the 18:00 slot is free again.
    refund_sale(counter.uow(), RefundSale(counter.alex, two.receipt_no, (RefundLine(1),),
                "Tournament cancelled", SAM_PIN), now=DEC_1)  # fmt: skip
    again = counter.sell(
        counter.alex, (_ice("18:30", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1
    )
    # $25.00 kept as a cancellation charge: the booking is still cancelled.
    refund_sale(counter.uow(), RefundSale(counter.alex, one.receipt_no, (RefundLine(1, 27445),),
                "Team folded", SAM_PIN), now=DEC_1)  # fmt: skip
    counter.sell(counter.alex, (_ice("09:00", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)
    # A booking that was not refunded still holds its slot.
    with pytest.raises(ServiceError, match=f"receipt {again.receipt_no}"):
        counter.sell(counter.alex, (_ice("18:00", "1"),), (TenderInput(DEBIT, 29945),), now=DEC_1)


def test_mfippa_request_fee_is_statutory_plus_search_time_plus_pages(counter: Counter) -> None:
    answers = {
        "records_sought": "Building permits, 12 Brock St N, 1990-2000",
        "requester_name": "Zoë Côté",
        "search_quarter_hours": "4",
        "pages": "37",
    }
    sold = counter.sell(
        counter.alex,
        (LineRequest("FOI-REQ", detail={"answers": answers}),),
        (TenderInput(DEBIT, 500 + 4 * 750 + 37 * 20),),
        now=DEC_1,
    )
    assert sold.receipt.total_cents == 4240  # $5.00 + $30.00 + $7.40


def test_the_provinces_share_of_a_marriage_licence_is_recorded(counter: Counter) -> None:
    from counterapp.db.models import SaleLine
    from tests.counter_support import marriage

    counter.sell(counter.alex, (marriage(),), (TenderInput(CASH, 14900),))
    [line] = counter.rows(SaleLine)
    assert (line.detail["remit_cents"], line.detail["remit_to"]) == (4800, "Province of Ontario")
