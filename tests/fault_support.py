"""Random counter traffic for the fault tests, the station worker and bench/:
sales of one to three services paid in cash (with change), by card or
cheque for the exact amount, or split between a card and cash."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counterapp.db.models import Sale, Staff
from counterapp.domain.money import cash_round
from counterapp.domain.tender import TenderKind
from counterapp.domain.visit import PricedLine, totals
from counterapp.services.auth import Role, StaffIdentity
from counterapp.services.reference import DEMO_CATALOGUE

_CATALOGUE: dict[str, Any] = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))
_RATES = {r["code"]: r["basis_points"] for r in _CATALOGUE["tax_rates"]}
SELLABLE = [
    s
    for s in _CATALOGUE["services"]
    # Plain fee items: no form, fee rule, account or checklist to fill in.
    if s["kind"] != "payment" and not s["checklist"] and s["fee_cents"] > 0 and not s.get("rules")
]
EXACT_KINDS = (TenderKind.DEBIT, TenderKind.CREDIT, TenderKind.CHEQUE, TenderKind.ETRANSFER)

Lines = tuple[tuple[str, int], ...]
Tenders = tuple[tuple[TenderKind, int], ...]


def total_of(lines: Lines) -> int:
    by_code = {s["code"]: s for s in SELLABLE}
    priced = [
        PricedLine(
            service_code=code,
            description="",
            quantity=qty,
            unit_fee_cents=by_code[code]["fee_cents"],
            tax_code=by_code[code]["tax_code"],
            tax_basis_points=_RATES[by_code[code]["tax_code"]],
            gl_account="",
            department="",
        )
        for code, qty in lines
    ]
    return totals(priced).total_cents


def random_sale(rng: random.Random) -> tuple[Lines, Tenders]:
    services = rng.sample(SELLABLE, rng.randint(1, 3))
    lines = tuple((s["code"], rng.randint(1, 3)) for s in services)
    total = total_of(lines)
    how = rng.random()
    if how < 0.4:
        extra = rng.choice((0, 0, 5, 95, 1000, 2000))
        return lines, ((TenderKind.CASH, cash_round(total) + extra),)
    if how < 0.8 or total < 2:
        return lines, ((rng.choice(EXACT_KINDS), total),)
    card = rng.randint(1, total - 1)
    cash = cash_round(total - card)
    if cash == 0:
        return lines, ((rng.choice(EXACT_KINDS), total),)
    return lines, ((TenderKind.DEBIT, card), (TenderKind.CASH, cash + rng.choice((0, 5, 500))))


def seller_of(session_factory: Callable[[], Session]) -> tuple[StaffIdentity, int]:
    """The demo associate alex, and how many sales the station has (a worker restarting)."""
    with session_factory() as s:
        alex = s.scalars(select(Staff).where(Staff.username == "alex")).one()
        staff = StaffIdentity(
            alex.id, alex.username, alex.display_name, Role(alex.role), alex.is_commissioner
        )
        return staff, s.scalar(select(func.count()).select_from(Sale)) or 0
