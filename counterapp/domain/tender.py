"""Tenders and how a set of them settles a visit's total.

Rules (DOMAIN.md, "Money rules"):
- change is given only in cash;
- when cash settles what is left to pay, what is left is rounded to the
  nearest 5 cents and the rounding is recorded so the books balance;
- cheque, card and e-transfer amounts are exact and never exceed what is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counterapp.domain.money import cash_round
from counterapp.i18n import MessageError, Word


class TenderKind(StrEnum):
    CASH = "cash"
    CHEQUE = "cheque"
    DEBIT = "debit"
    CREDIT = "credit"
    ETRANSFER = "etransfer"
    MONEY_ORDER = "money_order"


#: What each tender kind is called (the window translates it: ui/core_labels.py).
TENDER_LABELS = {
    TenderKind.CASH: "Cash",
    TenderKind.CHEQUE: "Cheque",
    TenderKind.DEBIT: "Debit",
    TenderKind.CREDIT: "Credit",
    TenderKind.ETRANSFER: "e-Transfer",
    TenderKind.MONEY_ORDER: "Money order",
}


class TenderError(MessageError, ValueError):
    """Tenders that cannot settle the total. ``str()`` is the message to show."""


class ShortTender(TenderError):
    def __init__(self, still_due: int) -> None:
        self.still_due = still_due
        super().__init__("The tender is short: {due_cents} is still due.", due_cents=still_due)


@dataclass(frozen=True, slots=True)
class TenderInput:
    """What the associate entered: the kind and the amount handed over."""

    kind: TenderKind
    amount_cents: int
    reference: str = ""


@dataclass(frozen=True, slots=True)
class AppliedTender:
    kind: TenderKind
    tendered_cents: int  # what was handed over
    applied_cents: int  # what counts against the total (tendered minus change)
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Settlement:
    total_cents: int
    rounding_cents: int  # added to the total when cash settled it (may be negative)
    tenders: tuple[AppliedTender, ...]
    change_cents: int

    @property
    def amount_due_cents(self) -> int:
        """The total as actually paid: total plus cash rounding."""
        return self.total_cents + self.rounding_cents


def amount_due(total_cents: int, already_paid_cents: int, kind: TenderKind) -> int:
    """What is left to pay by a tender of ``kind`` (rounded when it is cash)."""
    remaining = total_cents - already_paid_cents
    return cash_round(remaining) if kind is TenderKind.CASH else remaining


def settle(total_cents: int, tenders: list[TenderInput] | tuple[TenderInput, ...]) -> Settlement:
    """Apply tenders in order against ``total_cents``.

    Raises ``TenderError`` (with a message for the associate) when the tenders
    do not settle the total exactly.
    """
    if total_cents <= 0:
        raise TenderError("There is nothing to pay.")
    if not tenders:
        raise ShortTender(total_cents)
    remaining = total_cents
    rounding = 0
    change = 0
    applied: list[AppliedTender] = []
    for t in tenders:
        if t.amount_cents <= 0:
            raise TenderError("Each tender must be more than zero.")
        if remaining <= 0:
            raise TenderError("The total is already paid; remove the extra tender.")
        if t.kind is TenderKind.CASH:
            due = cash_round(remaining)
            if t.amount_cents >= due:
                change = t.amount_cents - due
                rounding = due - remaining
                applied.append(AppliedTender(t.kind, t.amount_cents, due, t.reference))
                remaining = 0
                continue
            if t.amount_cents >= remaining:
                # Between the exact and the rounded-up amount: in cash the due
                # is the rounded one, and a part payment cannot overshoot.
                raise TenderError(
                    "In cash the amount due is {due_cents} (rounded to 5 cents).", due_cents=due
                )
            applied.append(AppliedTender(t.kind, t.amount_cents, t.amount_cents, t.reference))
            remaining -= t.amount_cents
        else:
            if t.amount_cents > remaining:
                raise TenderError(
                    "A {tender} tender cannot be more than what is due ({remaining_cents}); "
                    "change is given only in cash.",
                    tender=Word(TENDER_LABELS[t.kind]),
                    remaining_cents=remaining,
                )
            applied.append(AppliedTender(t.kind, t.amount_cents, t.amount_cents, t.reference))
            remaining -= t.amount_cents
    if remaining > 0:
        raise ShortTender(remaining)
    return Settlement(total_cents, rounding, tuple(applied), change)
