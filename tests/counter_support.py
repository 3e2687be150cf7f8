"""A demo station for the transaction tests (a plain module, imported by them).

Loading the demo staff hashes passwords with argon2 (slow on purpose) and the
accounts take a moment, so a template file is made once per test module and
copied for each test. The template holds the demo catalogue, a smaller set of
generated accounts (every ``KNOWN`` one included) and the demo stock blocks.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from counterapp.db.engine import open_database
from counterapp.db.models import Base, Station
from counterapp.db.uow import UnitOfWork
from counterapp.demo.accounts import KNOWN, load_demo_accounts, load_demo_stock
from counterapp.domain.tender import TenderInput
from counterapp.services.auth import StaffIdentity, login
from counterapp.services.reference import load_demo
from counterapp.services.sales import CompleteSale, LineRequest, SaleResult, complete_sale
from tests.drawer_support import open_drawers

ZOE_ROLL = KNOWN[0].number  # Zoë Côté, 12 Brock St N, $1,234.56 owing
HOA_ROLL = KNOWN[1].number  # Nguyễn Thị Hoa, $2,875.00 owing
LEE_ROLL = KNOWN[2].number  # 李小龍, nothing owing
OPEN_TICKET = KNOWN[3].number  # parking, $50.00
PAID_TICKET = KNOWN[4].number  # paid 2026-10-03
BYLAW_TICKET = KNOWN[5].number  # by-law, $300.00
WATER = KNOWN[6].number  # $142.37
INVOICE = KNOWN[7].number  # $530.00

AFFIDAVIT_CHECKLIST = (
    "Document type is one the Town commissions",
    "Deponent is present in person",
    "Government photo ID seen",
    "Document is not yet signed",
)
DEPONENT = {"deponent_name": "Zoë Côté", "id_type": "Passport", "id_last_digits": "4821"}
AFFIDAVIT = LineRequest(
    "COM-AFF", 1, checklist_ticked=AFFIDAVIT_CHECKLIST, detail={"answers": DEPONENT}
)
REX = {
    "owner_name": "Nguyễn Thị Hoa",
    "owner_address": "88 Dundas St W",
    "dog_name": "Rex",
    "breed": "Beagle",
    "sterilized": "Yes",
    "owner_senior": "No",
}
DOG = LineRequest("LIC-DOG", detail={"answers": REX})  # $15.00 by March 31, then $30.00
MARRIAGE_CHECKLIST = (
    "Two pieces of ID seen for each applicant",
    "Both applicants' information forms complete",
)
COUPLE = {
    "applicant_1_name": "Aoife Ní Bhraonáin",
    "applicant_1_id_type": "Passport",
    "applicant_1_id_last_digits": "1182",
    "applicant_1_second_id": "Birth certificate",
    "applicant_2_name": "Дмитрий Смирнов",
    "applicant_2_id_type": "Driver's licence",
    "applicant_2_id_last_digits": "7730",
    "applicant_2_second_id": "Permanent resident card",
}


def marriage(answers: dict[str, str] = COUPLE) -> LineRequest:
    return LineRequest("LIC-MAR", 1, MARRIAGE_CHECKLIST, {"answers": answers})


#: When the tests' sales happen: early March (after the demo balances' "as of"),
#: so a sterilized dog's licence is $15.00.
SOLD_AT = datetime(2027, 3, 2, 15, 0, tzinfo=UTC)


def tax(roll: str, cents: int) -> LineRequest:
    return LineRequest("PAY-TAX", account_number=roll, amount_cents=cents)


@dataclass(frozen=True)
class Template:
    path: Path
    alex: StaffIdentity  # associate, commissioner
    jordan: StaffIdentity  # associate, not a commissioner
    sam: StaffIdentity  # supervisor (PIN 2468)


def make_template(folder: Path) -> Template:
    path = folder / "station.sqlite3"
    engine, sf = open_database(path)
    load_demo(UnitOfWork(sf))
    load_demo_accounts(UnitOfWork(sf), tax_rolls=2000, tickets=1000)
    load_demo_stock(UnitOfWork(sf))
    people = [login(UnitOfWork(sf), u, p) for u, p in
              (("alex", "counter"), ("jordan", "counter"), ("sam", "supervisor"))]  # fmt: skip
    open_drawers(sf, *people)  # the day starts with each seller's own drawer
    engine.dispose()  # the last connection out checkpoints the WAL into the file
    return Template(path, *people)


@dataclass
class Counter:
    """A station's database file, opened the way the app opens it."""

    path: Path
    engine: Engine
    session_factory: Any
    alex: StaffIdentity
    jordan: StaffIdentity
    sam: StaffIdentity

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def sell(
        self,
        who: StaffIdentity,
        lines: tuple[LineRequest, ...],
        tenders: tuple[TenderInput, ...],
        now: datetime = SOLD_AT,
    ) -> SaleResult:
        return complete_sale(self.uow(), CompleteSale(who, lines, tenders), now=now)

    def rows(self, model: type[Base]) -> list[Any]:
        with self.session_factory() as s:
            return list(s.scalars(select(model)))

    def session(self) -> Session:
        return self.session_factory()  # type: ignore[no-any-return]

    def snapshot(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            counts = {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
            counts["station.last_receipt_seq"] = conn.execute(
                select(Station.last_receipt_seq)
            ).scalar_one()
        return counts


@contextmanager
def counter_from(template: Template, folder: Path) -> Iterator[Counter]:
    path = folder / "station.sqlite3"
    for suffix in ("", "-wal"):
        if Path(f"{template.path}{suffix}").exists():
            shutil.copyfile(f"{template.path}{suffix}", f"{path}{suffix}")
    engine, sf = open_database(path)
    try:
        yield Counter(path, engine, sf, template.alex, template.jordan, template.sam)
    finally:
        engine.dispose()
