"""Money typed, shown and rounded at the counter (DOMAIN.md, "Money rules")."""

from __future__ import annotations

from fractions import Fraction
from math import floor

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from counterapp.domain.money import (
    MAX_AMOUNT_CENTS,
    AmountError,
    cash_round,
    format_cents,
    parse_amount,
    percent_of,
)

HST_BASIS_POINTS = 1300
amounts = st.integers(min_value=1, max_value=MAX_AMOUNT_CENTS)
any_cents = st.integers(min_value=-10 * MAX_AMOUNT_CENTS, max_value=10 * MAX_AMOUNT_CENTS)


# --- typing an amount -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("20", 2000),
        ("20.5", 2050),
        ("20.50", 2050),
        ("$1,234.56", 123456),
        (" 7.05 ", 705),
        ("0.05", 5),
        (".75", 75),
        ("1000000", MAX_AMOUNT_CENTS),
    ],
)
def test_associate_can_type_an_amount_the_way_people_write_it(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("twenty", "'twenty' is not an amount. Type digits, for example 20 or 20.50."),
        ("20a", "'20a' is not an amount. Type digits, for example 20 or 20.50."),
        ("1,23", "'1,23' is not an amount. Type digits, for example 20 or 20.50."),
        (".", "'.' is not an amount. Type digits, for example 20 or 20.50."),
        ("-5", "An amount cannot be negative."),
        ("1.234", "An amount has at most two decimals (cents)."),
        ("", "Enter an amount."),
        ("   ", "Enter an amount."),
        ("0", "The amount must be more than zero."),
        ("0.00", "The amount must be more than zero."),
        ("1000000.01", "$1,000,000.01 is more than the counter accepts in one amount."),
        ("20000000", "$20,000,000.00 is more than the counter accepts in one amount."),
    ],
)
def test_a_mistyped_amount_is_refused_with_a_message_the_associate_can_read(
    typed: str, message: str
) -> None:
    with pytest.raises(AmountError) as refused:
        parse_amount(typed)
    assert str(refused.value) == message


def test_zero_is_accepted_only_where_the_screen_allows_it() -> None:
    assert parse_amount("0", allow_zero=True) == 0
    assert parse_amount("$0.00", allow_zero=True) == 0


def test_a_stuck_key_is_refused_as_too_large_not_with_a_python_error() -> None:
    # A key held down (or a scanner firing into the field) fills it with digits;
    # past 4,300 digits int() itself refuses, with a message for programmers.
    with pytest.raises(AmountError) as refused:
        parse_amount("9" * 5000)
    assert "is more than the counter accepts" in str(refused.value)


@given(st.text(max_size=20))
@example("1e5")
@example("$")
@example("20.")
def test_anything_typed_is_either_an_amount_in_range_or_refused_with_a_message(
    typed: str,
) -> None:
    try:
        cents = parse_amount(typed)
    except AmountError as refused:
        assert str(refused)
    else:
        assert 1 <= cents <= MAX_AMOUNT_CENTS


# --- showing an amount --------------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(0, "$0.00"), (5, "$0.05"), (2050, "$20.50"), (123456, "$1,234.56"), (-1045, "-$10.45")],
)
def test_amounts_are_shown_in_dollars_and_cents(cents: int, shown: str) -> None:
    assert format_cents(cents) == shown


@given(amounts)
def test_what_the_receipt_shows_can_be_typed_back_as_the_same_amount(cents: int) -> None:
    assert parse_amount(format_cents(cents)) == cents
    assert parse_amount(format_cents(cents, symbol=False)) == cents


# --- cash rounding (no penny) -------------------------------------------------


@pytest.mark.parametrize(
    ("cents", "cash"),
    [
        (2000, 2000),
        (2001, 2000),
        (2002, 2000),
        (2003, 2005),
        (2004, 2005),
        (2006, 2005),
        (2007, 2005),
        (2008, 2010),
        (2009, 2010),
        (1, 0),
        (2, 0),
        (3, 5),
    ],
)
def test_cash_total_rounds_to_nearest_nickel(cents: int, cash: int) -> None:
    assert cash_round(cents) == cash


@given(any_cents)
def test_a_cash_total_can_always_be_paid_in_nickels(cents: int) -> None:
    assert cash_round(cents) % 5 == 0


@given(any_cents)
def test_cash_rounding_never_moves_a_total_by_more_than_two_cents(cents: int) -> None:
    assert abs(cash_round(cents) - cents) <= 2


@given(any_cents)
def test_rounding_a_cash_total_twice_changes_nothing(cents: int) -> None:
    assert cash_round(cash_round(cents)) == cash_round(cents)


@given(any_cents)
def test_a_cash_refund_rounds_like_a_cash_sale(cents: int) -> None:
    assert cash_round(-cents) == -cash_round(cents)


# --- percentages (HST, lottery licence) ---------------------------------------


def _half_up(exact: Fraction) -> int:
    return floor(exact + Fraction(1, 2))


@pytest.mark.parametrize(
    ("cents", "tax"), [(3500, 455), (6000, 780), (50, 7), (25, 3), (1, 0), (4, 1), (0, 0)]
)
def test_hst_on_a_fee_is_rounded_to_the_nearest_cent_half_up(cents: int, tax: int) -> None:
    assert percent_of(cents, HST_BASIS_POINTS) == tax


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_CENTS))
def test_hst_matches_exact_arithmetic_rounded_half_up(cents: int) -> None:
    exact = Fraction(cents) * HST_BASIS_POINTS / 10_000
    assert percent_of(cents, HST_BASIS_POINTS) == _half_up(exact)


@given(
    st.integers(min_value=0, max_value=MAX_AMOUNT_CENTS),
    st.integers(min_value=0, max_value=10_000),
)
def test_any_percentage_fee_matches_exact_arithmetic_rounded_half_up(
    cents: int, basis_points: int
) -> None:
    assert percent_of(cents, basis_points) == _half_up(Fraction(cents * basis_points, 10_000))


def test_a_lottery_licence_fee_of_three_percent_of_the_prize() -> None:
    # $1,234.50 of prizes at 3 % is $37.035, charged as $37.04.
    assert percent_of(123450, 300) == 3704
