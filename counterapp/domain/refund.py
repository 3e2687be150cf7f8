"""The arithmetic of handing money back: how much of a line, which tenders.

Rules (DOMAIN.md, "Money rules"; the issue's "Correct mistakes"):
- a refund never exceeds what was paid for a line, over every refund of it;
- the HST handed back is the line's HST in proportion, and the last refund of
  a line returns exactly what is left of it, so the books come back to zero;
- money goes back the way it came (cards and cheques first, in the order
  they were taken, then cash) or all in cash when the visitor asks;
- cash handed back is rounded to the nearest 5 cents, the rounding recorded.
Pure: no I/O. Amounts are integer cents, positive here (the record negates them).
"""

from __future__ import annotations

from dataclasses import dataclass

from counterapp.domain.money import cash_round
from counterapp.domain.tender import TenderKind
from counterapp.i18n import MessageError


class RefundError(MessageError, ValueError):
    """A refund that cannot be made as asked. ``str()`` is the message to show."""


@dataclass(frozen=True, slots=True)
class LinePaid:
    """One line of the original sale, and what earlier refunds already returned of it."""

    amount_cents: int  # before tax
    tax_cents: int
    refunded_amount_cents: int = 0
    refunded_tax_cents: int = 0

    @property
    def refundable_cents(self) -> int:
        return (
            self.amount_cents + self.tax_cents - self.refunded_amount_cents
            - self.refunded_tax_cents
        )  # fmt: skip


def split_refund(line: LinePaid, refund_cents: int) -> tuple[int, int]:
    """(amount, tax) of refunding ``refund_cents`` of ``line`` (tax included)."""
    if refund_cents <= 0:
        raise RefundError("A refund must be more than zero.")
    left = line.refundable_cents
    if refund_cents > left:
        raise RefundError(
            "Only {left_cents} of that line is left to refund; {refund_cents} is more than was "
            "paid.",
            left_cents=left,
            refund_cents=refund_cents,
        )
    tax_left = line.tax_cents - line.refunded_tax_cents
    if refund_cents == left:
        tax = tax_left
    else:
        gross = line.amount_cents + line.tax_cents
        tax = min(tax_left, (line.tax_cents * refund_cents * 2 + gross) // (2 * gross))
    return refund_cents - tax, tax


@dataclass(frozen=True, slots=True)
class TenderBack:
    kind: TenderKind
    applied_cents: int  # what leaves the drawer / goes back on the card (positive)


@dataclass(frozen=True, slots=True)
class RefundTenders:
    tenders: tuple[TenderBack, ...]
    rounding_cents: int  # handed back minus owed (cash rounding), so the books balance


def refund_tenders(
    paid: list[tuple[TenderKind, int]], refund_cents: int, *, to_cash: bool = False
) -> RefundTenders:
    """How ``refund_cents`` goes back, given what is still refundable per tender
    of the original sale (``paid``: kind and amount, in the order taken)."""
    if refund_cents <= 0:
        raise RefundError("A refund must be more than zero.")
    parts: list[tuple[TenderKind, int]] = []
    left = refund_cents
    if not to_cash:
        ordered = [p for p in paid if p[0] is not TenderKind.CASH] + [
            p for p in paid if p[0] is TenderKind.CASH
        ]
        for kind, available in ordered:
            take = min(left, max(available, 0))
            if take > 0:
                parts.append((kind, take))
                left -= take
    if left > 0:
        parts.append((TenderKind.CASH, left))
    merged: dict[TenderKind, int] = {}
    for kind, cents in parts:
        merged[kind] = merged.get(kind, 0) + cents
    backs: list[TenderBack] = []
    rounding = 0
    for kind, cents in merged.items():
        if kind is TenderKind.CASH:
            handed = cash_round(cents)
            if handed == 0:
                raise RefundError(
                    "{amount_cents} in cash rounds to nothing; refund it to the card or cheque "
                    "it was paid with.",
                    amount_cents=cents,
                )
            rounding += handed - cents
            cents = handed
        backs.append(TenderBack(kind, cents))
    return RefundTenders(tuple(backs), rounding)
