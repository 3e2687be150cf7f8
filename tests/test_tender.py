"""Settling a visit's total with one or several tenders (DOMAIN.md, "Money rules").

Change is given only in cash; a cash total is rounded to the nearest 5 cents
and the rounding is recorded so the books balance; cards, cheques and
e-transfers are exact.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from counterapp.domain.money import cash_round, format_cents
from counterapp.domain.tender import (
    Settlement,
    ShortTender,
    TenderError,
    TenderInput,
    TenderKind,
    amount_due,
    settle,
)

CASH = TenderKind.CASH
DEBIT = TenderKind.DEBIT
NON_CASH = [kind for kind in TenderKind if kind is not CASH]

visit_totals = st.integers(min_value=1, max_value=10_000_000)


def _books_balance(s: Settlement) -> bool:
    return sum(t.applied_cents for t in s.tenders) == s.total_cents + s.rounding_cents


@st.composite
def part_payments(draw: st.DrawFn, total: int) -> tuple[list[TenderInput], int]:
    """Tenders that each pay part of ``total`` and leave something to pay.

    A partial cash tender is less than both what is left and the cash amount
    due, so it is a real part payment (the associate asks for the rest).
    """
    tenders: list[TenderInput] = []
    remaining = total
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        kind = draw(st.sampled_from(list(TenderKind)))
        ceiling = remaining - 1
        if kind is CASH:
            ceiling = min(ceiling, cash_round(remaining) - 1)
        if ceiling < 1:
            break
        amount = draw(st.integers(min_value=1, max_value=ceiling))
        tenders.append(TenderInput(kind, amount))
        remaining -= amount
    return tenders, remaining


@st.composite
def settling_visits(draw: st.DrawFn) -> tuple[int, list[TenderInput]]:
    """A total and a split of tenders that settles it, the last one settling the rest."""
    total = draw(visit_totals)
    tenders, remaining = draw(part_payments(total))
    kind = draw(st.sampled_from(list(TenderKind)))
    if kind is CASH:
        # Exact cash, or a bigger note; never zero (a tender is more than zero).
        due = cash_round(remaining)
        amount = due + draw(st.integers(min_value=0 if due else 1, max_value=10_000))
    else:
        amount = remaining
    return total, [*tenders, TenderInput(kind, amount)]


# --- properties over any split that settles --------------------------------


@given(settling_visits())
def test_books_balance_for_any_split_that_settles(visit: tuple[int, list[TenderInput]]) -> None:
    total, tenders = visit
    s = settle(total, tenders)
    assert _books_balance(s)
    assert s.amount_due_cents == total + s.rounding_cents


@given(settling_visits())
def test_change_is_given_only_from_the_last_cash_tender(
    visit: tuple[int, list[TenderInput]],
) -> None:
    total, tenders = visit
    s = settle(total, tenders)
    *earlier, last = s.tenders
    assert all(t.applied_cents == t.tendered_cents for t in earlier)
    assert s.change_cents == last.tendered_cents - last.applied_cents
    assert s.change_cents >= 0
    if last.kind is not CASH:
        assert s.change_cents == 0


@given(settling_visits())
def test_cash_rounding_happens_only_when_cash_settles_the_rest(
    visit: tuple[int, list[TenderInput]],
) -> None:
    total, tenders = visit
    s = settle(total, tenders)
    assert abs(s.rounding_cents) <= 2
    if s.tenders[-1].kind is not CASH:
        assert s.rounding_cents == 0
    else:
        # What cash paid of the rest is a nickel amount.
        assert s.tenders[-1].applied_cents % 5 == 0


@given(visit_totals, st.lists(st.sampled_from(NON_CASH), min_size=1, max_size=4), st.data())
def test_a_card_cheque_or_etransfer_settlement_is_never_rounded(
    total: int, kinds: list[TenderKind], data: st.DataObject
) -> None:
    assume(total >= len(kinds))
    # Cut the total into len(kinds) exact, positive parts.
    cuts = (
        data.draw(
            st.lists(
                st.integers(min_value=1, max_value=total - 1),
                min_size=len(kinds) - 1,
                max_size=len(kinds) - 1,
                unique=True,
            )
        )
        if len(kinds) > 1
        else []
    )
    bounds = [0, *sorted(cuts), total]
    tenders = [TenderInput(k, b - a) for k, (a, b) in zip(kinds, pairwise(bounds), strict=True)]
    s = settle(total, tenders)
    assert s.rounding_cents == 0
    assert s.change_cents == 0
    assert [t.applied_cents for t in s.tenders] == [t.amount_cents for t in tenders]


@given(visit_totals, st.data())
def test_a_card_for_more_than_is_left_is_refused_because_change_is_only_cash(
    total: int, data: st.DataObject
) -> None:
    tenders, remaining = data.draw(part_payments(total))
    kind = data.draw(st.sampled_from(NON_CASH))
    over = remaining + data.draw(st.integers(min_value=1, max_value=10_000))
    with pytest.raises(TenderError) as refused:
        settle(total, [*tenders, TenderInput(kind, over)])
    assert not isinstance(refused.value, ShortTender)
    assert format_cents(remaining) in str(refused.value)
    assert "change is given only in cash" in str(refused.value)


@given(visit_totals, st.data())
def test_a_short_tender_says_exactly_what_is_still_due(total: int, data: st.DataObject) -> None:
    tenders, remaining = data.draw(part_payments(total))
    with pytest.raises(ShortTender) as short:
        settle(total, tenders)
    assert short.value.still_due == total - sum(t.amount_cents for t in tenders)
    assert short.value.still_due == remaining
    assert str(short.value) == f"The tender is short: {format_cents(remaining)} is still due."


@st.composite
def anything_entered(draw: st.DrawFn) -> tuple[int, list[TenderInput]]:
    """A total and whatever tenders an associate might key in: often what is left,
    what is left in cash, a cent either side of those, or any amount at all."""
    total = draw(visit_totals)
    tenders: list[TenderInput] = []
    left = total
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.one_of(st.just(CASH), st.sampled_from(list(TenderKind))))
        landmarks = sorted({left + d for d in (-1, 0, 1)} | {cash_round(left) + d for d in (-1, 1)})
        amount = draw(
            st.one_of(st.sampled_from(landmarks), st.integers(min_value=1, max_value=2 * total))
        )
        tenders.append(TenderInput(kind, max(amount, 1)))
        left -= amount
    return total, tenders


@given(anything_entered())
@example((2003, [TenderInput(CASH, 2004)]))  # $20.03 is $20.05 in cash
def test_whatever_is_tendered_either_settles_with_balanced_books_or_is_refused(
    visit: tuple[int, list[TenderInput]],
) -> None:
    """Any tenders the associate enters: refused with a message, or books that balance."""
    total, tenders = visit
    try:
        s = settle(total, tenders)
    except TenderError as refused:
        assert str(refused)
    else:
        assert _books_balance(s)
        assert s.change_cents >= 0
        assert abs(s.rounding_cents) <= 2


# --- examples from real counters ------------------------------------------


@pytest.mark.parametrize(
    ("total", "cash_due"),
    [(2002, 2000), (2003, 2005), (2007, 2005), (2008, 2010), (2000, 2000)],
)
def test_exact_cash_for_a_total_rounded_to_the_nickel(total: int, cash_due: int) -> None:
    s = settle(total, [TenderInput(CASH, cash_due)])
    assert s.amount_due_cents == cash_due
    assert s.rounding_cents == cash_due - total
    assert s.change_cents == 0
    assert s.tenders[0].applied_cents == cash_due


@pytest.mark.parametrize(
    ("total", "change"), [(2002, 3000), (2003, 2995), (2007, 2995), (2008, 2990)]
)
def test_change_from_a_fifty_is_counted_from_the_rounded_total(total: int, change: int) -> None:
    s = settle(total, [TenderInput(CASH, 5000)])
    assert s.change_cents == change
    assert _books_balance(s)


def test_cash_short_of_the_rounded_total_is_a_short_tender() -> None:
    with pytest.raises(ShortTender) as short:
        settle(2003, [TenderInput(CASH, 2000)])
    assert short.value.still_due == 3


def test_cash_between_the_total_and_the_rounded_total_does_not_unbalance_the_books() -> None:
    # $20.03 is $20.05 in cash. $20.04 typed as cash must be refused (short) or
    # settled with the rounding recorded; taking all 2004 against 2003 with no
    # rounding leaves the drawer a cent over what the books say.
    try:
        s = settle(2003, [TenderInput(CASH, 2004)])
    except TenderError:
        return
    assert _books_balance(s), s


def test_split_cash_then_debit_leaves_the_debit_exact_and_no_rounding() -> None:
    # $20.03: $10 in cash, the rest ($10.03) on debit.
    s = settle(2003, [TenderInput(CASH, 1000), TenderInput(DEBIT, 1003)])
    assert s.rounding_cents == 0
    assert s.change_cents == 0
    assert [t.applied_cents for t in s.tenders] == [1000, 1003]


def test_split_debit_then_cash_rounds_only_the_cash_part() -> None:
    # $20.03: $10 on debit, then $10.03 left, which is $10.05 in cash; a $20 note.
    assert amount_due(2003, 1000, CASH) == 1005
    assert amount_due(2003, 1000, DEBIT) == 1003
    s = settle(2003, [TenderInput(DEBIT, 1000), TenderInput(CASH, 2000)])
    assert s.rounding_cents == 2
    assert s.change_cents == 995
    assert [t.applied_cents for t in s.tenders] == [1000, 1005]
    assert _books_balance(s)


def test_split_debit_then_cash_can_round_down() -> None:
    # $20.02: $10 on debit, $10.02 left is $10.00 in cash.
    s = settle(2002, [TenderInput(DEBIT, 1000), TenderInput(CASH, 1000)])
    assert s.rounding_cents == -2
    assert s.change_cents == 0
    assert _books_balance(s)


def test_a_tender_after_the_total_is_paid_is_refused() -> None:
    with pytest.raises(TenderError, match="already paid"):
        settle(2000, [TenderInput(CASH, 2000), TenderInput(DEBIT, 100)])


def test_a_zero_tender_is_refused() -> None:
    with pytest.raises(TenderError, match="more than zero"):
        settle(2000, [TenderInput(DEBIT, 0)])


def test_no_tender_at_all_is_short_by_the_whole_total() -> None:
    with pytest.raises(ShortTender) as short:
        settle(3955, [])
    assert short.value.still_due == 3955


def test_a_free_visit_has_nothing_to_pay() -> None:
    with pytest.raises(TenderError, match="nothing to pay"):
        settle(0, [TenderInput(CASH, 500)])
