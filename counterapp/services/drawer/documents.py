"""The Z report and the deposit slip, as issued at sign-off and reprinted later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import select

from counterapp.db.models import CashMovement, Shift, ShiftClose, ShiftCount, Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.domain.cash_count import CashCount
from counterapp.domain.clock import DATE_TIME, format_site_time
from counterapp.domain.reconciliation import ShiftFigures, reconcile
from counterapp.services import site
from counterapp.services.drawer.common import TENDER_NAMES, _short_name
from counterapp.services.errors import ServiceError


def _local(at: datetime, zone: tzinfo) -> str:
    return format_site_time(at, DATE_TIME, zone)


def shift_name(drawer_code: str, associate: str, opened_at: str, closed_at: str = "") -> str:
    """How a shift is named on paper and on screen: drawer, associate and times."""
    span = (
        f"{opened_at}–{closed_at[-5:]}"
        if closed_at[:10] == opened_at[:10] and closed_at
        else (f"{opened_at} – {closed_at}" if closed_at else f"opened {opened_at}")
    )
    return f"Drawer {drawer_code}, {associate}, {span}"


def _count_lines(count: CashCount) -> list[dict[str, Any]]:
    return [
        {"label": d.label, "form": d.form, "pieces": p, "rolls": r, "cents": c}
        for d, p, r, c in count.lines()
        if p or r
    ]


def _z_report(
    station: Station,
    shift: Shift,
    associate: Staff,
    supervisor: Staff,
    figures: ShiftFigures,
    count: ShiftCount,
    movements: list[CashMovement],
    now: datetime,
    reason: str,
    zone: tzinfo,
    hst_registration: str = "",
) -> dict[str, Any]:
    variances = reconcile(count.expected, count.counted)
    return {
        "title": "Z REPORT",
        "site_name": station.site_name,
        "station_code": station.code,
        "drawer_code": shift.drawer_code,
        "shift_id": shift.id,
        "associate": _short_name(associate.display_name),
        "supervisor": _short_name(supervisor.display_name),
        "opened_at": _local(shift.opened_at, zone),
        "counted_at": _local(count.at, zone),
        "closed_at": _local(now, zone),
        "shift_name": shift_name(
            shift.drawer_code,
            _short_name(associate.display_name),
            _local(shift.opened_at, zone),
            _local(now, zone),
        ),
        "hst_registration": hst_registration if figures.tax_cents else "",
        "float_cents": figures.float_cents,
        "sales_count": figures.sales_count,
        "sales_cents": figures.sales_cents,
        "voids_count": figures.voids_count,
        "voids_cents": figures.voids_cents,
        "refunds_count": figures.refunds_count,
        "refunds_cents": figures.refunds_cents,
        "no_sales": figures.no_sales,
        "tax_cents": figures.tax_cents,
        "rounding_cents": figures.rounding_cents,
        "cash_in_cents": figures.cash_in_cents,
        "change_cents": figures.change_cents,
        "cash_out_cents": figures.cash_out_cents,
        "paid_outs_cents": figures.paid_outs_cents,
        "pickups_cents": figures.pickups_cents,
        "paid_outs": [
            {"seq": m.seq, "reason": m.reason, "amount_cents": m.amount_cents}
            for m in movements
            if m.kind == "paid_out"
        ],
        "pickups": [
            {"seq": m.seq, "at": _local(m.at, zone), "amount_cents": m.amount_cents}
            for m in movements
            if m.kind == "pickup"
        ],
        "tenders": [
            {
                "kind": v.kind,
                "label": TENDER_NAMES.get(v.kind, v.kind),
                "net_cents": figures.by_tender.get(v.kind, 0),
                "expected_cents": v.expected_cents,
                "counted_cents": v.counted_cents,
                "over_short_cents": v.over_short_cents,
            }
            for v in variances
        ],
        "services": [
            {
                "gl_account": t.gl_account,
                "department": t.department,
                "description": t.description,
                "quantity": t.quantity,
                "amount_cents": t.amount_cents,
            }
            for t in figures.by_service
        ],
        "gl": [
            {"gl_account": gl, "department": dept, "amount_cents": cents}
            for (gl, dept), cents in figures.by_gl.items()
        ],
        "over_short_cents": count.over_short_cents,
        "reason": reason,
        "copy": False,
    }


def _deposit_slip(
    station: Station,
    shift: Shift,
    associate: Staff,
    count: ShiftCount,
    movements: list[CashMovement],
    now: datetime,
    zone: tzinfo,
) -> dict[str, Any]:
    """What goes to the bank: the closing count and the pickups, less the float kept."""
    pieces: dict[str, int] = {}
    rolls: dict[str, int] = {}
    for source in [count.cash_count, *(m.count for m in movements if m.kind == "pickup")]:
        c = CashCount.from_dict(source) if source else CashCount()
        for code, n in c.pieces:
            pieces[code] = pieces.get(code, 0) + n
        for code, n in c.rolls:
            rolls[code] = rolls.get(code, 0) + n
    combined = CashCount.of(pieces, rolls)
    lines = _count_lines(combined)
    cheques = [
        {"reference": c["reference"], "amount_cents": c["amount_cents"]} for c in count.cheques
    ]
    money_orders = int(count.counted.get("money_order", 0))
    cash_deposit = combined.total_cents - shift.float_cents
    return {
        "title": "DEPOSIT SLIP",
        "site_name": station.site_name,
        "station_code": station.code,
        "drawer_code": shift.drawer_code,
        "shift_id": shift.id,
        "associate": _short_name(associate.display_name),
        "date": _local(now, zone)[:10],
        "prepared_at": _local(now, zone),
        "shift_name": shift_name(
            shift.drawer_code,
            _short_name(associate.display_name),
            _local(shift.opened_at, zone),
            _local(now, zone),
        ),
        "notes": [ln for ln in lines if ln["form"] == "note"],
        "coins": [ln for ln in lines if ln["form"] == "coin"],
        "notes_cents": combined.notes_cents(),
        "coins_cents": combined.coins_cents(),
        "cash_counted_cents": combined.total_cents,
        "float_kept_cents": shift.float_cents,
        "cash_deposit_cents": cash_deposit,
        "cheques": cheques,
        "cheques_cents": sum(c["amount_cents"] for c in cheques),
        "money_orders_cents": money_orders,
        "total_cents": cash_deposit + sum(c["amount_cents"] for c in cheques) + money_orders,
        "copy": False,
    }


@dataclass(frozen=True, slots=True)
class ClosedShift:
    shift_id: str
    drawer_code: str
    associate: str
    opened_at: str
    closed_at: str
    over_short_cents: int


def closed_shifts(uow: UnitOfWork, *, limit: int = 200) -> list[ClosedShift]:
    """The most recent closed shifts at this station, newest first (for reprints)."""
    with uow:
        rows = uow.session.execute(
            select(Shift, ShiftClose, Staff.display_name)
            .join(ShiftClose, ShiftClose.shift_id == Shift.id)
            .join(Staff, Staff.id == Shift.staff_id)
            .order_by(ShiftClose.at.desc())
            .limit(limit)
        ).all()
        zone = site.zone(uow.session)
        return [
            ClosedShift(
                shift.id,
                shift.drawer_code,
                _short_name(name),
                _local(shift.opened_at, zone),
                _local(close.at, zone),
                close.over_short_cents,
            )
            for shift, close, name in rows
        ]


def stored_documents(uow: UnitOfWork, shift_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A closed shift's Z report and deposit slip as issued, marked COPY for a reprint."""
    with uow:
        close = uow.session.scalars(
            select(ShiftClose).where(ShiftClose.shift_id == shift_id)
        ).first()
        if close is None:
            raise ServiceError("That shift is not closed; it has no Z report yet.")
        return {**close.z_report, "copy": True}, {**close.deposit, "copy": True}
