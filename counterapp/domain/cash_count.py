"""Counting a cash drawer by Canadian denomination (no pennies since 2013).

A count is a number of pieces (notes or loose coins) and, for coins, an
optional number of wrapped rolls per denomination. Quantities are whole,
non-negative numbers: a count of "-2" or "3.5" twenties is a slip of the
keyboard and is refused with a message, never taken as zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from counterapp.i18n import Message, MessageError, Word


class CountError(MessageError, ValueError):
    """A count that cannot be taken. ``str()`` is the message to show."""


@dataclass(frozen=True, slots=True)
class Denomination:
    code: str  # "100", "0.25": stable key in stored counts
    label: str  # "$100 notes", "25¢ coins"
    value_cents: int
    form: Literal["note", "coin"]
    roll_pieces: int = 0  # coins in a standard roll (0: not rolled)

    @property
    def roll_cents(self) -> int:
        return self.value_cents * self.roll_pieces


#: Notes and coins in circulation, largest first. Standard Canadian coin rolls:
#: $2 × 25 = $50, $1 × 25 = $25, 25¢ × 40 = $10, 10¢ × 50 = $5, 5¢ × 40 = $2.
CAD_DENOMINATIONS: tuple[Denomination, ...] = (
    Denomination("100", "$100 notes", 10_000, "note"),
    Denomination("50", "$50 notes", 5_000, "note"),
    Denomination("20", "$20 notes", 2_000, "note"),
    Denomination("10", "$10 notes", 1_000, "note"),
    Denomination("5", "$5 notes", 500, "note"),
    Denomination("2", "$2 coins", 200, "coin", 25),
    Denomination("1", "$1 coins", 100, "coin", 25),
    Denomination("0.25", "25¢ coins", 25, "coin", 40),
    Denomination("0.10", "10¢ coins", 10, "coin", 50),
    Denomination("0.05", "5¢ coins", 5, "coin", 40),
)
DENOMINATIONS_BY_CODE = {d.code: d for d in CAD_DENOMINATIONS}

# A drawer never holds 100,000 of anything; a bigger number is a stuck key.
MAX_PIECES = 99_999

_WHOLE = re.compile(r"^\s*\d+\s*$")
_QUANTITY = Message("quantity")


def parse_quantity(text: str, what: Message | str = _QUANTITY) -> int:
    """A typed quantity ("12", "" = 0) as an int, or ``CountError`` saying why not."""
    raw = text.strip()
    if not raw:
        return 0
    if raw.startswith("-"):
        raise CountError("The {what} cannot be negative.", what=what)
    if not _WHOLE.match(raw):
        raise CountError(
            "The {what} must be a whole number of pieces, not '{raw}'.", what=what, raw=raw
        )
    value = int(raw)
    if value > MAX_PIECES:
        raise CountError(
            "{value} is more {what} than a drawer holds; count again.", value=value, what=what
        )
    return value


@dataclass(frozen=True, slots=True)
class CashCount:
    """Pieces and rolls per denomination code. Build with ``CashCount.of``."""

    pieces: tuple[tuple[str, int], ...] = ()
    rolls: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(
        cls, pieces: Mapping[str, object] | None = None, rolls: Mapping[str, object] | None = None
    ) -> CashCount:
        """Check every quantity: known denomination, whole, not negative, rolls only for coins."""
        checked_pieces = _check(pieces or {}, rolls=False)
        checked_rolls = _check(rolls or {}, rolls=True)
        return cls(checked_pieces, checked_rolls)

    @property
    def total_cents(self) -> int:
        total = 0
        for code, n in self.pieces:
            total += DENOMINATIONS_BY_CODE[code].value_cents * n
        for code, n in self.rolls:
            total += DENOMINATIONS_BY_CODE[code].roll_cents * n
        return total

    def pieces_of(self, code: str) -> int:
        return dict(self.pieces).get(code, 0)

    def rolls_of(self, code: str) -> int:
        return dict(self.rolls).get(code, 0)

    def cents_of(self, code: str) -> int:
        d = DENOMINATIONS_BY_CODE[code]
        return d.value_cents * self.pieces_of(code) + d.roll_cents * self.rolls_of(code)

    def lines(self) -> list[tuple[Denomination, int, int, int]]:
        """(denomination, pieces, rolls, cents) for every denomination, largest first."""
        return [
            (d, self.pieces_of(d.code), self.rolls_of(d.code), self.cents_of(d.code))
            for d in CAD_DENOMINATIONS
        ]

    def notes_cents(self) -> int:
        return sum(c for d, _p, _r, c in self.lines() if d.form == "note")

    def coins_cents(self) -> int:
        return sum(c for d, _p, _r, c in self.lines() if d.form == "coin")

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {"pieces": dict(self.pieces), "rolls": dict(self.rolls)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, object]]) -> CashCount:
        return cls.of(data.get("pieces", {}), data.get("rolls", {}))


def _check(quantities: Mapping[str, object], *, rolls: bool) -> tuple[tuple[str, int], ...]:
    out: list[tuple[str, int]] = []
    for code, raw in quantities.items():
        d = DENOMINATIONS_BY_CODE.get(code)
        if d is None:
            if code in ("0.01", "0.02"):
                raise CountError("Pennies are no longer legal tender in a count; leave them out.")
            raise CountError("'{code}' is not a Canadian note or coin.", code=code)
        what = (
            Message("number of {pieces} rolls", pieces=Word(d.label))
            if rolls
            else Message("number of {pieces}", pieces=Word(d.label))
        )
        n = _as_quantity(raw, what)
        if rolls and n and not d.roll_pieces:
            raise CountError("{pieces} are not counted in rolls.", pieces=Word(d.label))
        if n:
            out.append((code, n))
    order = {d.code: i for i, d in enumerate(CAD_DENOMINATIONS)}
    return tuple(sorted(out, key=lambda item: order[item[0]]))


def _as_quantity(raw: object, what: Message | str) -> int:
    if isinstance(raw, bool):
        raise CountError("The {what} must be a whole number.", what=what)
    if isinstance(raw, int):
        if raw < 0:
            raise CountError("The {what} cannot be negative.", what=what)
        if raw > MAX_PIECES:
            raise CountError(
                "{raw} is more {what} than a drawer holds; count again.", raw=raw, what=what
            )
        return raw
    if isinstance(raw, float):
        if raw < 0:
            raise CountError("The {what} cannot be negative.", what=what)
        raise CountError(
            "The {what} must be a whole number of pieces, not {raw}.",
            what=what,
            raw=format(raw, "g"),
        )
    if isinstance(raw, str):
        return parse_quantity(raw, what)
    raise CountError("The {what} must be a whole number.", what=what)


def count_from_cents(
    cents: int, denominations: Iterable[Denomination] = CAD_DENOMINATIONS
) -> CashCount:
    """The fewest pieces that make ``cents`` (a multiple of 5): for tests and demos."""
    if cents < 0 or cents % 5:
        raise CountError("Cash is counted in multiples of 5 cents.")
    pieces: dict[str, int] = {}
    left = cents
    for d in denominations:
        n, left = divmod(left, d.value_cents)
        if n:
            pieces[d.code] = n
    return CashCount.of(pieces)
