"""Money, dates and times in the visitor's and the associate's language (issue 13)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.domain.money import (
    MAX_AMOUNT_CENTS,
    AmountError,
    amount_field_text,
    format_cents,
    parse_amount,
)
from counterapp.i18n import NBSP, datetime_text, money, time_text

FRENCH = re.compile(r"^-?[1-9][0-9]{0,2}(?: [0-9]{3})*,[0-9]{2} \$$|^-?0,[0-9]{2} \$$")


def test_the_forms_the_counter_expects():
    assert money(123456, "fr") == f"1{NBSP}234,56{NBSP}$"
    assert money(123456, "fr", space=" ") == "1 234,56 $"
    assert money(123456, "en") == "$1,234.56"
    assert money(5, "fr", space=" ") == "0,05 $"
    assert money(-150, "fr", space=" ") == "-1,50 $"
    assert money(100_000_000, "fr", space=" ") == "1 000 000,00 $"
    at = datetime(2026, 12, 1, 14, 5)
    assert datetime_text(at, "fr", space=" ") == "2026-12-01 14 h 05"
    assert datetime_text(at, "fr") == f"2026-12-01 14{NBSP}h{NBSP}05"
    assert datetime_text(at, "en") == "2026-12-01 14:05"
    assert time_text(datetime(2026, 12, 1, 9, 0), "fr", space=" ") == "9 h 00"


@pytest.mark.parametrize("bad", [1.5, "100", True])
def test_money_takes_integer_cents_only(bad):
    with pytest.raises(TypeError):
        money(bad, "fr")  # type: ignore[arg-type]


cents = st.integers(min_value=-MAX_AMOUNT_CENTS, max_value=MAX_AMOUNT_CENTS)


@given(cents)
def test_english_is_the_form_the_counter_already_prints_and_reads_back(amount):
    assert money(amount, "en") == format_cents(amount)
    if amount > 0:
        assert parse_amount(money(amount, "en")) == amount


@given(cents)
def test_french_groups_thousands_with_a_space_and_puts_the_dollar_after(amount):
    text = money(amount, "fr", space=" ")
    assert FRENCH.match(text), text
    digits = text.replace(" ", "").replace("$", "").replace(",", "")
    assert int(digits) == amount  # the same amount, to the cent
    assert money(amount, "fr").replace(NBSP, " ") == text  # on screen: never split


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_french_times_read_hours_h_minutes(at):
    text = datetime_text(at, "fr", space=" ")
    day, clock = text.split(" ", 1)
    assert day == at.strftime("%Y-%m-%d")
    hours, minutes = clock.split(" h ")
    assert (int(hours), int(minutes)) == (at.hour, at.minute) and len(minutes) == 2
    assert datetime_text(at, "en") == at.strftime("%Y-%m-%d %H:%M")


# --- amounts typed in the window's language (issue 13) ---

positive = st.integers(min_value=1, max_value=MAX_AMOUNT_CENTS)


@given(positive, st.sampled_from(["en", "fr"]), st.sampled_from([NBSP, " "]))
def test_money_shown_in_a_language_reads_back_in_that_language(amount, language, space):
    assert parse_amount(money(amount, language, space=space), language=language) == amount
    assert parse_amount(amount_field_text(amount, language), language=language) == amount


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12,50", 1250),
        ("12,5", 1250),
        ("12", 1200),
        ("1 234,50", 123450),
        (f"1{NBSP}234,50", 123450),
        ("1\u202f234,50 $", 123450),  # the narrow no-break space some keyboards type
        ("12,50$", 1250),
        ("12,50 $", 1250),
        ("$12,50", 1250),
        ("12.50", 1250),  # the numeric keypad's point
        ("1 000 000,00 $", 100_000_000),
    ],
)
def test_french_amounts_as_a_francophone_types_them(typed, cents):
    assert parse_amount(typed, language="fr") == cents


@pytest.mark.parametrize(
    ("typed", "template"),
    [
        ("1,234,50", "'{typed}' is not an amount. Type digits, for example 20 or 20.50."),
        ("1 23,50", "'{typed}' is not an amount. Type digits, for example 20 or 20.50."),
        ("12,50 $ $", "'{typed}' is not an amount. Type digits, for example 20 or 20.50."),
        ("12,345", "An amount has at most two decimals (cents)."),
        ("-12,50", "An amount cannot be negative."),
        ("0,00", "The amount must be more than zero."),
    ],
)
def test_french_amounts_refused_with_a_message_id(typed, template):
    with pytest.raises(AmountError) as refused:
        parse_amount(typed, language="fr")
    assert refused.value.template == template


def test_english_amounts_keep_the_point_and_the_thousands_comma():
    assert parse_amount("12.50") == 1250
    assert parse_amount("1,234.50") == 123450
    assert parse_amount("$1,234.50") == 123450
    with pytest.raises(AmountError):
        parse_amount("12,50")  # not a French decimal comma in English
    with pytest.raises(AmountError):
        parse_amount("1 234.50")
    assert amount_field_text(123456, "en") == "1234.56"
    assert amount_field_text(123456, "fr") == "1234,56"
