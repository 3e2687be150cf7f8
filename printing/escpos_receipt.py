"""A stored receipt rendered for a thermal printer (ESC/POS) and as plain text.

One layout function (``receipt_layout``) decides every line; the ESC/POS
renderer and the text renderer only dress those lines, so what the screen, the
simulator and the paper show cannot drift apart.

Text is folded *before* layout to what the printer can actually print: the
accents of Western and Central European names go through python-escpos's
code-page switching ("magic encode"), anything else is transliterated
(NFKD, accents dropped) or becomes "?". Folding first keeps the columns exact
(a "ß" folded to "ss" is two columns wide) and keeps control characters typed
into a name from reaching the printer as commands.

python-escpos is imported inside the functions: loading its capability
database takes a noticeable fraction of a second, which the window should not
pay at start-up.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from counterapp.domain.receipt import Receipt, ReceiptLine
from printing.words import paper_money, say, tender_label

#: Code pages we let python-escpos switch to, in this order of preference.
#: They cover English, French and Central European names and are in the
#: profiles of the common Epson-compatible printers; other scripts (Vietnamese,
#: CJK …) are transliterated rather than trusted to an optional code page.
LATIN_CODE_PAGES: tuple[str, ...] = ("CP437", "CP850", "CP852", "CP1252")

#: Letters NFKD does not decompose, for printers whose code pages lack them.
_TRANSLITERATION = {
    "Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae",
    "Œ": "OE", "œ": "oe", "ß": "ss", "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
    "…": "...", "•": "*", "€": "EUR",
}  # fmt: skip

MIN_COLUMNS = 20
_QR_DOT_SIZE = 5  # a receipt number is a 21-module code: ~13 mm at 203 dpi, easy to scan

CodeKind = Literal["qr", "code128"]


@dataclass(frozen=True, slots=True)
class PrintLine:
    """One printed line, already folded, padded and at most ``columns`` wide."""

    text: str
    bold: bool = False
    tall: bool = False  # double height; the width stays the same


@dataclass(frozen=True, slots=True)
class PrintCode:
    """A machine-readable code carrying the receipt number (so a reprint or refund can scan it)."""

    kind: CodeKind
    data: str

    def as_text(self) -> str:
        """How the code shows as text: the same words the printer simulator uses."""
        return f"[QR: {self.data}]" if self.kind == "qr" else f"[barcode: {self.data}]"


Block = PrintLine | PrintCode


# --- text the printer can print ------------------------------------------------------


@lru_cache(maxsize=64)
def code_page_chars(name: str) -> tuple[str, ...]:
    """The characters of bytes 0x80–0xFF in a python-escpos code page ("" where undefined).

    Read from python-escpos's own tables, so decoding (the simulator) inverts
    exactly what magic encode wrote.
    """
    from escpos.codepages import CodePages

    try:
        page = CodePages.get_encoding(name)
    except KeyError:
        return ("",) * 128
    if "data" in page:
        chars = "".join(page["data"])
        return tuple(chars) if len(chars) == 128 else ("",) * 128
    if "python_encode" in page:
        out = []
        for byte in range(128, 256):
            try:
                out.append(bytes([byte]).decode(page["python_encode"]))
            except UnicodeDecodeError:
                out.append("")
        return tuple(out)
    return ("",) * 128


def _profile(profile: str) -> Any:
    from escpos.capabilities import get_profile

    try:
        return get_profile(profile)
    except KeyError:
        raise ValueError(f"Unknown printer profile {profile!r}") from None


@lru_cache(maxsize=16)
def _code_pages(profile: str) -> tuple[tuple[str, str], ...]:
    """(name, ESC t number) of the Latin code pages this printer profile has."""
    available = _profile(profile).get_code_pages()
    pages = tuple((name, str(available[name])) for name in LATIN_CODE_PAGES if name in available)
    if not pages:
        raise ValueError(f"Printer profile {profile!r} has none of {LATIN_CODE_PAGES}")
    return pages


@lru_cache(maxsize=16)
def _printable(profile: str) -> frozenset[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for name, _ in _code_pages(profile):
        chars.update(ch for ch in code_page_chars(name) if ch and ch.isprintable())
    return frozenset(chars)


def fold_text(text: str, *, profile: str = "default") -> str:
    """``text`` reduced to characters the printer can print, one column each.

    Control characters become spaces (a newline or ESC in a name must not move
    the layout or command the printer); invisible format characters vanish;
    other characters are kept when a code page has them, otherwise
    transliterated ("ặ" → "a", "Đ" → "D"), otherwise "?".
    """
    printable = _printable(profile)
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in printable:
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category.startswith(("C", "Z")):
            out.append(" ")
            continue
        sub = _TRANSLITERATION.get(ch)
        if sub is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            sub = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(sub if sub and all(c in printable for c in sub) else "?")
    return "".join(out)


# --- layout ----------------------------------------------------------------------------


def _code_kind(profile: str) -> CodeKind | None:
    """The best code this printer draws itself (an image would be slow over 9600 baud)."""
    caps = _profile(profile)
    if caps.supports("qrCode"):
        return "qr"
    if caps.supports("barcodeB"):
        return "code128"
    return None  # the receipt number is printed in words at the top in any case


_GLUE = "\x00"  # holds French guillemets to their words while wrapping (never printed)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    # Break only at spaces; a word longer than the line is the one thing that gets split.
    # "« mot »" never ends a line with "«" or starts one with "»".
    glued = text.replace("« ", "«" + _GLUE).replace(" »", _GLUE + "»")
    lines = textwrap.wrap(
        glued,
        width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


class _Layout:
    """Collects the lines of one receipt; every text goes through ``fold`` first."""

    def __init__(self, columns: int, profile: str, language: str = "en") -> None:
        self.columns = columns
        self.profile = profile
        self.language = language  # the visitor's (issue 13), not the associate's
        self.blocks: list[Block] = []

    def fold(self, text: str) -> str:
        return fold_text(text, profile=self.profile)

    def blank(self) -> None:
        self.blocks.append(PrintLine(""))

    def rule(self) -> None:
        self.blocks.append(PrintLine("-" * self.columns))

    def left(self, text: str, *, indent: str = "", bold: bool = False) -> None:
        for part in _wrap(self.fold(text), self.columns, indent):
            self.blocks.append(PrintLine(part, bold=bold))

    def centred(self, text: str, *, bold: bool = False, tall: bool = False) -> None:
        # Centred with spaces rather than ESC a 1, so the text and the paper agree exactly.
        for part in _wrap(self.fold(text), self.columns):
            pad = (self.columns - len(part)) // 2
            self.blocks.append(PrintLine(" " * pad + part, bold=bold, tall=tall))

    def priced(self, label: str, cents: int, *, bold: bool = False) -> None:
        """Label on the left (wrapped), amount right-aligned on its first line."""
        amount = paper_money(cents, self.language)
        width = self.columns - len(amount) - 1
        parts = _wrap(self.fold(label), width)
        gap = self.columns - len(parts[0]) - len(amount)
        self.blocks.append(PrintLine(parts[0] + " " * gap + amount, bold=bold))
        self.blocks.extend(PrintLine(part, bold=bold) for part in parts[1:])

    def banners(self, receipt: Receipt) -> None:
        for shown, message in (
            (receipt.void, "receipt.void"),
            (receipt.refund, "receipt.refund"),
            (receipt.copy, "receipt.copy"),
        ):
            if shown:
                self.centred(say(message, self.language), bold=True, tall=True)


def _line_label(line: ReceiptLine) -> str:
    # amount_cents is the line total; the quantity is shown, never multiplied here.
    return line.description if line.quantity == 1 else f"{line.quantity} x {line.description}"


def receipt_layout(receipt: Receipt, *, columns: int = 48, profile: str = "default") -> list[Block]:
    """Every line of the receipt, in order: the one layout both renderers share.

    ``columns`` is 48 for 80 mm paper and 32 for 58 mm (font A).
    """
    if columns < MIN_COLUMNS:
        raise ValueError(f"A receipt needs at least {MIN_COLUMNS} columns, not {columns}")
    lang = receipt.language
    out = _Layout(columns, profile, lang)
    out.centred(receipt.site_name, bold=True, tall=True)
    for address in receipt.address_lines:
        out.centred(address)
    out.blank()
    out.banners(receipt)
    out.left(say("receipt.number", lang, number=receipt.receipt_no))
    out.left(receipt.issued_at)
    out.left(say("receipt.served_by", lang, name=receipt.associate))
    out.rule()
    for line in receipt.lines:
        out.priced(_line_label(line), line.amount_cents)
        if line.detail:
            out.left(line.detail, indent="  ")
    out.rule()
    out.priced(say("receipt.subtotal", lang), receipt.subtotal_cents)
    if receipt.tax_cents:
        out.priced(say("receipt.hst", lang), receipt.tax_cents)
        if receipt.hst_registration:
            out.left(say("receipt.hst_registration", lang, number=receipt.hst_registration),
                     indent="  ")  # fmt: skip
    out.priced(say("receipt.total", lang), receipt.total_cents, bold=True)
    if receipt.rounding_cents:
        out.priced(say("receipt.cash_rounding", lang), receipt.rounding_cents)
    for tender in receipt.tenders:
        label = tender_label(tender.label, lang)
        if tender.reference:
            label = say("receipt.tender_reference", lang, tender=label, reference=tender.reference)
        out.priced(label, tender.amount_cents)
    if receipt.change_cents > 0:
        out.priced(say("receipt.change", lang), receipt.change_cents)
    if receipt.footer:
        out.blank()
        for text in receipt.footer:
            out.centred(text)
    if receipt.copy or receipt.void or receipt.refund:
        # Again at the foot, so either half of a torn copy still says what it is.
        out.blank()
        out.banners(receipt)
    kind = _code_kind(profile)
    if receipt.check_code:
        out.blank()
        out.centred(say("receipt.check_code", lang, code=receipt.check_code))
    if kind is not None:
        out.blank()
        # A QR carries the number and the check code; a bar code the number only
        # (what the counter's scanner recalls a receipt by).
        data = receipt.code_data if kind == "qr" else receipt.receipt_no
        out.blocks.append(PrintCode(kind, data))
    if receipt.survey_url and not receipt.copy:
        out.blank()
        out.centred(say("receipt.survey", lang))
        if kind == "qr":
            out.blocks.append(PrintCode("qr", receipt.survey_url))
        else:  # no QR on this printer: the address itself
            out.centred(receipt.survey_url)
    return out.blocks


def _as_text(blocks: Iterable[Block]) -> list[str]:
    return [b.as_text() if isinstance(b, PrintCode) else b.text for b in blocks]


def receipt_text(receipt: Receipt, columns: int = 48, *, profile: str = "default") -> list[str]:
    """The receipt as the lines the paper shows (for the screen, tests and the simulator)."""
    return _as_text(receipt_layout(receipt, columns=columns, profile=profile))


# --- ESC/POS ---------------------------------------------------------------------------


def _dummy(profile: str) -> Any:
    """A python-escpos Dummy limited to our Latin code pages, with a fresh encoder.

    Fresh per receipt: the encoder remembers which pages it used, and a shared
    one would make the bytes of a receipt depend on the receipts before it.
    """
    from escpos.magicencode import Encoder
    from escpos.printer import Dummy

    encoder = Encoder(dict(_code_pages(profile)))
    return Dummy(profile=profile, magic_encode_args={"encoder": encoder})


def _print_code(printer: Any, code: PrintCode) -> None:
    from escpos.constants import QR_ECLEVEL_M

    printer.set(align="center")
    if code.kind == "qr":
        printer.qr(code.data, ec=QR_ECLEVEL_M, size=_QR_DOT_SIZE, native=True)
    else:
        # "{B": ESC/POS CODE128 needs the code set first; B is printable ASCII.
        printer.barcode("{B" + code.data, "CODE128", height=64, width=2, function_type="B")
    printer.set(align="left")


def render_receipt(receipt: Receipt, *, columns: int = 48, profile: str = "default") -> bytes:
    """The receipt as ESC/POS bytes: initialise, lines, receipt-number code, feed, partial cut.

    ``profile`` is a python-escpos printer profile name; it decides the code
    page numbers and whether the code is a QR code or a CODE128 barcode.
    """
    blocks = receipt_layout(receipt, columns=columns, profile=profile)
    printer = _dummy(profile)
    printer.hw("INIT")  # ESC @: a job that died half-way must not leave bold or a code page behind
    bold = tall = False
    for block in blocks:
        if isinstance(block, PrintCode):
            _print_code(printer, block)
            continue
        if block.tall != tall:
            # ESC ! also clears bold, so the size goes first and bold is re-sent after it.
            printer.set(double_height=block.tall, normal_textsize=not block.tall, bold=block.bold)
        elif block.bold != bold:
            printer.set(bold=block.bold)
        bold, tall = block.bold, block.tall
        printer.textln(block.text)
    if tall or bold:
        printer.set(normal_textsize=True, bold=False)
    printer.cut(mode="PART")  # feeds past the tear bar first; full cut if the model has only that
    return bytes(printer.output)


def drawer_kick_bytes() -> bytes:
    """ESC p 0 25 250: pulse the drawer on pin 2 for 50 ms, then rest 500 ms.

    The common kick code drawers are set up for, given to python-escpos's
    ``cashdraw`` as a sequence: ``cashdraw(2)`` would send 100 ms on, 100 ms off.
    """
    from escpos.printer import Dummy

    printer = Dummy()
    printer.cashdraw([27, 112, 0, 25, 250])
    return bytes(printer.output)
