"""The visitor's receipt in French (issue 13): the words, money and time of the
visit's language, independent of the associate's window, printed through the
printer's code pages on 80 mm and 58 mm paper and read back from the bytes."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterapp.db.models import SiteSetting
from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale, stored_receipt
from devices.simulator import decode_escpos
from printing.escpos_receipt import receipt_text, render_receipt
from tests.counter_support import SOLD_AT, Counter

FRENCH_LETTERS = "éèàçôî « » ÉÈÀÇÔÎ êëïûù"


def french_sale(**changes: object) -> Receipt:
    receipt = Receipt(
        receipt_no="WHB-01-000042",
        site_name="Service Whitby",
        address_lines=("575, chemin Rossland Est", "Whitby (Ontario) L1N 2M8"),
        issued_at="2026-12-01 14 h 05",
        associate="Zoë K.",
        lines=(
            ReceiptLine("Permis de chien", 2500, detail="Médaille 2026-0117"),
            ReceiptLine("Bac à compost", 2999),
            ReceiptLine("Assermentation « déclaration solennelle »", 123456),
        ),
        subtotal_cents=128955,
        tax_cents=715,
        total_cents=129670,
        rounding_cents=0,
        tenders=(ReceiptTender("Cash", 130000), ReceiptTender("Cheque", 0, "123")),
        change_cents=330,
        footer=("Merci de votre visite.",),
        check_code="7Q2M",
        hst_registration="12345 6789 RT0001",
        language="fr",
    )
    return dataclasses.replace(receipt, **changes)  # type: ignore[arg-type]


def row(label: str, amount: str, columns: int) -> str:
    return label + " " * (columns - len(label) - len(amount)) + amount


@pytest.mark.parametrize("columns", [48, 32])
def test_a_french_receipt_reads_french_from_its_bytes(columns: int) -> None:
    receipt = french_sale(copy=True)
    data = render_receipt(receipt, columns=columns)
    assert "é".encode() not in data  # never UTF-8: a printer shows two odd glyphs
    printed = decode_escpos(data)
    assert printed[: len(receipt_text(receipt, columns))] == receipt_text(receipt, columns)
    assert all(len(line) <= columns for line in printed)
    for expected in (
        "Reçu WHB-01-000042",
        "Servi par Zoë K.",
        "2026-12-01 14 h 05",
        row("Sous-total", "1 289,55 $", columns),
        row("TVH", "7,15 $", columns),
        row("TOTAL", "1 296,70 $", columns),
        row("Espèces", "1 300,00 $", columns),
        row("Chèque réf. 123", "0,00 $", columns),
        row("Monnaie rendue", "3,30 $", columns),
        "Merci de votre visite.".center(columns).rstrip(),
    ):
        assert any(line.rstrip() == expected.rstrip() for line in printed), (expected, printed)
    assert any("*** COPIE ***" in line for line in printed)
    assert any("Code de vérification 7Q2M" in line for line in printed)
    assert any("No d’inscription TVH" in line or "No d'inscription TVH" in line for line in printed)
    assert any("« déclaration" in line for line in printed)
    assert not any("$1" in line or "Receipt" in line or "Change" in line for line in printed)


@pytest.mark.parametrize("columns", [48, 32])
@pytest.mark.parametrize("profile", ["default", "TM-T88V", "TM-T20II"])
def test_every_french_letter_prints_through_a_code_page(columns: int, profile: str) -> None:
    receipt = french_sale(lines=(ReceiptLine(FRENCH_LETTERS, 100),), associate="Éloïse Côté")
    printed = decode_escpos(
        render_receipt(receipt, columns=columns, profile=profile), profile=profile
    )
    assert any(line.startswith(FRENCH_LETTERS) for line in printed), printed
    assert "Servi par Éloïse Côté" in printed
    assert not any("?" in line for line in printed)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_french_amounts_end_at_the_right_edge_of_58_mm_paper(cents: int) -> None:
    receipt = french_sale(lines=(ReceiptLine("Rôle d’évaluation 1234-567-890", cents),))
    lines = receipt_text(receipt, 32)
    assert all(len(line) <= 32 for line in lines)
    amount = f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d} $"
    assert any(line.startswith("Rôle") and line.endswith(" " + amount) for line in lines)


def test_the_english_receipt_is_unchanged() -> None:
    receipt = french_sale(language="en", tenders=(ReceiptTender("Cash", 130000),))
    printed = receipt_text(receipt, 48)
    assert row("Subtotal", "$1,289.55", 48) in printed
    assert row("Change", "$3.30", 48) in printed
    assert row("Cash", "$1,300.00", 48) in printed


DOG = LineRequest("RNT-ROOM", 1)


def _sell(counter: Counter, language: str | None):
    cmd = CompleteSale(counter.alex, (DOG,), (TenderInput(TenderKind.CASH, 5000),),
                       language=language)  # fmt: skip
    return complete_sale(counter.uow(), cmd, now=SOLD_AT)


def test_the_visit_chooses_the_receipt_language_and_a_reprint_keeps_it(counter: Counter) -> None:
    sold = _sell(counter, "fr")
    assert sold.receipt.language == "fr"
    assert sold.receipt.issued_at == "2027-03-02 10 h 00"  # 15:00 UTC in Toronto
    assert sold.receipt.footer == ("Merci de votre visite.",)
    lines = receipt_text(sold.receipt, 48)
    assert any(line.startswith("Monnaie rendue") for line in lines)
    reprint = stored_receipt(counter.uow(), sold.receipt_no, copy=True)
    assert reprint.language == "fr"
    assert any("*** COPIE ***" in line for line in receipt_text(reprint, 48))


def test_the_site_sets_the_usual_language_and_the_visit_overrides_it(counter: Counter) -> None:
    assert _sell(counter, None).receipt.language == "en"
    with counter.session() as s:
        s.add(SiteSetting(name="visitor_language", value="fr", version=1))
        s.commit()
    assert _sell(counter, None).receipt.language == "fr"
    english = _sell(counter, "en").receipt
    assert english.language == "en" and english.issued_at == "2027-03-02 10:00"


# --- the queue ticket, in the language the greeter chose -----------------------------


def _issued(ahead: int = 2):
    from datetime import UTC, datetime

    from counterapp.queue.views import IssuedTicket, TicketView

    at = datetime(2026, 12, 1, 19, 5, tzinfo=UTC)
    ticket = TicketView(id="0190aaaa-0000-7000-8000-000000000001", label="C-003", category="C",
                        services=["LIC-DOG"], priority=True, language_line=True,
                        status="waiting", issued_at=at, waiting_since=at)  # fmt: skip
    return IssuedTicket(ticket=ticket, category_name="Permis et licences", people_ahead=ahead,
                        estimated_wait_minutes=12, site_name="Service Whitby",
                        survey_url="https://survey.example.invalid/t/abc")  # fmt: skip


@pytest.mark.parametrize("columns", [32, 48])
def test_a_french_queue_ticket_reads_french_from_its_bytes(columns: int) -> None:
    from printing.escpos_ticket import render_ticket, ticket_from_issue, ticket_text

    ticket = ticket_from_issue(_issued(), {"LIC-DOG": "Permis de chien"}, "America/Toronto", "fr")
    data = render_ticket(ticket, columns=columns)
    assert "é".encode() not in data
    printed = [line.strip() for line in decode_escpos(data)]
    for expected in (
        "Votre numéro",
        "C-003",
        "Permis de chien",
        "Service prioritaire noté",
        "Interprète (par téléphone) noté",
        "Émis le 2026-12-01 14 h 05",  # 19:05 UTC in Toronto
        "2 personnes devant vous",
        "Attente prévue : environ 12 min",
        "Donnez-nous votre avis :",
    ):
        assert expected in printed, (expected, printed)
    lines = ticket_text(ticket, columns=columns)
    assert all(len(line) <= columns for line in lines if not line.startswith("[QR"))
    assert any("Surveillez votre" in line for line in printed)


def test_the_ticket_says_one_person_and_nobody_ahead_in_french() -> None:
    from printing.escpos_ticket import ticket_from_issue, ticket_text

    one = ticket_text(ticket_from_issue(_issued(1), {}, "UTC", "fr"))
    assert "1 personne devant vous" in one
    none = ticket_text(ticket_from_issue(_issued(0), {}, "UTC", "fr"))
    assert "Personne n’attend devant vous" in " ".join(none).replace("'", "’")
    english = ticket_text(ticket_from_issue(_issued(0), {}, "UTC"))
    assert "You are next in line" in english and "Issued 2026-12-01 19:05" in english


# --- the customer pole display, in the visit's language --------------------------------


@pytest.mark.parametrize("command_set", ["escpos", "cd5220"])
def test_the_pole_display_speaks_the_visitors_french(command_set: str) -> None:
    from devices.simulator import DisplayDecoder
    from printing.pole_display import (
        DisplayScreen,
        change_screen,
        item_screen,
        render_display,
        total_screen,
    )

    assert item_screen("Permis de chien", 2500, 123456, language="fr") == DisplayScreen(
        "Permis de    25,00 $", "TOTAL     1 234,56 $"
    )
    assert total_screen(8780, 2780, language="fr") == DisplayScreen(
        "TOTAL        87,80 $", "SOLDE DU     27,80 $"
    )
    screen = change_screen(10000, 1220, language="fr")
    assert screen == DisplayScreen("REMIS       100,00 $", "MONNAIE      12,20 $")
    decoder = DisplayDecoder(20)
    decoder.feed(render_display(screen, command_set))
    assert decoder.screen == (screen.top, screen.bottom)


@given(st.integers(min_value=0, max_value=99_999_999))
def test_any_french_amount_fits_the_pole_display(cents: int) -> None:
    from printing.pole_display import total_screen

    screen = total_screen(cents, cents, language="fr")
    amount = f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d} $"
    assert len(screen.top) == 20 and screen.top.endswith(amount)
