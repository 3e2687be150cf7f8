"""Comparing what a station holds with what head office holds: the
exactly-once check the fault tests end with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from counterapp.db import models as st
from counterapp.server import db as hq


@dataclass(frozen=True)
class Ledger:
    """Counts and sums that must be equal on both sides."""

    record_ids: frozenset[str]
    sales: int
    sales_total_cents: int
    lines: int
    lines_amount_cents: int
    tenders_by_kind: tuple[tuple[str, int, int], ...]  # kind, count, applied cents
    audit_entries: int

    def summary(self) -> str:
        return (
            f"{len(self.record_ids)} records, {self.sales} sales = {self.sales_total_cents} c, "
            f"{self.lines} lines, {self.audit_entries} audit entries"
        )


def station_ledger(session_factory: Callable[[], Session]) -> Ledger:
    with session_factory() as s:
        ids = frozenset(s.scalars(select(st.OutboxEntry.id)))
        sales, total = s.execute(
            select(func.count(), func.coalesce(func.sum(st.Sale.total_cents), 0))
        ).one()
        lines, amount = s.execute(
            select(func.count(), func.coalesce(func.sum(st.SaleLine.amount_cents), 0))
        ).one()
        tenders = s.execute(
            select(st.Tender.kind, func.count(), func.sum(st.Tender.applied_cents))
            .group_by(st.Tender.kind)
            .order_by(st.Tender.kind)
        ).all()
        audits = s.scalar(select(func.count()).select_from(st.AuditEntry))
    return Ledger(
        ids,
        sales,
        int(total),
        lines,
        int(amount),
        tuple((k, n, int(c)) for k, n, c in tenders),
        int(audits or 0),
    )


def server_ledger(engine: Engine, station_code: str) -> Ledger:
    with engine.connect() as c:
        ids = frozenset(
            c.scalars(
                select(hq.ReceivedRecord.id).where(hq.ReceivedRecord.station_code == station_code)
            )
        )
        mine = hq.Sale.station_code == station_code
        sales, total = c.execute(
            select(func.count(), func.coalesce(func.sum(hq.Sale.total_cents), 0)).where(mine)
        ).one()
        lines, amount = c.execute(
            select(func.count(), func.coalesce(func.sum(hq.SaleLine.amount_cents), 0))
            .join(hq.Sale, hq.Sale.id == hq.SaleLine.sale_id)
            .where(mine)
        ).one()
        tenders = c.execute(
            select(hq.Tender.kind, func.count(), func.sum(hq.Tender.applied_cents))
            .join(hq.Sale, hq.Sale.id == hq.Tender.sale_id)
            .where(mine)
            .group_by(hq.Tender.kind)
            .order_by(hq.Tender.kind)
        ).all()
        audits = c.scalar(
            select(func.count())
            .select_from(hq.AuditEntry)
            .where(hq.AuditEntry.station_code == station_code)
        )
        rows = c.scalar(
            select(func.count())
            .select_from(hq.ReceivedRecord)
            .where(hq.ReceivedRecord.station_code == station_code)
        )
    assert rows == len(ids)  # a primary key, but say it: no record twice
    return Ledger(
        ids,
        sales,
        int(total),
        lines,
        int(amount),
        tuple((k, n, int(cents)) for k, n, cents in tenders),
        int(audits or 0),
    )
