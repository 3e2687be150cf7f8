"""The receipt as the paper shows it: layout, ESC/POS bytes, code pages."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterapp.domain.receipt import Receipt, ReceiptLine, ReceiptTender
from devices.simulator import CUT_LINE, DRAWER_LINE, decode_escpos
from printing.escpos_receipt import (
    drawer_kick_bytes,
    fold_text,
    receipt_text,
    render_receipt,
)

ESC_INIT = b"\x1b@"
BOLD_ON = b"\x1bE\x01"
DOUBLE_HEIGHT = b"\x1b!\x10"
FEED_THEN_PARTIAL_CUT = b"\x1bd\x06\x1dV\x01"
QR_STORE = b"\x1d(k\x10\x001P0WHB-01-000042"  # GS ( k, 16 bytes: model QR, store the data
QR_PRINT = b"\x1d(k\x03\x001Q0"


def cash_sale(**changes: object) -> Receipt:
    """A dog licence and a compost bin, 13 % HST, paid with a $100 bill.

    $54.99 + $7.15 HST = $62.14, which cash rounds up to $62.15: change $37.85.
    """
    receipt = Receipt(
        receipt_no="WHB-01-000042",
        site_name="Service Whitby",
        address_lines=("575 Rossland Rd E", "Whitby ON L1N 2M8"),
        issued_at="2026-11-23 14:05",
        associate="Zoë K.",
        lines=(
            ReceiptLine("Dog licence", 2500, detail="Tag 2026-0117"),
            ReceiptLine("Compost bin", 2999),
        ),
        subtotal_cents=5499,
        tax_cents=715,
        total_cents=6214,
        rounding_cents=1,
        tenders=(ReceiptTender("Cash", 10000),),
        change_cents=3785,
        footer=("Thank you for visiting!",),
    )
    return dataclasses.replace(receipt, **changes)  # type: ignore[arg-type]


def row(label: str, amount: str, columns: int) -> str:
    return label + " " * (columns - len(label) - len(amount)) + amount


def centre(text: str, columns: int) -> str:
    return " " * ((columns - len(text)) // 2) + text


@pytest.mark.parametrize("columns", [48, 32])
def test_cash_sale_lays_out_line_by_line(columns: int) -> None:
    expected = [
        centre("Service Whitby", columns),
        centre("575 Rossland Rd E", columns),
        centre("Whitby ON L1N 2M8", columns),
        "",
        "Receipt WHB-01-000042",
        "2026-11-23 14:05",
        "Served by Zoë K.",
        "-" * columns,
        row("Dog licence", "$25.00", columns),
        "  Tag 2026-0117",
        row("Compost bin", "$29.99", columns),
        "-" * columns,
        row("Subtotal", "$54.99", columns),
        row("HST", "$7.15", columns),
        row("TOTAL", "$62.14", columns),
        row("Cash rounding", "$0.01", columns),
        row("Cash", "$100.00", columns),
        row("Change", "$37.85", columns),
        "",
        centre("Thank you for visiting!", columns),
        "",
        "[QR: WHB-01-000042]",
    ]
    assert receipt_text(cash_sale(), columns) == expected


def test_amounts_end_exactly_at_the_right_edge_of_80_and_58_mm_paper() -> None:
    assert receipt_text(cash_sale(), 48)[8] == "Dog licence" + " " * 31 + "$25.00"
    assert receipt_text(cash_sale(), 32)[8] == "Dog licence" + " " * 15 + "$25.00"


def test_no_rounding_line_when_the_cash_total_needed_none() -> None:
    lines = receipt_text(cash_sale(rounding_cents=0))
    assert not any(line.startswith("Cash rounding") for line in lines)
    assert any(line.startswith("TOTAL") for line in lines)


def test_no_hst_line_when_nothing_was_taxed() -> None:
    lines = receipt_text(cash_sale(tax_cents=0, total_cents=5499, change_cents=4500))
    assert not any(line.startswith("HST") for line in lines)


def test_no_change_line_when_paid_exactly() -> None:
    exact = cash_sale(tenders=(ReceiptTender("Debit", 6214, "1234"),), change_cents=0,
                      rounding_cents=0)  # fmt: skip
    lines = receipt_text(exact)
    assert row("Debit ref 1234", "$62.14", 48) in lines
    assert not any(line.startswith("Change") for line in lines)


def test_a_reprint_says_copy_at_the_top_and_the_foot() -> None:
    lines = receipt_text(cash_sale(copy=True))
    banner = centre("*** COPY ***", 48)
    assert lines.count(banner) == 2
    assert lines.index(banner) < lines.index("Receipt WHB-01-000042")
    assert "*** COPY ***" not in "".join(receipt_text(cash_sale()))


def test_a_voided_receipt_says_void() -> None:
    assert centre("*** VOID ***", 48) in receipt_text(cash_sale(void=True))


def test_a_long_description_wraps_between_words_with_the_amount_on_its_first_line() -> None:
    description = "Backyard composter with aerator, delivered to the curb by public works"
    receipt = cash_sale(lines=(ReceiptLine(description, 2999),))
    lines = receipt_text(receipt, 32)
    start = lines.index("-" * 32) + 1
    wrapped = lines[start : lines.index("-" * 32, start)]
    assert wrapped == [
        "Backyard composter with   $29.99",
        "aerator, delivered to the",
        "curb by public works",
    ]


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèçÀ", min_size=1, max_size=12),
                   min_size=1, max_size=12),
    columns=st.sampled_from([32, 48]),
)  # fmt: skip
def test_no_line_is_wider_than_the_paper_and_no_word_is_lost(
    words: list[str], columns: int
) -> None:
    description = " ".join(words)
    receipt = cash_sale(lines=(ReceiptLine(description, 123456),), footer=(description,))
    lines = receipt_text(receipt, columns)
    assert all(len(line) <= columns for line in lines)
    first = next(i for i, line in enumerate(lines) if line.endswith("$1,234.56"))
    assert len(lines[first]) == columns
    end = lines.index("-" * columns, first)
    label = " ".join([lines[first][: -len("$1,234.56")], *lines[first + 1 : end]])
    assert label.split() == description.split()


def test_escpos_initialises_styles_the_header_and_ends_with_feed_and_partial_cut() -> None:
    data = render_receipt(cash_sale())
    assert data.startswith(ESC_INIT)
    assert data.endswith(FEED_THEN_PARTIAL_CUT)
    header = data.index(b"Service Whitby")
    assert DOUBLE_HEIGHT in data[:header] and BOLD_ON in data[:header]
    assert data[data.index(b"TOTAL") - len(BOLD_ON) : data.index(b"TOTAL")] == BOLD_ON


def test_escpos_carries_the_receipt_number_in_a_native_qr_code() -> None:
    data = render_receipt(cash_sale())
    assert QR_STORE in data
    assert data.index(QR_PRINT) > data.index(QR_STORE)


def test_a_printer_without_qr_gets_a_code128_barcode() -> None:
    receipt = cash_sale()
    data = render_receipt(receipt, columns=48, profile="TH230")
    assert b"\x1dkI\x0f{BWHB-01-000042" in data  # GS k, CODE128, 15 bytes, code set B
    assert QR_STORE not in data
    assert receipt_text(receipt, 48, profile="TH230")[-1] == "[barcode: WHB-01-000042]"


@pytest.mark.parametrize("columns", [48, 32])
def test_escpos_prints_exactly_the_text_lines(columns: int) -> None:
    receipt = cash_sale(copy=True)
    printed = decode_escpos(render_receipt(receipt, columns=columns))
    assert printed == receipt_text(receipt, columns) + [""] * 6 + [CUT_LINE]


def test_accented_names_print_through_the_printer_code_pages() -> None:
    receipt = cash_sale(lines=(ReceiptLine("Permis de stationnement — François Lefèbvre", 4000),
                               ReceiptLine("Garde d'enfants, Île-Bizard", 1000)))  # fmt: skip
    data = render_receipt(receipt)
    assert "Zoë".encode() not in data  # not UTF-8, which a printer shows as two odd glyphs
    assert b"Zo\x89" in data  # ë in code page 437, selected at the start of the job
    printed = decode_escpos(data)
    assert "Served by Zoë K." in printed
    assert any(line.startswith("Permis de stationnement — François") for line in printed)
    assert any(line.startswith("Garde d'enfants, Île-Bizard ") for line in printed)


def test_vietnamese_and_chinese_names_fall_back_to_plain_letters() -> None:
    receipt = cash_sale(associate="Đặng T.", lines=(ReceiptLine("Permit for 王小明", 4000),))
    data = render_receipt(receipt)
    printed = decode_escpos(data)
    assert "Served by Đang T." in printed  # Đ is in code page 852; ặ loses its marks
    assert row("Permit for ???", "$40.00", 48) in printed
    assert "王".encode("gb18030") not in data  # python-escpos's own CJK path sends raw GB18030
    assert printed[: len(receipt_text(receipt))] == receipt_text(receipt)


def test_a_printer_with_only_code_page_437_gets_transliterations() -> None:
    assert fold_text("Đặng Łukasz — “Zoë”", profile="simple") == 'Dang Lukasz - "Zoë"'


def test_control_characters_in_a_name_cannot_command_the_printer() -> None:
    receipt = cash_sale(associate="Eve\x1bp\x00\x19\x7f\nX")  # would be a drawer kick and a newline
    data = render_receipt(receipt)
    assert b"\x1bp" not in data
    assert DRAWER_LINE not in decode_escpos(data)
    assert "Served by Eve p    X" in receipt_text(receipt)


def test_the_drawer_pulse_is_esc_p_pin_2_for_50_ms() -> None:
    assert drawer_kick_bytes() == b"\x1bp\x00\x19\xfa"
    assert decode_escpos(drawer_kick_bytes()) == [DRAWER_LINE]


def test_rendering_is_the_same_every_time() -> None:
    # python-escpos remembers code pages it used; a shared encoder would change later bytes.
    first = render_receipt(cash_sale(associate="Đặng T."))
    render_receipt(cash_sale(associate="Zoë"))
    assert render_receipt(cash_sale(associate="Đặng T.")) == first


def test_paper_narrower_than_a_receipt_and_unknown_printers_are_refused() -> None:
    with pytest.raises(ValueError, match="columns"):
        receipt_text(cash_sale(), 12)
    with pytest.raises(ValueError, match="NoSuchPrinter"):
        render_receipt(cash_sale(), profile="NoSuchPrinter")


def test_the_survey_qr_follows_the_receipt_number_and_copies_leave_it_out() -> None:
    url = "https://survey.example.invalid/counter?r=WHB-01-000042"
    receipt = cash_sale(survey_url=url)
    lines = receipt_text(receipt)
    ask = lines.index(centre("How did we do? Scan to tell us.", 48))
    assert lines.index(f"[QR: {receipt.receipt_no}]") < ask
    assert lines[ask + 1] == f"[QR: {url}]"
    assert url.encode() in render_receipt(receipt)
    assert not any(
        "How did we do" in line for line in receipt_text(cash_sale(survey_url=url, copy=True))
    )
    assert not any("How did we do" in line for line in receipt_text(cash_sale()))
