"""Paying against accounts at the counter: look-up as you type, check digits,
partial and over-payment of tax, tickets already paid, one receipt per visit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.db.models import AccountPayment, Sale, SaleLine
from counterapp.demo.accounts import KNOWN, generate_accounts
from counterapp.domain.accounts import AccountNumberError, check_number, luhn_ok
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.accounts import find_accounts
from counterapp.services.errors import ServiceError
from counterapp.services.sales import LineRequest
from printing.escpos_receipt import receipt_text
from tests.counter_support import (
    AFFIDAVIT,
    BYLAW_TICKET,
    DOG,
    HOA_ROLL,
    INVOICE,
    LEE_ROLL,
    OPEN_TICKET,
    PAID_TICKET,
    ZOE_ROLL,
    Counter,
    tax,
)

CASH, DEBIT = TenderKind.CASH, TenderKind.DEBIT


# --- the demo accounts ----------------------------------------------------------


def test_demo_has_a_town_sized_set_of_accounts_made_the_same_way_every_time() -> None:
    rows = list(generate_accounts())
    kinds = [r["kind"] for r in rows]
    assert kinds.count("tax_roll") >= 100_000
    assert kinds.count("ticket") >= 50_000
    assert len({(r["kind"], r["number"]) for r in rows}) == len(rows)  # numbers never repeat
    assert all(luhn_ok(r["number"]) for r in rows[::97])
    again = list(generate_accounts(tax_rolls=500, tickets=200))
    assert again == list(generate_accounts(tax_rolls=500, tickets=200))
    assert again[: len(KNOWN)] == rows[: len(KNOWN)]


# --- check digits ---------------------------------------------------------------


def test_roll_number_is_accepted_with_the_dashes_printed_on_the_bill() -> None:
    shown = f"{ZOE_ROLL[:4]}-{ZOE_ROLL[4:7]} {ZOE_ROLL[7:10]}.{ZOE_ROLL[10:]}"
    assert check_number("tax_roll", shown) == ZOE_ROLL


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("tax_roll", "", "Enter the tax roll number"),
        ("tax_roll", "18099990010001", "has 15 digits; this one has 14"),
        ("tax_roll", "1809999001000A2", "digits only"),
        ("ticket", "99000011", "check digit does not match"),
    ],
)
def test_bad_account_numbers_say_what_is_wrong(kind: str, typed: str, message: str) -> None:
    with pytest.raises(AccountNumberError, match=message):
        check_number(kind, typed)


@given(st.integers(min_value=0, max_value=14), st.integers(min_value=1, max_value=9))
def test_any_one_mistyped_digit_of_a_roll_number_is_caught(pos: int, delta: int) -> None:
    digits = list(ZOE_ROLL)
    digits[pos] = str((int(digits[pos]) + delta) % 10)
    assert not luhn_ok("".join(digits))


# --- look-up as you type ----------------------------------------------------------


def test_typing_the_start_of_a_roll_number_finds_it(counter: Counter) -> None:
    found = find_accounts(counter.uow(), ZOE_ROLL[:12])
    assert ZOE_ROLL in [a.number for a in found]
    assert all(a.number.startswith(ZOE_ROLL[:12]) for a in found)
    [zoe] = find_accounts(counter.uow(), ZOE_ROLL)  # a scanner types the whole number
    assert (zoe.holder_name, zoe.balance_cents) == ("Zoë Côté", 123456)


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("zoe cote", "Zoë Côté"),
        ("Côté 12 brock", "Zoë Côté"),
        ("nguyen hoa", "Nguyễn Thị Hoa"),
        ("李小龍", "李小龍"),
        ("5 garden st", "李小龍"),
    ],
)
def test_name_and_address_search_ignores_accents_and_keeps_other_scripts(
    counter: Counter, typed: str, who: str
) -> None:
    found = find_accounts(counter.uow(), typed)
    assert who in [a.holder_name for a in found]


def test_search_text_with_wildcards_is_taken_literally(counter: Counter) -> None:
    assert find_accounts(counter.uow(), "%_%") == []


# --- paying -------------------------------------------------------------------------


def test_partial_tax_payment_leaves_the_rest_owing_on_screen(counter: Counter) -> None:
    result = counter.sell(counter.alex, (tax(ZOE_ROLL, 23456),), (TenderInput(DEBIT, 23456),))
    [zoe] = find_accounts(counter.uow(), ZOE_ROLL)
    assert zoe.balance_as_of_cents == 123456  # head office's figure is untouched
    assert zoe.paid_here_cents == 23456
    assert zoe.balance_cents == 100000
    [line] = result.receipt.lines
    assert line.detail == "Tax roll 1809-999-001-0001-2, 12 Brock St N; balance after $1,000.00"
    [paid] = counter.rows(AccountPayment)
    assert (paid.account_id, paid.amount_cents) == (zoe.id, 23456)


def test_tax_can_be_overpaid_and_shows_a_credit(counter: Counter) -> None:
    result = counter.sell(counter.alex, (tax(LEE_ROLL, 50000),), (TenderInput(CASH, 50000),))
    assert "credit $500.00" in result.receipt.lines[0].detail
    [lee] = find_accounts(counter.uow(), LEE_ROLL)
    assert lee.balance_cents == -50000


def test_already_paid_ticket_is_refused_with_the_date_it_was_paid(counter: Counter) -> None:
    line = LineRequest("PAY-PKT", account_number=PAID_TICKET, amount_cents=5000)
    before = counter.snapshot()
    with pytest.raises(ServiceError, match=r"Ticket 99000028 was already paid on 2026-10-0[34]"):
        counter.sell(counter.alex, (line,), (TenderInput(CASH, 5000),))
    assert counter.snapshot() == before


def test_ticket_paid_here_an_hour_ago_is_not_taken_twice(counter: Counter) -> None:
    line = LineRequest("PAY-PKT", account_number=OPEN_TICKET, amount_cents=5000)
    counter.sell(counter.alex, (line,), (TenderInput(CASH, 5000),))
    with pytest.raises(ServiceError, match="already paid on"):
        counter.sell(counter.jordan, (line,), (TenderInput(CASH, 5000),))
    assert len(counter.rows(Sale)) == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            LineRequest("PAY-BLW", account_number=BYLAW_TICKET, amount_cents=10000),
            r"Ticket 99000036 is paid in full: \$300.00",
        ),
        (
            LineRequest("PAY-AR", account_number=INVOICE, amount_cents=60000),
            r"cannot be more than the \$530.00 owing",
        ),
        (tax("180999900100013", 1000), "check digit does not match"),
        (tax("180999900100996", 1000), "No tax roll 1809-999-001-0099-6 at this station"),
        (tax(ZOE_ROLL, 0), "enter the amount"),
        (LineRequest("PAY-TAX", amount_cents=100), "find the account first"),
    ],
)
def test_payments_the_counter_refuses_save_nothing(
    counter: Counter, line: LineRequest, message: str
) -> None:
    before = counter.snapshot()
    with pytest.raises(ServiceError, match=message):
        counter.sell(counter.alex, (line,), (TenderInput(CASH, 100000),))
    assert counter.snapshot() == before


def test_two_payments_on_one_account_in_a_visit_count_together(counter: Counter) -> None:
    half = LineRequest("PAY-AR", account_number=INVOICE, amount_cents=30000)
    with pytest.raises(ServiceError, match=r"cannot be more than the \$230.00 owing"):
        counter.sell(counter.alex, (half, half), (TenderInput(CASH, 60000),))


# --- the visit the reports describe ---------------------------------------------------


def test_mixed_visit_commissioning_tax_and_dog_licence_split_cash_and_debit(
    counter: Counter,
) -> None:
    # $20.00 affidavit + $500.00 on Hoa's roll + $15.00 dog licence = $535.00;
    # $500.00 on debit, then a $40 note for the $35.00 left.
    result = counter.sell(
        counter.alex,
        (AFFIDAVIT, tax(HOA_ROLL, 50000), DOG),
        (TenderInput(DEBIT, 50000, reference="084412"), TenderInput(CASH, 4000)),
    )
    assert result.receipt_no == "WHB-01-000001"
    assert result.settlement.change_cents == 500
    [sale] = counter.rows(Sale)
    assert (sale.total_cents, sale.change_cents, sale.rounding_cents) == (53500, 500, 0)
    lines = sorted(counter.rows(SaleLine), key=lambda ln: ln.line_no)
    assert [(ln.service_code, ln.amount_cents, ln.gl_account) for ln in lines] == [
        ("COM-AFF", 2000, "4210-100"),
        ("PAY-TAX", 50000, "1120-000"),
        ("LIC-DOG", 1500, "4240-100"),
    ]

    text = receipt_text(result.receipt, 48)
    body = text[text.index("Served by Alex M.") + 1 :]
    assert body[: body.index("")] == [
        "-" * 48,
        "Commissioning – affidavit                 $20.00",
        "  Deponent: Zoë Côté",
        "Property tax payment                     $500.00",
        "  Tax roll 1809-999-001-0002-0, 88 Dundas St W;",
        "  balance after $2,375.00",
        "Dog licence                               $15.00",
        "  Tag WD-260501: Rex (Nguyen Thi Hoa); expires",  # the printer has no ễ or ị
        "  2027-12-31",
        "-" * 48,
        "Subtotal                                 $535.00",
        "TOTAL                                    $535.00",
        "Debit ref 084412                         $500.00",
        "Cash                                      $40.00",
        "Change                                     $5.00",
    ]
    [hoa] = find_accounts(counter.uow(), HOA_ROLL)
    assert hoa.balance_cents == 237500


# --- the search index ----------------------------------------------------------------------


def test_accounts_head_office_sends_later_are_found_by_name_at_once(counter: Counter) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert, update

    from counterapp.db.models import Account
    from counterapp.domain.accounts import search_key

    with counter.session() as s, s.begin():
        s.execute(
            insert(Account).values(
                id="00000000-0000-4000-8000-000000000001",
                kind="utility",
                number="1234567897",
                holder_name="Quetzalli Ōkawa",
                address="7 Hopkins St",
                balance_cents=1000,
                as_of=datetime(2026, 11, 21, tzinfo=UTC),
            )
        )
    [found] = find_accounts(counter.uow(), "quetz okawa")
    assert found.holder_name == "Quetzalli Ōkawa"
    with counter.session() as s, s.begin():
        s.execute(
            update(Account)
            .where(Account.number == "1234567897")
            .values(
                holder_name="Quetzalli Walsh",
                search_key=search_key("Quetzalli Walsh", "7 Hopkins St"),
            )
        )
    assert find_accounts(counter.uow(), "quetzalli okawa") == []
    assert [a.holder_name for a in find_accounts(counter.uow(), "quetzalli")] == ["Quetzalli Walsh"]


def test_the_search_index_is_rebuilt_when_a_migration_drops_its_triggers(
    counter: Counter,
) -> None:
    from counterapp.db.engine import open_database

    with counter.engine.begin() as conn:
        for trigger in ("account_fts_ai", "account_fts_ad", "account_fts_au"):
            conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
        conn.exec_driver_sql("DELETE FROM account_fts")  # what a table rebuild leaves behind
    assert find_accounts(counter.uow(), "zoe cote 12 brock") == []
    counter.engine.dispose()
    engine, sf = open_database(counter.path)  # start-up repairs it
    try:
        from counterapp.db.uow import UnitOfWork

        found = find_accounts(UnitOfWork(sf), "zoe cote 12 brock")
        assert [a.number for a in found] == [ZOE_ROLL]
    finally:
        engine.dispose()
