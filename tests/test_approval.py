"""One supervisor approval, the same rule for every use: voids, refunds, a tender over
its limit, a no-sale, a paid-out, a shift's sign-off. The supervisor's own password or
PIN, never their own transaction, and every refusal audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from counterapp.db.models import AuditEntry, Sale
from counterapp.domain.cash_count import CashCount
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services import drawer
from counterapp.services.approval import ApprovalRefused, SupervisorApproval
from counterapp.services.auth import StaffIdentity
from counterapp.services.corrections import RefundLine, RefundSale, VoidSale, refund_sale, void_sale
from counterapp.services.device_jobs import NoSale, open_drawer_no_sale
from counterapp.services.sales import CompleteSale, complete_sale
from tests.counter_support import (
    HOA_ROLL,
    SOLD_AT,
    Counter,
    tax,
)

CASH, DEBIT = TenderKind.CASH, TenderKind.DEBIT
Work = Callable[[Counter, StaffIdentity, SupervisorApproval], object]


def _sold_by(c: Counter, who: StaffIdentity) -> str:
    return c.sell(who, (tax(HOA_ROLL, 5000),), (TenderInput(DEBIT, 5000),)).receipt_no


def void(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    number = _sold_by(c, who)
    return void_sale(c.uow(), VoidSale(who, number, "Wrong roll", approval), now=SOLD_AT)


def refund(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    number = _sold_by(c, who)
    cmd = RefundSale(who, number, (RefundLine(1, 1000),), "Overpaid", approval)
    return refund_sale(c.uow(), cmd, now=SOLD_AT)


def tender_limit(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    line = (tax(HOA_ROLL, 350000),)  # $3,500.00 cash: over the demo's $3,000.00
    cmd = CompleteSale(who, line, (TenderInput(CASH, 350000),), approval)
    return complete_sale(c.uow(), cmd, now=SOLD_AT)


def no_sale(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    cmd = NoSale(who, "Receipt printer", "Make change", approval.username, approval.secret)
    return open_drawer_no_sale(c.uow(), cmd)


def paid_out(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    cmd = drawer.RecordPaidOut(who, 500, "Stamps", approval=approval)  # from their own drawer
    return drawer.record_paid_out(c.uow(), cmd)


def sign_off(c: Counter, who: StaffIdentity, approval: SupervisorApproval) -> object:
    shift = drawer.current_shift(c.uow(), who.id)  # the drawer they opened this morning
    assert shift is not None
    drawer.submit_count(c.uow(), drawer.SubmitCount(who, CashCount.of({"20": 10})))
    return drawer.sign_off(c.uow(), drawer.SignOff(shift.id, approval))


EVERY_USE: dict[str, Work] = {
    "void": void,
    "refund": refund,
    "tender over the limit": tender_limit,
    "no-sale": no_sale,
    "paid-out": paid_out,
    "shift sign-off": sign_off,
}
PIN = SupervisorApproval("sam", "2468")
PASSWORD = SupervisorApproval("Sam", "supervisor")


def refusals(c: Counter) -> list[dict]:
    return [a.detail for a in c.rows(AuditEntry) if a.action == "approval.refused"]


@pytest.mark.parametrize("what", EVERY_USE)
def test_a_supervisor_approves_with_their_pin(counter: Counter, what: str) -> None:
    assert EVERY_USE[what](counter, counter.alex, PIN) is not None
    assert refusals(counter) == []


@pytest.mark.parametrize("what", ["void", "no-sale", "shift sign-off"])
def test_a_supervisor_approves_with_their_password(counter: Counter, what: str) -> None:
    assert EVERY_USE[what](counter, counter.alex, PASSWORD) is not None


@pytest.mark.parametrize("what", EVERY_USE)
def test_a_wrong_pin_is_refused_and_audited(counter: Counter, what: str) -> None:
    sales_before = len(counter.rows(Sale))
    with pytest.raises(ApprovalRefused, match="password or PIN is not right"):
        EVERY_USE[what](counter, counter.alex, SupervisorApproval("sam", "0000"))
    assert refusals(counter) == [{"for": what}]
    made = len(counter.rows(Sale)) - sales_before
    assert made == (1 if what in ("void", "refund") else 0)  # only the original sale


@pytest.mark.parametrize("what", EVERY_USE)
def test_an_associate_cannot_approve(counter: Counter, what: str) -> None:
    with pytest.raises(ApprovalRefused, match="that sign-in is not one"):
        EVERY_USE[what](counter, counter.alex, SupervisorApproval("jordan", "counter"))
    assert refusals(counter) == [{"for": what}]


@pytest.mark.parametrize("what", EVERY_USE)
def test_a_supervisor_never_approves_their_own(counter: Counter, what: str) -> None:
    with pytest.raises(ApprovalRefused, match=f"cannot approve their own (cash )?{what}"):
        EVERY_USE[what](counter, counter.sam, PIN)
    assert refusals(counter) == [{"for": what}]
