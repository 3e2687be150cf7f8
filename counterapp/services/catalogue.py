"""The catalogue as the window sees it, and the search an associate types into."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from counterapp.db.models import Service, TaxRate
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import site_day
from counterapp.domain.fees import price_label
from counterapp.domain.money import percent_of
from counterapp.i18n import Message, in_language, items_in_language
from counterapp.services import site


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    code: str
    name: str
    category: str
    kind: str
    fee_cents: int
    tax_code: str
    tax_basis_points: int
    requires_commissioner: bool
    checklist: tuple[str, ...]
    search_text: str  # folded: lower case, no accents
    account_kind: str = ""  # payments: the kind of account paid against
    department: str = ""  # the owning department (routing intake)
    rules: dict[str, Any] = field(default_factory=dict)  # head office's rules (Service.rules)
    # What a price list shows: from the fee rule that prices the sale, for today
    # (a range with the reason when the fee depends on the visitor).
    price_label: Message = Message("")
    # Head office's French (issue 13); "" (or an item missing) shows the English.
    name_fr: str = ""
    category_fr: str = ""
    checklist_fr: tuple[str, ...] = ()

    def name_in(self, language: str) -> str:
        return in_language(self.name, self.name_fr, language)

    def category_in(self, language: str) -> str:
        return in_language(self.category, self.category_fr, language)

    def checklist_in(self, language: str) -> tuple[str, ...]:
        """The checklist as shown in ``language``, item by item in the order of
        ``checklist`` (what a sale records as ticked is the English item)."""
        return items_in_language(self.checklist, self.checklist_fr, language)

    @property
    def tax_cents(self) -> int:
        return percent_of(self.fee_cents, self.tax_basis_points)


def fold(text: str) -> str:
    """Lower case without accents, so "Cafe" finds "Café"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def list_services(uow: UnitOfWork, *, now: datetime | None = None) -> list[ServiceInfo]:
    with uow:
        today = site_day(now or datetime.now(UTC), site.zone(uow.session))
        rates = {r.code: r.basis_points for r in uow.session.scalars(select(TaxRate))}
        rows = uow.session.scalars(
            select(Service).where(Service.active.is_(True)).order_by(Service.category, Service.name)
        ).all()
        return [
            ServiceInfo(
                code=s.code,
                name=s.name,
                category=s.category,
                kind=s.kind,
                fee_cents=s.fee_cents,
                tax_code=s.tax_code,
                tax_basis_points=rates.get(s.tax_code, 0),
                requires_commissioner=s.requires_commissioner,
                checklist=tuple(s.checklist),
                search_text=fold(
                    " ".join([s.code, s.name, s.category, s.keywords, s.name_fr, s.category_fr])
                ),
                account_kind=str((s.rules or {}).get("account_kind", "")),
                department=s.department,
                rules=dict(s.rules or {}),
                price_label=(
                    Message("amount from the account")
                    if s.kind == "payment"
                    else price_label(s.rules or {}, base_cents=s.fee_cents, on=today)
                ),
                name_fr=s.name_fr or "",
                category_fr=s.category_fr or "",
                checklist_fr=tuple(s.checklist_fr or ()),
            )
            for s in rows
        ]


def search(services: list[ServiceInfo], text: str) -> list[ServiceInfo]:
    """Every word typed must appear somewhere in the service's name, code,
    category or keywords, in English or French."""
    words = fold(text).split()
    if not words:
        return list(services)
    return [s for s in services if all(w in s.search_text for w in words)]
