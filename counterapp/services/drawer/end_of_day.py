"""End of day: the day's summary across shifts and the GL distribution (CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import CashMovement, Sale, Shift, ShiftAdjustment, ShiftClose, Staff
from counterapp.db.uow import UnitOfWork
from counterapp.domain.clock import day_bounds
from counterapp.domain.gl import GlAccounts, GlRow, gl_csv, gl_distribution
from counterapp.domain.reconciliation import Movement, Transaction, shift_figures
from counterapp.services import site
from counterapp.services.drawer.common import TENDER_NAMES, _short_name, _station
from counterapp.services.drawer.documents import _local, shift_name
from counterapp.services.drawer.figures import _as_movement, _load_transactions


def _day_bounds(session: Session, day: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """A business day in the site's zone (``tz`` overrides it), as UTC instants."""
    return day_bounds(day, tz or site.zone(session))


@dataclass(frozen=True, slots=True)
class GlExport:
    day: str
    site_code: str
    rows: tuple[GlRow, ...]
    csv: str

    @property
    def debits_cents(self) -> int:
        return sum(r.debit_cents for r in self.rows)

    @property
    def credits_cents(self) -> int:
        return sum(r.credit_cents for r in self.rows)


@dataclass(frozen=True, slots=True)
class _DayRecords:
    transactions: list[Transaction]
    shift_of: list[str | None]  # the shift of each transaction, in the same order
    movements: list[tuple[str, Movement]]  # (shift id, movement), in time order
    over_short: list[int]  # shifts signed off that day, then corrections made that day

    @property
    def plain_movements(self) -> list[Movement]:
        return [m for _shift, m in self.movements]


def _day_records(session: Session, start: datetime, end: datetime) -> _DayRecords:
    """Everything that moved money in the site day [start, end): the one set of
    records the end-of-day summary and the GL distribution are both made from."""
    condition = (Sale.completed_at >= start) & (Sale.completed_at < end)
    transactions = _load_transactions(session, condition)
    shift_of = list(session.scalars(select(Sale.shift_id).where(condition).order_by(Sale.seq)))
    movements = [
        (m.shift_id, _as_movement(m))
        for m in session.scalars(
            select(CashMovement)
            .where(CashMovement.at >= start, CashMovement.at < end)
            .order_by(CashMovement.at)
        )
    ]
    over_short = list(
        session.scalars(
            select(ShiftClose.over_short_cents).where(ShiftClose.at >= start, ShiftClose.at < end)
        )
    )
    over_short += list(
        session.scalars(
            select(ShiftAdjustment.amount_cents).where(
                ShiftAdjustment.at >= start, ShiftAdjustment.at < end
            )
        )
    )
    return _DayRecords(transactions, shift_of, movements, over_short)


def gl_export(
    uow: UnitOfWork, day: date, *, tz: tzinfo | None = None, accounts: GlAccounts | None = None
) -> GlExport:
    """The day's GL distribution: every sale of the day, the paid-outs, the
    over/short of the shifts closed that day and the corrections made that day."""
    with uow:
        s = uow.session
        site_code = _station(s).site_code
        records = _day_records(s, *_day_bounds(s, day, tz))
    rows = gl_distribution(
        records.transactions, records.plain_movements, records.over_short, accounts
    )
    text = gl_csv(rows, day=day.isoformat(), site_code=site_code)
    return GlExport(day.isoformat(), site_code, tuple(rows), text)


def day_summary(
    uow: UnitOfWork, day: date, *, tz: tzinfo | None = None, accounts: GlAccounts | None = None
) -> dict[str, Any]:
    """The end-of-day summary: the site day's records at this station, by shift.

    Every figure comes from the same records as the GL distribution (sales,
    voids and refunds completed that day, movements made that day, shifts
    signed off that day), through the same rules as a Z report
    (``shift_figures``). Each shift's row holds its records of that day, so for
    shifts opened and closed within the day the rows are their Z reports.
    """
    with uow:
        s = uow.session
        station = _station(s)
        zone = tz or site.zone(s)
        start, end = day_bounds(day, zone)
        records = _day_records(s, start, end)
        by_shift: dict[str | None, list[Transaction]] = {}
        for tx, shift_id in zip(records.transactions, records.shift_of, strict=True):
            by_shift.setdefault(shift_id, []).append(tx)
        moves_by_shift: dict[str, list[Movement]] = {}
        for shift_id, m in records.movements:
            moves_by_shift.setdefault(shift_id, []).append(m)
        ids = set(by_shift) | set(moves_by_shift)
        shifts = s.execute(
            select(Shift, Staff.display_name)
            .join(Staff, Staff.id == Shift.staff_id)
            .where(
                Shift.id.in_([i for i in ids if i is not None])
                | ((Shift.opened_at >= start) & (Shift.opened_at < end))
                | ((Shift.closed_at >= start) & (Shift.closed_at < end))
            )
            .order_by(Shift.opened_at)
        ).all()
        closes = {
            c.shift_id: c
            for c in s.scalars(
                select(ShiftClose).where(ShiftClose.at >= start, ShiftClose.at < end)
            )
        }
        adjustments: dict[str, int] = {}
        for shift_id, cents in s.execute(
            select(ShiftAdjustment.shift_id, ShiftAdjustment.amount_cents).where(
                ShiftAdjustment.at >= start, ShiftAdjustment.at < end
            )
        ):
            adjustments[shift_id] = adjustments.get(shift_id, 0) + cents
        rows = []
        for shift, name in shifts:
            figures = shift_figures(
                shift.float_cents, by_shift.get(shift.id, []), moves_by_shift.get(shift.id, [])
            )
            close = closes.get(shift.id)
            adjusted = adjustments.get(shift.id, 0)
            opened = _local(shift.opened_at, zone)
            closed = _local(shift.closed_at, zone) if shift.closed_at else ""
            rows.append(
                {
                    "drawer_code": shift.drawer_code,
                    "associate": _short_name(name),
                    "shift_name": shift_name(shift.drawer_code, _short_name(name), opened, closed),
                    "status": shift.status,
                    "opened_at": opened,
                    "closed_at": closed,
                    "sales_cents": figures.sales_cents,
                    "net_cents": figures.net_cents,
                    "over_short_cents": (close.over_short_cents if close else 0) + adjusted,
                    "adjustments_cents": adjusted,
                }
            )
        unshifted = by_shift.get(None, [])
        if unshifted:
            figures = shift_figures(0, unshifted)
            rows.append(
                {
                    "drawer_code": "",
                    "associate": "",
                    "shift_name": "No drawer (no-charge visits"
                    + ("" if site.keeps_drawers(s) else "; this site keeps no drawers")
                    + ")",
                    "status": "",
                    "opened_at": "",
                    "closed_at": "",
                    "sales_cents": figures.sales_cents,
                    "net_cents": figures.net_cents,
                    "over_short_cents": 0,
                    "adjustments_cents": 0,
                }
            )
        site_name, station_code = station.site_name, station.code
        hst = site.hst_registration(s)
    day_figures = shift_figures(0, records.transactions, records.plain_movements)
    gl_rows = gl_distribution(
        records.transactions, records.plain_movements, records.over_short, accounts
    )
    return {
        "title": "END OF DAY",
        "site_name": site_name,
        "station_code": station_code,
        "date": day.isoformat(),
        "shifts": rows,
        "open_shifts": sum(1 for r in rows if r["status"] in ("open", "counted")),
        "tenders": [
            {"kind": k, "label": TENDER_NAMES[k], "net_cents": v}
            for k, v in day_figures.by_tender.items()
            if v
        ],
        "sales_count": day_figures.sales_count,
        "sales_cents": day_figures.sales_cents,
        "voids_cents": day_figures.voids_cents,
        "refunds_cents": day_figures.refunds_cents,
        "tax_cents": day_figures.tax_cents,
        "rounding_cents": day_figures.rounding_cents,
        "net_cents": day_figures.net_cents,
        "paid_outs_cents": day_figures.paid_outs_cents,
        "pickups_cents": day_figures.pickups_cents,
        "over_short_cents": sum(records.over_short),
        "hst_registration": hst if day_figures.tax_cents else "",
        "gl": [
            {
                "gl_account": r.gl_account,
                "department": r.department,
                "description": r.description,
                "debit_cents": r.debit_cents,
                "credit_cents": r.credit_cents,
            }
            for r in gl_rows
        ],
        "gl_debits_cents": sum(r.debit_cents for r in gl_rows),
        "gl_credits_cents": sum(r.credit_cents for r in gl_rows),
    }
