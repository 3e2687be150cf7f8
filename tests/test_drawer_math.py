"""The end-of-shift arithmetic, for any mix of sales, voids, refunds, pickups and paid-outs."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterapp.domain.cash_count import CashCount, CountError, count_from_cents, parse_quantity
from counterapp.domain.gl import gl_csv, gl_distribution
from counterapp.domain.money import cash_round, percent_of
from counterapp.domain.reconciliation import (
    Movement,
    Transaction,
    TxLine,
    TxTender,
    reconcile,
    shift_figures,
    total_over_short,
)
from counterapp.domain.tender import TenderInput, TenderKind, settle

NON_CASH = [k for k in TenderKind if k is not TenderKind.CASH]


@st.composite
def sales(draw: st.DrawFn, n: int) -> Transaction:
    lines = []
    for i in range(draw(st.integers(1, 3))):
        amount = draw(st.integers(1, 40_000))
        taxed = draw(st.booleans())
        lines.append(
            TxLine(
                gl_account=draw(st.sampled_from(["4210-100", "4230-100", "4620-100"])),
                department=draw(st.sampled_from(["Clerk's Office", "Community Services"])),
                amount_cents=amount,
                tax_cents=percent_of(amount, 1300) if taxed else 0,
                service_code=f"S{i}",
                description=f"Service {i}",
            )
        )
    subtotal = sum(ln.amount_cents for ln in lines)
    tax = sum(ln.tax_cents for ln in lines)
    total = subtotal + tax
    tenders: list[TenderInput] = []
    card = draw(st.integers(0, total))
    if card:
        tenders.append(TenderInput(draw(st.sampled_from(NON_CASH)), card, "ref"))
    left = total - card
    if left:
        due = cash_round(left)
        if due == 0:  # 1-2 cents left: only a card can settle it
            tenders.append(TenderInput(draw(st.sampled_from(NON_CASH)), left))
        else:
            tenders.append(TenderInput(TenderKind.CASH, due + draw(st.integers(0, 10_000))))
    s = settle(total, tenders)
    return Transaction(
        receipt_no=f"WHB-01-{n:06d}",
        kind="sale",
        total_cents=total,
        tax_cents=tax,
        rounding_cents=s.rounding_cents,
        change_cents=s.change_cents,
        lines=tuple(lines),
        tenders=tuple(
            TxTender(a.kind.value, a.tendered_cents, a.applied_cents, a.reference)
            for a in s.tenders
        ),
    )


def reversal(sale: Transaction, kind: str, negative: bool) -> Transaction:
    """A void or refund of ``sale`` money back in the same tenders. ``negative``
    picks the sign convention: negative amounts, or positive magnitudes."""
    sign = -1 if negative else 1
    return Transaction(
        receipt_no=sale.receipt_no + "-R",
        kind=kind,
        total_cents=sign * sale.total_cents,
        tax_cents=sign * sale.tax_cents,
        rounding_cents=sign * sale.rounding_cents,
        change_cents=0,
        lines=tuple(
            TxLine(
                ln.gl_account,
                ln.department,
                sign * ln.amount_cents,
                sign * ln.tax_cents,
                ln.service_code,
                ln.description,
            )
            for ln in sale.lines
        ),
        tenders=tuple(
            TxTender(t.kind, sign * t.applied_cents, sign * t.applied_cents, t.reference)
            for t in sale.tenders
        ),
    )


@st.composite
def shifts(draw: st.DrawFn) -> tuple[int, list[Transaction], list[Movement]]:
    float_cents = draw(st.integers(1, 400)) * 5
    txs: list[Transaction] = []
    for n in range(draw(st.integers(0, 12))):
        sale = draw(sales(n))
        txs.append(sale)
        what = draw(st.sampled_from(["keep", "keep", "void", "refund"]))
        if what != "keep":
            txs.append(reversal(sale, what, draw(st.booleans())))
    movements = [
        Movement(
            draw(st.sampled_from(["pickup", "paid_out"])),
            draw(st.integers(1, 20_000)) * 5,
            "reason",
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    return float_cents, txs, movements


@settings(max_examples=200, deadline=None)
@given(shifts())
def test_expected_cash_is_what_a_person_counting_the_drawer_would_have(shift) -> None:
    float_cents, txs, movements = shift
    # Walk the day as the drawer saw it, note by note.
    drawer = float_cents
    for tx in txs:
        for t in tx.tenders:
            if t.kind != "cash":
                continue
            if tx.kind == "sale":
                drawer += t.tendered_cents  # handed over
                drawer -= t.tendered_cents - t.applied_cents  # change given back
            else:
                drawer -= abs(t.applied_cents)  # cash given back on a void or refund
    for m in movements:
        drawer -= m.amount_cents
    figures = shift_figures(float_cents, txs, movements)
    # Each part on its own, not only the net: a clerk reads them line by line.
    cash_sales = [t for tx in txs if tx.kind == "sale" for t in tx.tenders if t.kind == "cash"]
    assert figures.cash_in_cents == sum(t.tendered_cents for t in cash_sales)
    assert figures.change_cents == sum(t.tendered_cents - t.applied_cents for t in cash_sales)
    assert figures.cash_out_cents == sum(
        abs(t.applied_cents)
        for tx in txs
        if tx.kind != "sale"
        for t in tx.tenders
        if t.kind == "cash"
    )
    assert figures.pickups_cents == sum(m.amount_cents for m in movements if m.kind == "pickup")
    assert figures.expected_cash_cents == drawer
    assert figures.expected_cash_cents == (
        figures.float_cents
        + figures.cash_in_cents
        - figures.change_cents
        - figures.cash_out_cents
        - figures.paid_outs_cents
        - figures.pickups_cents
    )


@settings(max_examples=200, deadline=None)
@given(shifts())
def test_tender_totals_net_out_voids_and_refunds_whatever_their_sign(shift) -> None:
    float_cents, txs, movements = shift
    figures = shift_figures(float_cents, txs, movements)
    kept = [tx for tx in txs if tx.kind == "sale"]
    reversed_receipts = {tx.receipt_no.removesuffix("-R") for tx in txs if tx.kind != "sale"}
    expected_net = sum(
        sum(t.applied_cents for t in tx.tenders)
        for tx in kept
        if tx.receipt_no not in reversed_receipts
    )
    assert figures.net_cents == expected_net
    revenue = sum(
        ln.amount_cents for tx in kept if tx.receipt_no not in reversed_receipts for ln in tx.lines
    )
    assert sum(figures.by_gl.values()) == revenue
    assert sum(t.quantity for t in figures.by_service) == sum(
        ln.quantity for tx in kept if tx.receipt_no not in reversed_receipts for ln in tx.lines
    )


@settings(max_examples=200, deadline=None)
@given(shifts(), st.lists(st.integers(-5_000, 5_000), max_size=4))
def test_gl_distribution_balances_debits_equal_credits(shift, over_shorts) -> None:
    _float, txs, movements = shift
    rows = gl_distribution(txs, movements, over_shorts)
    assert sum(r.debit_cents for r in rows) == sum(r.credit_cents for r in rows)
    assert all(r.debit_cents >= 0 and r.credit_cents >= 0 for r in rows)
    assert all(not (r.debit_cents and r.credit_cents) for r in rows)
    parsed = list(csv.DictReader(io.StringIO(gl_csv(rows, day="2026-11-23", site_code="WHB"))))
    debit = sum(round(float(r["debit"]) * 100) for r in parsed)
    credit = sum(round(float(r["credit"]) * 100) for r in parsed)
    assert debit == credit


def test_a_short_drawer_shows_as_negative_over_short() -> None:
    variances = reconcile({"cash": 12_000, "cheque": 5_000}, {"cash": 11_980, "cheque": 5_000})
    assert [(v.kind, v.over_short_cents) for v in variances] == [("cash", -20), ("cheque", 0)]
    assert total_over_short(variances) == -20


def test_count_by_denomination_adds_notes_coins_and_rolls() -> None:
    count = CashCount.of({"20": 5, "5": "4", "0.25": 3, "0.05": 1}, {"2": 1, "0.10": 2})
    # $100 + $20 + 75¢ + 5¢ + a $50 roll of toonies + two $5 rolls of dimes
    assert count.total_cents == 10_000 + 2_000 + 75 + 5 + 5_000 + 1_000
    assert count.notes_cents() == 12_000
    assert CashCount.from_dict(count.to_dict()) == count


@pytest.mark.parametrize(
    ("pieces", "rolls", "message"),
    [
        ({"20": -1}, {}, "cannot be negative"),
        ({"20": "-3"}, {}, "cannot be negative"),
        ({"20": 2.5}, {}, "whole number"),
        ({"0.25": "3.5"}, {}, "whole number"),
        ({"0.01": 3}, {}, "Pennies"),
        ({"3": 1}, {}, "not a Canadian note or coin"),
        ({}, {"20": 1}, "not counted in rolls"),
        ({"5": 1_000_000}, {}, "more"),
    ],
)
def test_bad_counts_are_refused_with_a_clear_message(pieces, rolls, message) -> None:
    with pytest.raises(CountError, match=message):
        CashCount.of(pieces, rolls)


def test_typed_quantities_empty_is_zero_and_letters_refused() -> None:
    assert parse_quantity("") == 0
    assert parse_quantity(" 12 ") == 12
    with pytest.raises(CountError, match="whole number"):
        parse_quantity("twelve")


def test_count_from_cents_uses_no_pennies() -> None:
    assert count_from_cents(18_865).total_cents == 18_865
    with pytest.raises(CountError):
        count_from_cents(101)


def test_the_towns_own_gl_accounts_replace_the_defaults() -> None:
    from counterapp.domain.gl import GlAccounts

    accounts = GlAccounts.with_overrides({"cash": "1000-01", "over_short": "6100-00"})
    assert accounts.clearing_for("cash") == "1000-01"
    assert accounts.clearing_for("debit") == "1010-200"
    assert accounts.over_short == "6100-00"
    rows = gl_distribution([], [], [-250], accounts)
    assert {(r.gl_account, r.debit_cents, r.credit_cents) for r in rows} == {
        ("1000-01", 0, 250),
        ("6100-00", 250, 0),
    }
    with pytest.raises(ValueError, match="Unknown GL account setting"):
        GlAccounts.with_overrides({"petty": "1"})
