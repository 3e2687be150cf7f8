"""The GL distribution of a day's takings, for the town's finance system.

Double entry, one row per (account, department): tenders are debited to their
clearing accounts (cash and cheques to the bank deposit, cards to the card
clearing accounts); revenue is credited to each service's GL account and
department; HST to HST payable; cash rounding and over/short to their own
accounts; paid-outs are charged to their expense account and credited to
cash. Pickups move cash to the safe and make no entry. Debits equal credits
by construction, and ``check_balanced`` says so before a file is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from counterapp.domain.money import format_cents
from counterapp.domain.reconciliation import Movement, Transaction


def _default_clearing() -> dict[str, str]:
    return {
        "cash": "1010-100",
        "cheque": "1010-100",
        "money_order": "1010-100",
        "debit": "1010-200",
        "credit": "1010-300",
        "etransfer": "1010-400",
    }


@dataclass(frozen=True, slots=True)
class GlAccounts:
    """The town's chart of accounts for the counter (head-office settings)."""

    clearing: dict[str, str] = field(default_factory=_default_clearing)
    hst_payable: str = "2310-000"
    cash_rounding: str = "5990-100"
    over_short: str = "5990-200"
    paid_out_default: str = "5990-300"
    finance_department: str = "Finance"

    def clearing_for(self, kind: str) -> str:
        return self.clearing.get(kind, self.clearing["cash"])

    @classmethod
    def with_overrides(cls, overrides: dict[str, str]) -> GlAccounts:
        """The defaults with the town's own accounts: keys are tender kinds
        ("cash", "debit" …) for clearing accounts, or ``hst_payable``,
        ``cash_rounding``, ``over_short``, ``paid_out_default``, ``finance_department``."""
        base = cls()
        clearing = dict(base.clearing)
        named: dict[str, str] = {}
        for key, account in overrides.items():
            if key in clearing:
                clearing[key] = account
            elif key in _NAMED:
                named[key] = account
            else:
                raise ValueError(f"Unknown GL account setting {key!r}.")
        return cls(clearing=clearing, **named)


_NAMED = ("hst_payable", "cash_rounding", "over_short", "paid_out_default", "finance_department")


@dataclass(frozen=True, slots=True)
class GlRow:
    gl_account: str
    department: str
    description: str
    debit_cents: int
    credit_cents: int


class UnbalancedError(ValueError):
    pass


def gl_distribution(
    transactions: Iterable[Transaction],
    movements: Iterable[Movement] = (),
    over_short_cents: Iterable[int] = (),
    accounts: GlAccounts | None = None,
) -> list[GlRow]:
    """The day's entries, netted per account and department, sorted by account.

    ``over_short_cents``: each shift's over (+) or short (−), and each
    supervisor's correction of it.
    """
    acc = accounts or GlAccounts()
    fin = acc.finance_department
    # Net per key, debit positive, credit negative.
    net: dict[tuple[str, str, str], int] = {}

    def post(account: str, department: str, description: str, debit: int) -> None:
        key = (account, department, description)
        net[key] = net.get(key, 0) + debit

    for tx in transactions:
        for line in tx.lines:
            post(line.gl_account, line.department, "Revenue", -tx.signed(line.amount_cents))
        post(acc.hst_payable, fin, "HST payable", -tx.signed(tx.tax_cents))
        post(acc.cash_rounding, fin, "Cash rounding", -tx.signed(tx.rounding_cents))
        for t in tx.tenders:
            post(acc.clearing_for(t.kind), fin, f"Deposit: {t.kind}", tx.signed(t.applied_cents))
    for m in movements:
        if m.kind == "paid_out":
            post(m.gl_account or acc.paid_out_default, fin, "Paid-outs", m.amount_cents)
            post(acc.clearing_for("cash"), fin, "Deposit: cash", -m.amount_cents)
    for cents in over_short_cents:
        post(acc.clearing_for("cash"), fin, "Deposit: cash", cents)
        post(acc.over_short, fin, "Cash over/short", -cents)

    rows = [
        GlRow(account, dept, desc, max(amount, 0), max(-amount, 0))
        for (account, dept, desc), amount in sorted(net.items())
        if amount
    ]
    check_balanced(rows)
    return rows


def check_balanced(rows: Iterable[GlRow]) -> None:
    rows = list(rows)
    debits = sum(r.debit_cents for r in rows)
    credits = sum(r.credit_cents for r in rows)
    if debits != credits:
        raise UnbalancedError(
            f"The GL distribution does not balance: debits {format_cents(debits)}, "
            f"credits {format_cents(credits)}."
        )


CSV_HEADER = ("date", "site", "gl_account", "department", "description", "debit", "credit")


def gl_csv(rows: Iterable[GlRow], *, day: str, site_code: str) -> str:
    """Rows as CSV with amounts in dollars and cents ("1234.50"), the form
    finance systems import; a total row would break most importers, so none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow(
            (
                day,
                site_code,
                r.gl_account,
                r.department,
                r.description,
                format_cents(r.debit_cents, symbol=False).replace(",", ""),
                format_cents(r.credit_cents, symbol=False).replace(",", ""),
            )
        )
    return out.getvalue()
