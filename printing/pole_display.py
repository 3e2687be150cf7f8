"""What the customer pole display shows, and the bytes that make it show it.

A pole display is two lines of (usually) 20 characters. The screens are laid
out here, once, as two padded lines (``DisplayScreen``); ``render_display``
turns a screen into the command set the display speaks:

- ``escpos``: the ESC/POS line-display set (Epson DM-D and compatibles):
  ``ESC @`` once per frame is avoided (it blanks the tube); instead
  ``US MD1`` (overwrite mode) and ``US $ x y`` (cursor to column x, row y)
  then the text of each line;
- ``cd5220``: ``ESC Q A text CR`` sets the upper line, ``ESC Q B text CR``
  the lower line.

Displays have few characters beyond ASCII, so text is folded to printable
ASCII ("Zoë" → "Zoe", "Đặng" → "Dang"): a clean fallback, never garbage.
Amounts are integer cents, formatted here at the edge.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from printing.words import paper_money, say

DISPLAY_COLUMNS = 20

_ASCII_FOR = {
    "Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae",
    "Œ": "OE", "œ": "oe", "ß": "ss", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-",
    "—": "-", "…": "...", "€": "EUR",
}  # fmt: skip


def fold_ascii(text: str) -> str:
    """``text`` in printable ASCII: accents dropped, control characters as spaces."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if " " <= ch <= "~":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category.startswith(("C", "Z")):
            out.append(" ")
            continue
        sub = _ASCII_FOR.get(ch)
        if sub is None:
            decomposed = unicodedata.normalize("NFKD", ch)
            sub = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(sub if sub and all(" " <= c <= "~" for c in sub) else "?")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class DisplayScreen:
    """Two lines, each exactly ``columns`` characters of printable ASCII."""

    top: str
    bottom: str

    def to_json(self) -> dict[str, Any]:
        return {"top": self.top, "bottom": self.bottom}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DisplayScreen:
        return cls(str(raw.get("top", "")), str(raw.get("bottom", "")))

    def fitted(self, columns: int) -> DisplayScreen:
        """Cut or pad both lines to ``columns`` (a screen laid out for 20 on a 16 or 40)."""
        return DisplayScreen(_fit(self.top, columns), _fit(self.bottom, columns))


def _fit(text: str, columns: int) -> str:
    return fold_ascii(text)[:columns].ljust(columns)


def _centred(text: str, columns: int) -> str:
    return fold_ascii(text)[:columns].strip().center(columns)


def _priced(label: str, cents: int, columns: int, language: str = "en") -> str:
    amount = fold_ascii(paper_money(cents, language))
    room = max(columns - len(amount) - 1, 0)
    label = fold_ascii(label)
    if len(label) > room:  # cut at a word when one ends on the line, else mid-word
        cut = label[:room]
        if label[room] != " " and " " in cut.strip():
            cut = cut[: cut.rstrip().rfind(" ")]
        label = cut.rstrip(" -,.:;")
    return label.ljust(columns - len(amount)) + amount


def welcome_screen(text: str, columns: int = DISPLAY_COLUMNS) -> DisplayScreen:
    """Shown when no visit is under way. A long welcome wraps onto the second line."""
    words = fold_ascii(text).split()
    top: list[str] = []
    while words and len(" ".join([*top, words[0]])) <= columns:
        top.append(words.pop(0))
    if not top and words:  # one word longer than the line
        return DisplayScreen(_fit(words[0], columns), _fit("", columns))
    return DisplayScreen(_centred(" ".join(top), columns), _centred(" ".join(words), columns))


def item_screen(
    description: str,
    amount_cents: int,
    total_cents: int,
    columns: int = DISPLAY_COLUMNS,
    language: str = "en",
) -> DisplayScreen:
    """A line just added: the item and its amount above, the running total below."""
    return DisplayScreen(
        _priced(description, amount_cents, columns, language),
        _priced(say("pole.total", language), total_cents, columns, language),
    )


def total_screen(
    total_cents: int, due_cents: int, columns: int = DISPLAY_COLUMNS, language: str = "en"
) -> DisplayScreen:
    """While paying: the total, and what is still due after the tenders so far."""
    return DisplayScreen(
        _priced(say("pole.total", language), total_cents, columns, language),
        _priced(say("pole.due", language), due_cents, columns, language),
    )


def change_screen(
    tendered_cents: int, change_cents: int, columns: int = DISPLAY_COLUMNS, language: str = "en"
) -> DisplayScreen:
    """The sale is done: what the visitor handed over and the change they get."""
    return DisplayScreen(
        _priced(say("pole.tendered", language), tendered_cents, columns, language),
        _priced(say("pole.change", language), change_cents, columns, language),
    )


_ESC, _US, _CR = b"\x1b", b"\x1f", b"\r"


def render_display(
    screen: DisplayScreen, command_set: str, columns: int = DISPLAY_COLUMNS
) -> bytes:
    """The bytes that put ``screen`` on a display speaking ``command_set``."""
    fitted = screen.fitted(columns)
    top, bottom = fitted.top.encode("ascii"), fitted.bottom.encode("ascii")
    if command_set == "escpos":
        return (
            _US + b"\x01"  # US MD1: overwrite mode, so writing never scrolls
            + _US + b"$\x01\x01" + top
            + _US + b"$\x01\x02" + bottom
        )  # fmt: skip
    if command_set == "cd5220":
        return _ESC + b"QA" + top + _CR + _ESC + b"QB" + bottom + _CR
    raise ValueError(f"Unknown display command set {command_set!r}")


def display_init(command_set: str) -> bytes:
    """Reset the display (sent by the "test display" button and on start-up): ESC @, clear."""
    if command_set in ("escpos", "cd5220"):
        return _ESC + b"@" + b"\x0c"
    raise ValueError(f"Unknown display command set {command_set!r}")
