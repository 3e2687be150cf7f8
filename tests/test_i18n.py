"""Money, dates and times in the visitor's and the associate's language (issue 13)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.domain.money import MAX_AMOUNT_CENTS, format_cents, parse_amount
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
