"""Finding the account a visitor pays against, and what it owes right now.

Look-up as the associate types: digits search by number prefix (an index
range, so a scanner's full number is found at once), anything else finds
accounts whose holder name or address has a word starting with each word
typed (accents ignored; the FTS5 index of ``db.search_index``). The balance shown is head
office's balance "as of" its last update minus what this station has taken
against the account since then (``AccountPayment``), so a visitor who paid an
hour ago at this desk is not asked to pay again while the link is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from counterapp.db.models import Account, AccountPayment
from counterapp.db.search_index import FTS_TABLE
from counterapp.db.uow import UnitOfWork
from counterapp.domain.accounts import (
    ACCOUNT_KINDS,
    check_number,
    fold,
    looks_like_number,
    normalise,
)
from counterapp.domain.clock import DATE, DATE_TIME, format_site_time
from counterapp.i18n import Message
from counterapp.services.errors import ServiceError

MAX_RESULTS = 25


@dataclass(frozen=True, slots=True)
class AccountView:
    id: str
    kind: str
    number: str
    holder_name: str
    address: str
    as_of: datetime
    balance_as_of_cents: int  # head office's figure at ``as_of``
    paid_here_cents: int  # taken at this station since ``as_of`` (voids/refunds net)
    status: str  # open|paid|closed, as head office sent it
    paid_at: datetime | None  # when it was paid in full (head office's or this station's)
    service_code: str  # the payment service for this account
    detail: dict[str, Any]

    @property
    def balance_cents(self) -> int:
        """What the visitor owes now, as far as this station knows."""
        return self.balance_as_of_cents - self.paid_here_cents

    @property
    def label(self) -> str:
        return ACCOUNT_KINDS[self.kind].label

    @property
    def display_number(self) -> str:
        return ACCOUNT_KINDS[self.kind].display(self.number)

    @property
    def is_paid(self) -> bool:
        """Paid in full: head office says so, or this station's payments cleared it."""
        return self.status == "paid" or (
            self.balance_as_of_cents > 0 and self.balance_cents <= 0 and self.paid_at is not None
        )


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive UTC wall time.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _views(session: Session, accounts: list[Account]) -> list[AccountView]:
    if not accounts:
        return []
    ids = [a.id for a in accounts]
    paid = {
        row.account_id: (int(row.total), row.last)
        for row in session.execute(
            select(
                AccountPayment.account_id,
                func.sum(AccountPayment.amount_cents).label("total"),
                func.max(AccountPayment.paid_at).label("last"),
            )
            .join(Account, Account.id == AccountPayment.account_id)
            .where(AccountPayment.account_id.in_(ids), AccountPayment.paid_at > Account.as_of)
            .group_by(AccountPayment.account_id)
        )
    }
    views = []
    for a in accounts:
        here, last = paid.get(a.id, (0, None))
        paid_at = _aware(a.paid_at)
        if a.status != "paid" and a.balance_cents > 0 and a.balance_cents - here <= 0:
            paid_at = _aware(last)
        views.append(
            AccountView(
                id=a.id,
                kind=a.kind,
                number=a.number,
                holder_name=a.holder_name,
                address=a.address,
                as_of=_aware(a.as_of) or a.as_of,
                balance_as_of_cents=a.balance_cents,
                paid_here_cents=here,
                status=a.status,
                paid_at=paid_at,
                service_code=str(a.detail.get("service_code", "")),
                detail=dict(a.detail),
            )
        )
    return views


def _like_word(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_accounts(
    session: Session, text: str, *, kinds: tuple[str, ...] = (), limit: int = MAX_RESULTS
) -> list[AccountView]:
    """Accounts matching what was typed so far (see the module docstring)."""
    query = select(Account)
    if kinds:
        query = query.where(Account.kind.in_(kinds))
    if looks_like_number(text):
        prefix = normalise(text)
        # A range on the number index; ":" is the character after "9".
        query = query.where(Account.number >= prefix, Account.number < prefix + ":")
        query = query.order_by(Account.number)
    else:
        words = [w for w in fold(text).split() if any(ch.isalnum() for ch in w)][:6]
        if not words or len("".join(words)) < 2:
            return []
        rowids = _full_text(session, words, limit * 8 if kinds else limit)
        if rowids is not None:
            query = query.where(literal_column("account.rowid").in_(rowids))
        else:  # no FTS5 in this SQLite: read the column
            for word in words:
                query = query.where(Account.search_key.like(_like_word(word), escape="\\"))
    return _views(session, list(session.scalars(query.limit(limit))))


_MATCH = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :n")


def _full_text(session: Session, words: list[str], limit: int) -> list[int] | None:
    """Rowids of accounts whose name or address has a word starting with each
    of ``words`` (the FTS5 index), or None when the index is not there."""
    # Each word is a quoted FTS5 string (quotes doubled) with a prefix star:
    # what was typed is data, never query syntax.
    match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    try:
        return list(session.scalars(_MATCH, {"q": match, "n": limit}))
    except OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise


def find_accounts(
    uow: UnitOfWork, text: str, *, kinds: tuple[str, ...] = (), limit: int = MAX_RESULTS
) -> list[AccountView]:
    """``search_accounts`` in a read-only unit of work (the window's look-up)."""
    with uow:
        return search_accounts(uow.session, text, kinds=kinds, limit=limit)


def account_by_number(session: Session, kind: str, text: str) -> AccountView:
    """The account of ``kind`` numbered ``text`` (check digit verified), or a clear refusal."""
    number = check_number(kind, text)
    row = session.scalars(
        select(Account).where(Account.kind == kind, Account.number == number)
    ).first()
    spec = ACCOUNT_KINDS[kind]
    if row is None:
        raise ServiceError(
            "No {account_kind} {number} at this station. It may be newer than the last update "
            "from head office.",
            account_kind=spec.label,
            number=spec.display(number),
        )
    return _views(session, [row])[0]


def account_by_id(session: Session, account_id: str) -> AccountView:
    row = session.get(Account, account_id)
    if row is None:
        raise ServiceError("That account is no longer on file at this station.")
    return _views(session, [row])[0]


def paid_message(view: AccountView) -> Message:
    account = f"{view.label.capitalize()} {view.display_number}"
    if view.paid_at is None:
        return Message("{account} was already paid earlier.", account=account)
    day = format_site_time(view.paid_at, DATE)
    return Message("{account} was already paid on {day}.", account=account, day=day)


def owing_text(view: AccountView) -> Message:
    """'$1,234.56 owing (as of 2026-11-20 08:00)', saying when this station's
    own payments since then are already taken off; money in the reader's language."""
    as_of = format_site_time(view.as_of, DATE_TIME)
    if view.paid_here_cents:
        if view.balance_cents < 0:
            return Message(
                "{credit_cents} credit (balance as of {as_of}, less {paid_cents} paid at this "
                "station since)",
                credit_cents=-view.balance_cents, as_of=as_of, paid_cents=view.paid_here_cents,
            )  # fmt: skip
        return Message(
            "{owing_cents} owing (balance as of {as_of}, less {paid_cents} paid at this "
            "station since)",
            owing_cents=view.balance_cents, as_of=as_of, paid_cents=view.paid_here_cents,
        )  # fmt: skip
    if view.balance_cents < 0:
        return Message(
            "{credit_cents} credit (as of {as_of})", credit_cents=-view.balance_cents, as_of=as_of
        )
    return Message(
        "{owing_cents} owing (as of {as_of})", owing_cents=view.balance_cents, as_of=as_of
    )
