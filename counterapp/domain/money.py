"""Money in integer cents: parsing, formatting, Canadian cash rounding.

Amounts are plain ``int`` cents everywhere below the UI. Formatting for people
happens only at the edges (receipt renderer, Qt locale in the window).
"""

from __future__ import annotations

import re

from counterapp.i18n import MessageError

# The most a single amount typed at the counter may be: $1,000,000.00.
# Larger numbers are almost always a slip of the keyboard (or a scanner).
MAX_AMOUNT_CENTS = 100_000_000

_AMOUNT_RE = re.compile(
    r"^\s*\$?\s*(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]*))?\s*$"
)
# French (Canada): 12,50 and 1 234,50 with a space, a no-break space or a narrow
# no-break space between thousands, and the dollar sign after (or before) the
# figure; a point is taken for the comma too (the numeric keypad's key).
_THOUSANDS_FR = "[ \u00a0\u202f]"
_AMOUNT_FR_RE = re.compile(
    r"^\s*\$?\s*(?P<int>[0-9]{1,3}(?:" + _THOUSANDS_FR + r"[0-9]{3})+|[0-9]+)?"
    r"(?:[,.](?P<frac>[0-9]*))?\s*\$?\s*$"
)


class AmountError(MessageError, ValueError):
    """A typed amount that cannot be taken as money. ``str()`` is the English message;
    ``template`` and ``values`` are what the window translates (issue 13)."""


def parse_amount(text: str, *, allow_zero: bool = False, language: str = "en") -> int:
    """Parse what an associate typed into cents: in English "20", "20.5",
    "$1,234.56"; in French (``language="fr"``) "20", "20,5", "1 234,56 $".

    Refuses letters, negative numbers, more than two decimals and absurd
    amounts with a message (an AmountError: a message id and values).
    """
    raw = text.strip()
    if not raw:
        raise AmountError("Enter an amount.")
    if raw.startswith("-"):
        raise AmountError("An amount cannot be negative.")
    if len(raw) > 20:
        # A stuck key or a scanner in the wrong field; also keeps int() bounded.
        raise AmountError("That amount is more than the counter accepts; type it again.")
    m = (_AMOUNT_FR_RE if language == "fr" else _AMOUNT_RE).match(raw)
    if not m or (m.group("int") is None and not m.group("frac")):
        raise AmountError("'{typed}' is not an amount. Type digits, for example 20 or 20.50.",
                          typed=raw)  # fmt: skip
    frac = m.group("frac") or ""
    if len(frac) > 2:
        raise AmountError("An amount has at most two decimals (cents).")
    whole = int(re.sub(r"[^0-9]", "", m.group("int") or "0"))
    cents = whole * 100 + int(frac.ljust(2, "0"))
    if cents > MAX_AMOUNT_CENTS:
        raise AmountError("{amount_cents} is more than the counter accepts in one amount.",
                          amount_cents=cents)  # fmt: skip
    if cents == 0 and not allow_zero:
        raise AmountError("The amount must be more than zero.")
    return cents


def amount_field_text(cents: int, language: str = "en") -> str:
    """The plain figure put into an amount field to be typed over: ``1234.56``,
    in French ``1234,56`` (no grouping, no sign); ``parse_amount`` reads it back."""
    text = format_cents(cents, symbol=False).replace(",", "")
    return text.replace(".", ",") if language == "fr" else text


def format_cents(cents: int, *, symbol: bool = True) -> str:
    """Format cents for a person: ``-$1,234.50``. Used by receipts and tests."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{'$' if symbol else ''}{whole:,}.{frac:02d}"


def cash_round(cents: int) -> int:
    """Round a cash amount to the nearest 5 cents (Canada has no penny).

    1-2 cents round down, 3-4 round up to 5, 6-7 round down to 5, 8-9 round up.
    """
    if cents < 0:
        return -cash_round(-cents)
    remainder = cents % 5
    return cents - remainder if remainder < 3 else cents + (5 - remainder)


def percent_of(cents: int, basis_points: int) -> int:
    """``cents`` × ``basis_points`` / 10 000, rounded half up, in integers.

    13 % HST is 1300 basis points.
    """
    if cents < 0:
        return -percent_of(-cents, basis_points)
    return (cents * basis_points + 5_000) // 10_000
