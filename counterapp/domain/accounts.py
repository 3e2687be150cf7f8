"""Account numbers a visitor pays against: formats, check digits, folding.

Every account number is digits only with a Luhn check digit last, so a slip
of one digit or two swapped neighbours is caught at the counter instead of
crediting somebody else's roll. What people type (spaces, dashes, a scanner's
prefix letters) is normalised first. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counterapp.i18n import MessageError


class AccountNumberError(MessageError, ValueError):
    """A number that cannot be an account of that kind. ``str()`` is the message to show."""


@dataclass(frozen=True, slots=True)
class AccountKind:
    code: str  # "tax_roll"
    label: str  # "tax roll"
    digits: int  # length including the check digit
    groups: tuple[int, ...]  # how the number is shown: 1809-010-020-1234-5

    def display(self, number: str) -> str:
        parts, at = [], 0
        for size in self.groups:
            parts.append(number[at : at + size])
            at += size
        if at < len(number):
            parts.append(number[at:])
        return "-".join(p for p in parts if p)


ACCOUNT_KINDS: dict[str, AccountKind] = {
    k.code: k
    for k in (
        AccountKind("tax_roll", "tax roll", 15, (4, 3, 3, 4, 1)),
        AccountKind("utility", "utility account", 10, (5, 5)),
        AccountKind("ticket", "ticket", 8, (8,)),
        AccountKind("invoice", "invoice", 7, (7,)),
        AccountKind("membership", "membership", 9, (9,)),
    )
}

_SEPARATORS = re.compile(r"[\s\-./]")


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body + digit`` pass the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return len(number) >= 2 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def normalise(text: str) -> str:
    """Digits only: spaces, dashes, dots and slashes dropped (as printed on bills)."""
    return _SEPARATORS.sub("", text.strip())


def looks_like_number(text: str) -> bool:
    """True when the associate is typing a number, not a name or an address."""
    cleaned = normalise(text)
    return bool(cleaned) and cleaned.isdigit()


def check_number(kind: str, text: str) -> str:
    """The normalised number, or ``AccountNumberError`` saying what is wrong with it."""
    spec = ACCOUNT_KINDS.get(kind)
    if spec is None:
        raise AccountNumberError("Unknown kind of account: {kind}.", kind=kind)
    number = normalise(text)
    if not number:
        raise AccountNumberError("Enter the {account_kind} number.", account_kind=spec.label)
    if not number.isdigit():
        raise AccountNumberError(
            "A {account_kind} number has digits only.", account_kind=spec.label
        )
    if len(number) != spec.digits:
        raise AccountNumberError(
            "A {account_kind} number has {digits} digits; this one has {length}.",
            account_kind=spec.label,
            digits=spec.digits,
            length=len(number),
        )
    if not luhn_ok(number):
        raise AccountNumberError(
            "{number} is not a valid {account_kind} number (the check digit does not match): "
            "check it against the bill.",
            number=spec.display(number),
            account_kind=spec.label,
        )
    return number


def fold(text: str) -> str:
    """Lower case without accents, so "cote" finds "Côté"; other scripts are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_key(holder_name: str, address: str) -> str:
    """What the name/address search looks in: both, folded, one space apart."""
    return " ".join(fold(f"{holder_name} {address}").split())[:300]
