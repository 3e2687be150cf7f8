"""Voids and refunds: new records that reference the original, with a reason
and a supervisor's approval checked in the service layer; nothing edited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from counterapp.db.models import AccountPayment, AuditEntry, OutboxEntry, Sale, SaleLine, Tender
from counterapp.domain.refund import LinePaid, RefundError, refund_tenders, split_refund
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.accounts import find_accounts
from counterapp.services.approval import ApprovalRefused, SupervisorApproval
from counterapp.services.corrections import (
    RefundLine,
    RefundSale,
    VoidSale,
    refund_sale,
    reprint_receipt,
    sale_summary,
    void_sale,
)
from counterapp.services.errors import NotPermitted, ServiceError
from counterapp.services.sales import (
    ApprovalNeeded,
    CompleteSale,
    LineRequest,
    complete_sale,
    stored_receipt,
)
from counterapp.sync.wire import SalePayload
from printing.escpos_receipt import receipt_text
from tests.counter_support import (
    AFFIDAVIT,
    DOG,
    HOA_ROLL,
    SOLD_AT,
    Counter,
    tax,
)

LATER = SOLD_AT + timedelta(hours=1)  # the same day

CASH, DEBIT, CHEQUE = TenderKind.CASH, TenderKind.DEBIT, TenderKind.CHEQUE
SAM_PIN = SupervisorApproval("sam", "2468")
SAM_PASSWORD = SupervisorApproval("Sam", "supervisor")
ROOM = LineRequest("RNT-ROOM")  # $35.00 + $4.55 HST


def mixed_visit(counter: Counter) -> str:
    """$20 affidavit + $500 tax + $15 dog licence, $500 debit + $40 cash."""
    return counter.sell(
        counter.alex,
        (AFFIDAVIT, tax(HOA_ROLL, 50000), DOG),
        (TenderInput(DEBIT, 50000, reference="084412"), TenderInput(CASH, 4000)),
    ).receipt_no


# --- voids ----------------------------------------------------------------------------


def test_void_needs_a_supervisor(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    before = counter.snapshot()
    for wrong in (SupervisorApproval("sam", "1234"), SupervisorApproval("nobody", "2468")):
        with pytest.raises(ApprovalRefused, match="password or PIN is not right"):
            void_sale(
                counter.uow(), VoidSale(counter.alex, receipt_no, "Wrong roll", wrong), now=LATER
            )
    with pytest.raises(ApprovalRefused, match="not one"):
        void_sale(
            counter.uow(),
            VoidSale(
                counter.alex, receipt_no, "Wrong roll", SupervisorApproval("jordan", "counter")
            ),
        )
    after = counter.snapshot()
    assert after["sale"] == before["sale"]
    assert after["station.last_receipt_seq"] == before["station.last_receipt_seq"]
    refusals = [a for a in counter.rows(AuditEntry) if a.action == "approval.refused"]
    assert len(refusals) == 3
    assert all("2468" not in str(a.detail) and "sam" not in str(a.detail) for a in refusals)


def test_a_supervisor_cannot_approve_their_own_void(counter: Counter) -> None:
    receipt_no = counter.sell(counter.sam, (DOG,), (TenderInput(CASH, 1500),)).receipt_no
    with pytest.raises(NotPermitted, match="cannot approve their own void"):
        void_sale(
            counter.uow(), VoidSale(counter.sam, receipt_no, "Keyed twice", SAM_PIN), now=LATER
        )


def test_void_with_the_supervisors_pin_is_a_new_record_and_the_original_is_untouched(
    counter: Counter,
) -> None:
    receipt_no = mixed_visit(counter)
    [original] = counter.rows(Sale)
    original_doc = dict(original.receipt_doc)

    result = void_sale(
        counter.uow(),
        VoidSale(counter.alex, receipt_no, "Visitor paid the wrong roll", SAM_PIN),
        now=LATER,
    )
    assert result.receipt_no == "WHB-01-000002"  # gapless: a void takes the next number
    assert result.open_drawer  # the $35.00 cash goes back from the drawer

    sales = {s.receipt_no: s for s in counter.rows(Sale)}
    kept = sales[receipt_no]
    assert (kept.kind, kept.total_cents, kept.receipt_doc) == ("sale", 53500, original_doc)
    void = sales[result.receipt_no]
    assert (void.kind, void.original_sale_id, void.approved_by) == ("void", kept.id, counter.sam.id)
    assert void.reason == "Visitor paid the wrong roll"
    assert (void.subtotal_cents, void.total_cents, void.change_cents) == (-53500, -53500, 0)
    void_tenders = sorted(
        (t for t in counter.rows(Tender) if t.sale_id == void.id), key=lambda t: t.seq
    )
    assert [(t.kind, t.applied_cents) for t in void_tenders] == [("debit", -50000), ("cash", -3500)]
    void_lines = [ln for ln in counter.rows(SaleLine) if ln.sale_id == void.id]
    assert sorted(ln.amount_cents for ln in void_lines) == [-50000, -2000, -1500]

    # The tax payment is taken off the roll again.
    [hoa] = find_accounts(counter.uow(), HOA_ROLL)
    assert hoa.balance_cents == 287500
    assert sorted(p.amount_cents for p in counter.rows(AccountPayment)) == [-50000, 50000]

    # Head office receives it as a record of its own that balances.
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == void.id]
    SalePayload.model_validate(sent.payload)
    assert any(a.action == "sale.voided" for a in counter.rows(AuditEntry))

    text = receipt_text(result.receipt)
    assert "*** VOID ***" in text[5]
    assert any(f"Void of receipt {receipt_no}" in line for line in text)
    assert any("Approved by Sam O." in line for line in text)


def test_a_sale_is_voided_once(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    void_sale(counter.uow(), VoidSale(counter.alex, receipt_no, "Keyed twice", SAM_PIN), now=LATER)
    with pytest.raises(ServiceError, match="already voided"):
        void_sale(
            counter.uow(), VoidSale(counter.alex, receipt_no, "Keyed twice", SAM_PIN), now=LATER
        )


def test_yesterdays_sale_is_refunded_not_voided(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    tomorrow = SOLD_AT + timedelta(days=1)
    with pytest.raises(ServiceError, match="Only today's sales can be voided"):
        void_sale(counter.uow(), VoidSale(counter.alex, receipt_no, "Late", SAM_PIN), now=tomorrow)


@pytest.mark.parametrize(
    ("receipt_no", "reason", "message"),
    [
        ("WHB-01-000001", "   ", "needs a reason"),
        ("WHB-01-000099", "Keyed twice", "No receipt WHB-01-000099"),
        ("", "Keyed twice", "Enter or scan the receipt number"),
    ],
)
def test_void_refusals_say_why(
    counter: Counter, receipt_no: str, reason: str, message: str
) -> None:
    mixed_visit(counter)
    with pytest.raises(ServiceError, match=message):
        void_sale(counter.uow(), VoidSale(counter.alex, receipt_no, reason, SAM_PIN), now=LATER)


def test_reprint_of_a_void_says_copy_and_void(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    void = void_sale(
        counter.uow(), VoidSale(counter.alex, receipt_no, "Keyed twice", SAM_PIN), now=LATER
    )
    copy = stored_receipt(counter.uow(), void.receipt_no, copy=True)
    text = receipt_text(copy)
    assert any("*** VOID ***" in x for x in text) and any("*** COPY ***" in x for x in text)


# --- refunds ------------------------------------------------------------------------------


def test_refund_part_of_a_line_goes_back_to_the_card(counter: Counter) -> None:
    sold = counter.sell(counter.alex, (ROOM, DOG), (TenderInput(DEBIT, 5455, reference="A1"),))
    result = refund_sale(
        counter.uow(),
        RefundSale(
            counter.alex, sold.receipt_no, (RefundLine(1, 1130),), "Room booked short", SAM_PIN
        ),
    )
    # $11.30 of a $39.55 line: $10.00 and $1.30 HST, back on the debit card.
    [line] = result.receipt.lines
    assert (line.amount_cents, result.receipt.tax_cents) == (-1000, -130)
    assert [(t.kind, t.applied_cents) for t in result.settlement.tenders] == [(DEBIT, -1130)]
    summary = sale_summary(counter.uow(), sold.receipt_no)
    assert summary.lines[0][3] == 3955 - 1130
    assert summary.refunded_cents == 1130
    assert "*** REFUND ***" in "\n".join(receipt_text(result.receipt))


def test_refund_in_cash_is_rounded_to_the_nickel(counter: Counter) -> None:
    sold = counter.sell(counter.alex, (ROOM,), (TenderInput(CHEQUE, 3955, reference="101"),))
    result = refund_sale(
        counter.uow(),
        RefundSale(
            counter.alex, sold.receipt_no, (RefundLine(1, 1333),), "Cancelled", SAM_PIN, True
        ),
    )
    assert [(t.kind, t.applied_cents) for t in result.settlement.tenders] == [(CASH, -1335)]
    assert result.settlement.rounding_cents == -2
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == result.sale_id]
    SalePayload.model_validate(sent.payload)


def test_refunds_never_exceed_what_was_paid(counter: Counter) -> None:
    sold = counter.sell(counter.alex, (ROOM,), (TenderInput(CASH, 4000),))
    refund_sale(
        counter.uow(),
        RefundSale(counter.alex, sold.receipt_no, (RefundLine(1, 3000),), "Part", SAM_PIN),
    )
    with pytest.raises(ServiceError, match=r"Only \$9.55 of that line is left to refund"):
        refund_sale(
            counter.uow(),
            RefundSale(counter.alex, sold.receipt_no, (RefundLine(1, 1000),), "More", SAM_PIN),
        )
    rest = refund_sale(
        counter.uow(),
        RefundSale(counter.alex, sold.receipt_no, (RefundLine(1),), "The rest", SAM_PIN),
    )
    assert rest.settlement.total_cents == -955
    with pytest.raises(ServiceError, match="fully refunded"):
        refund_sale(
            counter.uow(),
            RefundSale(counter.alex, sold.receipt_no, (RefundLine(1),), "Again", SAM_PIN),
        )
    with pytest.raises(ServiceError, match="has a refund already"):
        void_sale(
            counter.uow(), VoidSale(counter.alex, sold.receipt_no, "Oops", SAM_PIN), now=LATER
        )


def test_refund_of_a_tax_payment_puts_the_balance_back(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    refund_sale(
        counter.uow(),
        RefundSale(counter.alex, receipt_no, (RefundLine(2, 20000),), "Paid too much", SAM_PIN),
    )
    [hoa] = find_accounts(counter.uow(), HOA_ROLL)
    assert hoa.balance_cents == 287500 - 30000


# --- the wire ------------------------------------------------------------------------------


def test_head_office_refuses_a_void_without_a_reason_or_a_sale_with_negative_lines(
    counter: Counter,
) -> None:
    receipt_no = mixed_visit(counter)
    void = void_sale(
        counter.uow(), VoidSale(counter.alex, receipt_no, "Keyed twice", SAM_PIN), now=LATER
    )
    outbox = {o.id: o.payload for o in counter.rows(OutboxEntry)}
    payload = outbox[void.sale_id]
    with pytest.raises(ValidationError, match="needs a reason"):
        SalePayload.model_validate({**payload, "reason": ""})
    with pytest.raises(ValidationError, match="cannot be negative"):
        SalePayload.model_validate({**payload, "kind": "sale"})


# --- the arithmetic, for every case ---------------------------------------------------------


@given(
    amount=st.integers(min_value=1, max_value=1_000_000),
    rate=st.sampled_from([0, 1300]),
    asks=st.lists(st.integers(min_value=1, max_value=1_200_000), min_size=1, max_size=6),
)
def test_refunds_of_a_line_never_add_up_to_more_than_was_paid(
    amount: int, rate: int, asks: list[int]
) -> None:
    tax_cents = (amount * rate + 5000) // 10000
    line = LinePaid(amount, tax_cents)
    for ask in asks:
        try:
            a, t = split_refund(line, ask)
        except RefundError:
            assert ask > line.refundable_cents
            continue
        assert a + t == ask and t >= 0 and a >= 0
        line = LinePaid(amount, tax_cents, line.refunded_amount_cents + a,
                        line.refunded_tax_cents + t)  # fmt: skip
        assert line.refunded_amount_cents <= amount
        assert line.refunded_tax_cents <= tax_cents
    assert line.refundable_cents >= 0


@given(
    paid=st.lists(
        st.tuples(st.sampled_from(list(TenderKind)), st.integers(min_value=0, max_value=100_000)),
        min_size=1,
        max_size=4,
    ),
    owed=st.integers(min_value=3, max_value=100_000),
    to_cash=st.booleans(),
)
def test_refund_tenders_hand_back_what_is_owed_plus_the_recorded_rounding(
    paid: list[tuple[TenderKind, int]], owed: int, to_cash: bool
) -> None:
    plan = refund_tenders(paid, owed, to_cash=to_cash)
    assert sum(t.applied_cents for t in plan.tenders) == owed + plan.rounding_cents
    assert abs(plan.rounding_cents) <= 2
    for t in plan.tenders:
        if t.kind is not CASH:
            assert t.applied_cents <= sum(c for k, c in paid if k is t.kind)


# --- tenders over the limit -----------------------------------------------------------------


def test_cash_over_the_limit_needs_a_supervisor(counter: Counter) -> None:
    # $3,500.00 on a tax roll in cash: over the demo's $3,000.00 cash limit.
    line = (tax(HOA_ROLL, 350000),)
    before = counter.snapshot()
    with pytest.raises(ApprovalNeeded, match=r"Cash of \$3,500.00 is over the \$3,000.00"):
        counter.sell(counter.alex, line, (TenderInput(CASH, 350000),))
    assert counter.snapshot() == before
    with pytest.raises(ApprovalRefused):
        complete_sale(
            counter.uow(),
            CompleteSale(
                counter.alex, line, (TenderInput(CASH, 350000),), SupervisorApproval("sam", "0000")
            ),  # fmt: skip
            now=SOLD_AT,
        )
    sold = complete_sale(
        counter.uow(),
        CompleteSale(counter.alex, line, (TenderInput(CASH, 350000),), SAM_PIN),
        now=SOLD_AT,
    )
    [sale] = counter.rows(Sale)
    assert (sale.receipt_no, sale.approved_by) == (sold.receipt_no, counter.sam.id)
    assert any(a.action == "approval.refused" for a in counter.rows(AuditEntry))
    [sent] = [o for o in counter.rows(OutboxEntry) if o.id == sale.id]
    assert sent.payload["approved_by"] == counter.sam.id


def test_the_same_amount_on_debit_needs_no_supervisor(counter: Counter) -> None:
    counter.sell(counter.alex, (tax(HOA_ROLL, 350000),), (TenderInput(DEBIT, 350000),))
    [sale] = counter.rows(Sale)
    assert sale.approved_by is None


def test_a_reprint_says_copy_and_is_audited(counter: Counter) -> None:
    receipt_no = mixed_visit(counter)
    copy = reprint_receipt(counter.uow(), counter.jordan, receipt_no.lower())
    assert copy.copy and copy.receipt_no == receipt_no
    assert sum("*** COPY ***" in line for line in receipt_text(copy)) == 2  # head and foot
    [entry] = [a for a in counter.rows(AuditEntry) if a.action == "receipt.reprinted"]
    assert (entry.staff_id, entry.detail) == (counter.jordan.id, {"receipt_no": receipt_no})
    [sale] = counter.rows(Sale)
    assert sale.receipt_doc.get("copy", False) is False  # the stored original is untouched
