"""Helpers for the drawer tests: a demo station with three people signed in
(copied from a template, argon2 makes the demo staff slow to load), selling,
and voids/refunds recorded the way ``complete_sale`` records a sale.

``record_reversal`` stands in for the transactions issue's void and refund
service until it lands: it writes a ``Sale`` of kind "void"/"refund" that
references the original, with the original's lines and tenders, either as
negative amounts or as positive magnitudes (``negative``), so the
reconciliation is tested against both conventions.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from counterapp.db.engine import open_database
from counterapp.db.models import Sale, SaleLine, Station, Tender
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.ids import uuid7
from counterapp.services import drawer
from counterapp.services.auth import StaffIdentity, login
from counterapp.services.reference import load_demo
from counterapp.services.sales import CompleteSale, LineRequest, SaleResult, complete_sale

AFFIDAVIT_CHECKLIST = (
    "Document type is one the Town commissions",
    "Deponent is present in person",
    "Government photo ID seen",
    "Document is not yet signed",
)
# Fees: TST-15 $15.00 and TST-185 $185.00 exempt (add_flat_fee_services below);
# demo catalogue: PMT-PARK $60.00 + HST = $67.80,
# CER-TAX $50.00 exempt, RNT-ROOM $35.00 + HST = $39.55.


@dataclass
class Desk:
    path: Path
    engine: Engine
    session_factory: Callable[[], Session]
    alex: StaffIdentity  # associate
    jordan: StaffIdentity  # associate
    sam: StaffIdentity  # supervisor

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def sell(
        self,
        staff: StaffIdentity,
        lines: tuple[tuple[str, int], ...],
        tenders: tuple[tuple[TenderKind, int] | tuple[TenderKind, int, str], ...],
        at: datetime | None = None,
    ) -> SaleResult:
        return complete_sale(
            self.uow(),
            CompleteSale(
                staff,
                tuple(LineRequest(code, qty) for code, qty in lines),
                tuple(TenderInput(*t) for t in tenders),  # type: ignore[arg-type]
            ),
            now=at,
        )

    def open(self, staff: StaffIdentity, float_cents_by_code: dict[str, int]) -> drawer.ShiftInfo:
        return drawer.open_shift(
            self.uow(), drawer.OpenShift(staff, CashCount.of(float_cents_by_code))
        )


def make_desk_template(directory: Path) -> Path:
    path = directory / "desk-template.sqlite3"
    engine, sf = open_database(path)
    load_demo(UnitOfWork(sf))
    add_flat_fee_services(sf)
    engine.dispose()
    return path


def open_desk(template: Path, directory: Path) -> Desk:
    path = directory / "station.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copyfile(source, f"{path}{suffix}")
    engine, sf = open_database(path)
    people = _identities(template, sf)
    return Desk(path, engine, sf, *people)


_IDENTITIES: dict[Path, tuple[StaffIdentity, StaffIdentity, StaffIdentity]] = {}


def _identities(
    template: Path, sf: Callable[[], Session]
) -> tuple[StaffIdentity, StaffIdentity, StaffIdentity]:
    if template not in _IDENTITIES:
        _IDENTITIES[template] = (
            login(UnitOfWork(sf), "alex", "counter"),
            login(UnitOfWork(sf), "jordan", "counter"),
            login(UnitOfWork(sf), "sam", "supervisor"),
        )
    return _IDENTITIES[template]


SAM = drawer.SupervisorApproval("sam", "supervisor")


def record_reversal(
    desk: Desk,
    staff: StaffIdentity,
    original_receipt_no: str,
    kind: str,
    *,
    negative: bool,
    at: datetime | None = None,
) -> str:
    """A void or refund of the whole original sale, into ``staff``'s open shift."""
    now = at or datetime.now(UTC)
    sign = -1 if negative else 1
    with desk.uow() as uow:
        s = uow.session
        original = s.scalars(select(Sale).where(Sale.receipt_no == original_receipt_no)).one()
        lines = s.scalars(select(SaleLine).where(SaleLine.sale_id == original.id)).all()
        tenders = s.scalars(select(Tender).where(Tender.sale_id == original.id)).all()
        station = s.scalars(select(Station)).one()
        seq = station.last_receipt_seq + 1
        s.execute(update(Station).values(last_receipt_seq=seq))
        shift_id = drawer.shift_for_sale(s, station.code, staff.id, {t.kind for t in tenders})
        sale_id = uuid7()
        s.add(
            Sale(
                id=sale_id,
                receipt_no=f"{station.code}-{seq:06d}",
                kind=kind,
                original_sale_id=original.id,
                reason="Customer changed their mind",
                approved_by=None,
                shift_id=shift_id,
                station_code=station.code,
                seq=seq,
                staff_id=staff.id,
                completed_at=now,
                subtotal_cents=sign * original.subtotal_cents,
                tax_cents=sign * original.tax_cents,
                total_cents=sign * original.total_cents,
                rounding_cents=sign * original.rounding_cents,
                change_cents=0,
                receipt_doc={},
            )
        )
        s.flush()
        for ln in lines:
            s.add(
                SaleLine(
                    id=uuid7(),
                    sale_id=sale_id,
                    line_no=ln.line_no,
                    service_code=ln.service_code,
                    description=ln.description,
                    quantity=ln.quantity,
                    unit_fee_cents=ln.unit_fee_cents,
                    tax_code=ln.tax_code,
                    tax_cents=sign * ln.tax_cents,
                    amount_cents=sign * ln.amount_cents,
                    gl_account=ln.gl_account,
                    department=ln.department,
                    detail={},
                )
            )
        for t in tenders:
            s.add(
                Tender(
                    id=uuid7(),
                    sale_id=sale_id,
                    seq=t.seq,
                    kind=t.kind,
                    tendered_cents=sign * t.applied_cents,
                    applied_cents=sign * t.applied_cents,
                    reference=t.reference,
                )
            )
        uow.commit()
    return sale_id


def add_flat_fee_services(session_factory: Callable[[], Session]) -> None:
    """Two plain flat-fee items (no form, no fee rule) for tests about money
    movement rather than about a service's own rules: $15.00 and $185.00, exempt."""
    from counterapp.db.models import Service

    with UnitOfWork(session_factory) as uow:
        flat = (("TST-15", "Dog licence", 1_500), ("TST-185", "Business licence", 18_500))
        for code, name, fee in flat:
            uow.session.merge(
                Service(
                    code=code, name=name, category="Tests", kind="other", fee_cents=fee,
                    tax_code="EX", gl_account="4999-000", department="Tests", tier=2,
                    coverage="full", requires_commissioner=False, checklist=[], keywords="",
                    active=True,
                )
            )  # fmt: skip
        uow.commit()


#: When the test templates' drawers are opened: early on the tests' sale days.
DRAWERS_OPENED_AT = datetime(2026, 1, 1, 13, 0, tzinfo=UTC)


def open_drawers(
    session_factory: Callable[[], Session],
    *staff: StaffIdentity,
    at: datetime = DRAWERS_OPENED_AT,
) -> list[drawer.ShiftInfo]:
    """Each associate opens their own drawer (1, 2 …) with a $200 float, the way
    the day starts at the counter: no money is taken outside a drawer (issue 10)."""
    from counterapp.db.models import Shift

    with session_factory() as s:
        in_use = len(s.scalars(select(Shift.id).where(Shift.status != "closed")).all())
    return [
        drawer.open_shift(
            UnitOfWork(session_factory),
            drawer.OpenShift(who, CashCount.of({"20": 10}), str(in_use + n)),
            now=at,
        )
        for n, who in enumerate(staff, start=1)
    ]
