"""A shift's figures from its records: sales, voids, refunds, movements, no-sales."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from counterapp.db.models import AuditEntry, CashMovement, Sale, SaleLine, Shift, Tender
from counterapp.domain.reconciliation import (
    Movement,
    ShiftFigures,
    Transaction,
    TxLine,
    TxTender,
    shift_figures,
)
from counterapp.services.drawer.common import NO_SALE_ACTION
from counterapp.services.drawer.movements import _movements


def _transactions(session: Session, shift_id: str) -> list[Transaction]:
    return _load_transactions(session, Sale.shift_id == shift_id)


def _load_transactions(session: Session, condition: ColumnElement[bool]) -> list[Transaction]:
    """Sales, voids and refunds matching ``condition``, with lines and tenders (three queries)."""
    sales = list(
        session.execute(
            select(
                Sale.id,
                Sale.receipt_no,
                Sale.kind,
                Sale.total_cents,
                Sale.tax_cents,
                Sale.rounding_cents,
                Sale.change_cents,
            )
            .where(condition)
            .order_by(Sale.seq)
        )
    )
    lines: dict[str, list[TxLine]] = {}
    for row in session.execute(
        select(
            SaleLine.sale_id,
            SaleLine.gl_account,
            SaleLine.department,
            SaleLine.amount_cents,
            SaleLine.tax_cents,
            SaleLine.service_code,
            SaleLine.description,
            SaleLine.quantity,
        )
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(condition)
    ):
        lines.setdefault(row[0], []).append(TxLine(*row[1:]))
    tenders: dict[str, list[TxTender]] = {}
    for trow in session.execute(
        select(
            Tender.sale_id,
            Tender.kind,
            Tender.tendered_cents,
            Tender.applied_cents,
            Tender.reference,
        )
        .join(Sale, Sale.id == Tender.sale_id)
        .where(condition)
        .order_by(Tender.sale_id, Tender.seq)
    ):
        tenders.setdefault(trow[0], []).append(TxTender(*trow[1:]))
    return [
        Transaction(
            receipt_no=sid_no,
            kind=kind,
            total_cents=total,
            tax_cents=tax,
            rounding_cents=rounding,
            change_cents=change,
            lines=tuple(lines.get(sid, ())),
            tenders=tuple(tenders.get(sid, ())),
        )
        for sid, sid_no, kind, total, tax, rounding, change in sales
    ]


def _no_sales(session: Session, shift: Shift, until: datetime | None) -> int:
    query = (
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.action == NO_SALE_ACTION,
            AuditEntry.station_code == shift.station_code,
            AuditEntry.at >= shift.opened_at,
        )
    )
    if until is not None:
        query = query.where(AuditEntry.at <= until)
    return int(session.scalar(query) or 0)


def _as_movement(m: CashMovement) -> Movement:
    return Movement(m.kind, m.amount_cents, m.reason, m.gl_account)


def _figures(session: Session, shift: Shift, until: datetime | None) -> ShiftFigures:
    return shift_figures(
        shift.float_cents,
        _transactions(session, shift.id),
        [_as_movement(m) for m in _movements(session, shift.id)],
        no_sales=_no_sales(session, shift, until),
    )
