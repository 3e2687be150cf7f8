"""End-of-shift arithmetic: what the drawer should hold, what it holds, the difference.

Plain data in, plain data out (no database), so a property test can throw
any mix of sales, voids, refunds, pickups and paid-outs at it.

The rule a finance clerk checks by hand::

    expected cash = float + cash in − change − cash out − paid-outs − pickups

where *cash in* is the cash handed over on sales, *change* what went back
with them, and *cash out* the cash given back on voids and refunds.

Voids and refunds are records of their own (``kind`` "void" / "refund").
Whether their amounts are stored negative or as positive magnitudes is the
transactions' business; ``Transaction.direction`` reads either convention,
so a void always takes money *out* of the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from counterapp.domain.tender import TenderKind

TENDER_ORDER: tuple[str, ...] = tuple(k.value for k in TenderKind)
TransactionKind = Literal["sale", "void", "refund"]
MovementKind = Literal["pickup", "paid_out"]


def direction(kind: str, applied_cents: int, total_cents: int) -> int:
    """How a record's stored amounts count: +1 as stored, −1 flipped.

    A sale counts as stored. A void or refund stored with positive amounts
    is flipped; one stored with negative amounts is taken as it is.
    """
    if kind == "sale":
        return 1
    magnitude = applied_cents if applied_cents else total_cents
    return -1 if magnitude > 0 else 1


@dataclass(frozen=True, slots=True)
class TxLine:
    gl_account: str
    department: str
    amount_cents: int  # before tax, as stored
    tax_cents: int
    service_code: str = ""
    description: str = ""
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class TxTender:
    kind: str  # a TenderKind value
    tendered_cents: int
    applied_cents: int
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Transaction:
    """A committed sale, void or refund as the reconciliation sees it."""

    receipt_no: str
    kind: str  # TransactionKind
    total_cents: int
    tax_cents: int
    rounding_cents: int
    change_cents: int
    lines: tuple[TxLine, ...] = ()
    tenders: tuple[TxTender, ...] = ()

    @property
    def direction(self) -> int:
        """+1 when this record brings money in, −1 when it gives money back."""
        return direction(self.kind, sum(t.applied_cents for t in self.tenders), self.total_cents)

    def signed(self, cents: int) -> int:
        return cents * self.direction


@dataclass(frozen=True, slots=True)
class Movement:
    """Cash that left the drawer without a sale: a pickup to the safe or a paid-out."""

    kind: str  # MovementKind
    amount_cents: int  # always positive
    reason: str = ""
    gl_account: str = ""  # for a paid-out: the expense it is charged to


@dataclass(frozen=True, slots=True)
class ServiceTotal:
    gl_account: str
    department: str
    service_code: str
    description: str
    quantity: int
    amount_cents: int


@dataclass(frozen=True, slots=True)
class ShiftFigures:
    float_cents: int
    sales_count: int
    sales_cents: int  # totals of sales (with tax, before rounding)
    voids_count: int
    voids_cents: int  # money taken back by voids (positive)
    refunds_count: int
    refunds_cents: int  # money given back by refunds (positive)
    cash_in_cents: int
    change_cents: int
    cash_out_cents: int  # cash given back on voids and refunds
    paid_outs_cents: int
    paid_outs_count: int
    pickups_cents: int
    pickups_count: int
    no_sales: int
    tax_cents: int  # net HST collected
    rounding_cents: int  # net cash rounding
    by_tender: dict[str, int]  # net applied per tender kind
    by_service: tuple[ServiceTotal, ...]
    by_gl: dict[tuple[str, str], int]  # (gl account, department) → net revenue before tax
    cheques: tuple[tuple[str, str, int], ...]  # (receipt no, reference, cents) taken in
    expected: dict[str, int] = field(default_factory=dict)

    @property
    def expected_cash_cents(self) -> int:
        return self.expected["cash"]

    @property
    def net_cents(self) -> int:
        return sum(self.by_tender.values())


def expected_cash(
    float_cents: int,
    cash_in_cents: int,
    change_cents: int,
    cash_out_cents: int,
    paid_outs_cents: int,
    pickups_cents: int,
) -> int:
    """The drawer's cash at close, to the cent."""
    return (
        float_cents
        + cash_in_cents
        - change_cents
        - cash_out_cents
        - paid_outs_cents
        - pickups_cents
    )


def shift_figures(
    float_cents: int,
    transactions: Iterable[Transaction],
    movements: Iterable[Movement] = (),
    *,
    no_sales: int = 0,
) -> ShiftFigures:
    """Every figure of a shift's Z report, from its records."""
    sales_count = voids_count = refunds_count = 0
    sales_cents = voids_cents = refunds_cents = 0
    cash_in = change = cash_out = 0
    tax = rounding = 0
    by_tender = dict.fromkeys(TENDER_ORDER, 0)
    by_gl: dict[tuple[str, str], int] = {}
    by_service: dict[tuple[str, str, str, str], list[int]] = {}
    cheques: list[tuple[str, str, int]] = []

    for tx in transactions:
        if tx.kind == "void":
            voids_count += 1
            voids_cents += abs(tx.total_cents)
        elif tx.kind == "refund":
            refunds_count += 1
            refunds_cents += abs(tx.total_cents)
        else:
            sales_count += 1
            sales_cents += tx.total_cents
        tax += tx.signed(tx.tax_cents)
        rounding += tx.signed(tx.rounding_cents)
        for line in tx.lines:
            amount = tx.signed(line.amount_cents)
            key = (line.gl_account, line.department)
            by_gl[key] = by_gl.get(key, 0) + amount
            skey = (line.gl_account, line.department, line.service_code, line.description)
            acc = by_service.setdefault(skey, [0, 0])
            acc[0] += line.quantity if tx.kind == "sale" else -abs(line.quantity)
            acc[1] += amount
        for t in tx.tenders:
            applied = tx.signed(t.applied_cents)
            by_tender[t.kind] = by_tender.get(t.kind, 0) + applied
            if t.kind == TenderKind.CASH.value:
                if tx.kind == "sale":
                    cash_in += t.tendered_cents
                    change += t.tendered_cents - t.applied_cents
                else:
                    cash_out += -applied
            elif t.kind == TenderKind.CHEQUE.value:
                cheques.append((tx.receipt_no, t.reference, applied))

    movements = list(movements)
    paid_outs = [m for m in movements if m.kind == "paid_out"]
    pickups = [m for m in movements if m.kind == "pickup"]
    paid_outs_cents = sum(m.amount_cents for m in paid_outs)
    pickups_cents = sum(m.amount_cents for m in pickups)
    expected = {kind: cents for kind, cents in by_tender.items()}
    expected["cash"] = expected_cash(
        float_cents, cash_in, change, cash_out, paid_outs_cents, pickups_cents
    )
    return ShiftFigures(
        float_cents=float_cents,
        sales_count=sales_count,
        sales_cents=sales_cents,
        voids_count=voids_count,
        voids_cents=voids_cents,
        refunds_count=refunds_count,
        refunds_cents=refunds_cents,
        cash_in_cents=cash_in,
        change_cents=change,
        cash_out_cents=cash_out,
        paid_outs_cents=paid_outs_cents,
        paid_outs_count=len(paid_outs),
        pickups_cents=pickups_cents,
        pickups_count=len(pickups),
        no_sales=no_sales,
        tax_cents=tax,
        rounding_cents=rounding,
        by_tender=by_tender,
        by_service=tuple(
            ServiceTotal(gl, dept, code, desc, qty, amount)
            for (gl, dept, code, desc), (qty, amount) in sorted(by_service.items())
            if qty or amount
        ),
        by_gl={key: cents for key, cents in sorted(by_gl.items()) if cents},
        cheques=tuple(cheques),
        expected=expected,
    )


@dataclass(frozen=True, slots=True)
class TenderVariance:
    kind: str
    expected_cents: int
    counted_cents: int

    @property
    def over_short_cents(self) -> int:
        """Positive: over (more than expected); negative: short."""
        return self.counted_cents - self.expected_cents


def reconcile(expected: dict[str, int], counted: dict[str, int]) -> tuple[TenderVariance, ...]:
    """Expected against counted for every tender kind that has either."""
    kinds = [k for k in TENDER_ORDER if expected.get(k, 0) or counted.get(k, 0) or k == "cash"]
    kinds += sorted(k for k in set(expected) | set(counted) if k not in TENDER_ORDER)
    return tuple(TenderVariance(k, expected.get(k, 0), counted.get(k, 0)) for k in kinds)


def total_over_short(variances: Sequence[TenderVariance]) -> int:
    return sum(v.over_short_cents for v in variances)
