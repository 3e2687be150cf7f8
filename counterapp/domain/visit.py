"""A visit's cart: lines priced from the catalogue, tax per line, totals.

Pure: no database. The service layer builds it from catalogue rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counterapp.domain.money import percent_of
from counterapp.i18n import MessageError

MAX_QUANTITY = 99


class VisitError(MessageError, ValueError):
    """A visit that cannot be tendered as it is. ``str()`` is the message to show."""


@dataclass(frozen=True, slots=True)
class PricedLine:
    service_code: str
    description: str
    quantity: int
    unit_fee_cents: int
    tax_code: str
    tax_basis_points: int
    gl_account: str
    department: str
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_fee_cents

    @property
    def tax_cents(self) -> int:
        return percent_of(self.amount_cents, self.tax_basis_points)

    @property
    def total_cents(self) -> int:
        return self.amount_cents + self.tax_cents


@dataclass(frozen=True, slots=True)
class VisitTotals:
    subtotal_cents: int
    tax_cents: int
    total_cents: int


def totals(lines: list[PricedLine] | tuple[PricedLine, ...]) -> VisitTotals:
    """Subtotal, tax and total of the lines. Tax is computed per line, so a
    receipt's HST equals the sum of what each line shows."""
    if not lines:
        raise VisitError("The visit is empty: add a service first.")
    for line in lines:
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise VisitError("Quantity must be between 1 and {most}.", most=MAX_QUANTITY)
        if line.unit_fee_cents < 0:
            raise VisitError("A fee cannot be negative.")
    subtotal = sum(line.amount_cents for line in lines)
    tax = sum(line.tax_cents for line in lines)
    return VisitTotals(subtotal, tax, subtotal + tax)
