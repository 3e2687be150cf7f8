"""What the finance clerk reads: a period's money across every site and
station, from the records the stations pushed.

Sales, lines and tenders are the server's expanded tables (``server.db``);
shifts, counts, sign-offs, cash movements and corrections of shifts are read
from the records as received (``received_record``, by kind). Every figure is
computed by the station's own rules (``domain.reconciliation``,
``domain.gl``), so head office's day equals the sum of the stations' Z
reports to the cent. Amounts on the server are stored signed (the wire
refuses a void or refund with positive amounts), so sums are plain sums.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from counterapp.domain.gl import GlAccounts, GlRow, gl_csv, gl_distribution
from counterapp.domain.reconciliation import (
    Movement,
    Transaction,
    TxLine,
    TxTender,
    shift_figures,
)
from counterapp.server.chain import ChainProblem, ProblemView, problem_counts
from counterapp.server.db import ReceivedRecord, Sale, SaleLine, Tender
from counterapp.server.hq.i18n import Msg
from counterapp.server.hq.models import HqDeposit
from counterapp.server.hq.totals import HqLineTotal, HqSaleTotal
from counterapp.server.reference import ReferenceItem
from counterapp.server.stations import StationView, list_stations

MAX_DAYS = 366
SHIFT_KINDS = ("shift", "shift_count", "shift_close", "shift_adjustment", "cash_movement")


class PeriodError(ValueError):
    """A period that cannot be read; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date
    zone: tzinfo
    site: str = ""  # "" = every site

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError("to", "The period ends before it starts.")
        if (self.last - self.first).days >= MAX_DAYS:
            raise PeriodError("to", Msg("Ask for at most {n} days at a time.", n=MAX_DAYS))

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=self.zone).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(
            self.last + timedelta(days=1), time(0), tzinfo=self.zone
        ).astimezone(UTC)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(0), tzinfo=self.zone)
        return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def _sale_filter(period: Period) -> Any:
    cond = and_(Sale.completed_at >= period.start, Sale.completed_at < period.end)
    if period.site:
        cond = and_(cond, Sale.site_code == period.site)
    return cond


# --- the day -------------------------------------------------------------------------


@dataclass
class DayReport:
    sales_count: int = 0
    sales_cents: int = 0
    voids_count: int = 0
    voids_cents: int = 0  # money taken back (positive)
    refunds_count: int = 0
    refunds_cents: int = 0
    net_cents: int = 0
    tax_cents: int = 0
    rounding_cents: int = 0
    by_service: list[dict[str, Any]] = field(default_factory=list)
    by_gl: list[dict[str, Any]] = field(default_factory=list)
    by_department: list[dict[str, Any]] = field(default_factory=list)
    by_tender: list[dict[str, Any]] = field(default_factory=list)
    by_station: list[dict[str, Any]] = field(default_factory=list)


def _bucket_filter(model: Any, period: Period) -> Any:
    cond = and_(model.bucket >= period.start, model.bucket < period.end)
    if period.site:
        cond = and_(cond, model.site_code == period.site)
    return cond


def day_report(session: Session, period: Period) -> DayReport:
    """The period's money from the running totals (``hq.totals``), which add
    up to the sales held to the cent."""
    report = DayReport()
    st = HqSaleTotal
    cond = and_(_bucket_filter(st, period), st.tender_kind == "")
    by_station: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for site, station, kind, n, total, tax, rounding in session.execute(
        select(
            st.site_code,
            st.station_code,
            st.sale_kind,
            func.sum(st.count),
            func.sum(st.total_cents),
            func.sum(st.tax_cents),
            func.sum(st.rounding_cents),
        )
        .where(cond)
        .group_by(st.site_code, st.station_code, st.sale_kind)
    ):
        n, total, tax, rounding = int(n), int(total), int(tax), int(rounding)
        report.net_cents += total
        report.tax_cents += tax
        report.rounding_cents += rounding
        if kind == "void":
            report.voids_count += n
            report.voids_cents -= total
        elif kind == "refund":
            report.refunds_count += n
            report.refunds_cents -= total
        else:
            report.sales_count += n
            report.sales_cents += total
        by_station[(site, station)][0] += n
        by_station[(site, station)][1] += total
    report.by_station = [
        {"site_code": site, "station_code": station, "count": n, "net_cents": total}
        for (site, station), (n, total) in sorted(by_station.items())
    ]
    lt = HqLineTotal
    gl: dict[tuple[str, str], int] = defaultdict(int)
    dept: dict[str, int] = defaultdict(int)
    for code, desc, account, department, qty, amount, tax in session.execute(
        select(
            lt.service_code,
            lt.description,
            lt.gl_account,
            lt.department,
            func.sum(lt.quantity),
            func.sum(lt.amount_cents),
            func.sum(lt.tax_cents),
        )
        .where(_bucket_filter(lt, period))
        .group_by(lt.service_code, lt.description, lt.gl_account, lt.department)
        .order_by(lt.gl_account, lt.department, lt.service_code)
    ):
        amount = int(amount)
        report.by_service.append(
            {
                "service_code": code,
                "description": desc,
                "gl_account": account,
                "department": department,
                "quantity": int(qty),
                "amount_cents": amount,
                "tax_cents": int(tax),
            }
        )
        gl[(account, department)] += amount
        dept[department] += amount
    report.by_gl = [
        {"gl_account": a, "department": d, "amount_cents": c} for (a, d), c in sorted(gl.items())
    ]
    report.by_department = [{"department": d, "amount_cents": c} for d, c in sorted(dept.items())]
    report.by_tender = [
        {"kind": kind, "applied_cents": int(applied)}
        for kind, applied in session.execute(
            select(st.tender_kind, func.sum(st.applied_cents))
            .where(_bucket_filter(st, period), st.tender_kind != "")
            .group_by(st.tender_kind)
            .order_by(st.tender_kind)
        )
    ]
    return report


# --- shifts ---------------------------------------------------------------------------


def staff_names(session: Session) -> dict[str, str]:
    """Station staff ids → their display names, from the published staff."""
    out: dict[str, str] = {}
    for data in session.scalars(select(ReferenceItem.data).where(ReferenceItem.entity == "staff")):
        if data and data.get("id"):
            out[str(data["id"])] = str(data.get("display_name") or data.get("username") or "")
    return out


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


@dataclass
class ShiftRow:
    shift_id: str
    station_code: str
    site_code: str
    drawer_code: str
    associate: str
    opened_at: datetime
    float_cents: int
    status: str = "open"  # open | counted | closed
    counted_at: datetime | None = None
    expected: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    over_short_cents: int = 0
    adjustments_cents: int = 0
    reason: str = ""
    supervisor: str = ""
    closed_at: datetime | None = None
    z_report: dict[str, Any] | None = None
    deposit: dict[str, Any] | None = None
    movements: list[dict[str, Any]] = field(default_factory=list)
    records_expected: dict[str, int] = field(default_factory=dict)  # head office's own figures
    records_agree: bool | None = None  # the station's expected equals the records' (counted)

    @property
    def expected_total(self) -> int:
        return sum(self.expected.values())

    @property
    def counted_total(self) -> int:
        return sum(self.counted.values())


def _records(session: Session, kinds: Iterable[str]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (kind, payload)
        for kind, payload in session.execute(
            select(ReceivedRecord.kind, ReceivedRecord.payload).where(
                ReceivedRecord.kind.in_(list(kinds))
            )
        )
    ]


def _transactions(session: Session, condition: Any) -> dict[str, list[Transaction]]:
    """Server sales as the reconciliation's transactions, by shift id."""
    sales = session.execute(
        select(
            Sale.id,
            Sale.shift_id,
            Sale.receipt_no,
            Sale.kind,
            Sale.total_cents,
            Sale.tax_cents,
            Sale.rounding_cents,
            Sale.change_cents,
        ).where(condition)
    ).all()
    if not sales:
        return {}
    ids = [s.id for s in sales]
    lines: dict[str, list[TxLine]] = defaultdict(list)
    tenders: dict[str, list[TxTender]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for sid, gl, dept, amount, tax, code, desc, qty in session.execute(
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
            .where(SaleLine.sale_id.in_(chunk))
            .order_by(SaleLine.sale_id, SaleLine.line_no)
        ):
            lines[sid].append(TxLine(gl, dept, int(amount), int(tax), code, desc, qty))
        for sid, kind, tendered, applied, ref in session.execute(
            select(
                Tender.sale_id,
                Tender.kind,
                Tender.tendered_cents,
                Tender.applied_cents,
                Tender.reference,
            )
            .where(Tender.sale_id.in_(chunk))
            .order_by(Tender.sale_id, Tender.seq)
        ):
            tenders[sid].append(TxTender(kind, int(tendered), int(applied), ref))
    out: dict[str, list[Transaction]] = defaultdict(list)
    for s in sales:
        out[s.shift_id or ""].append(
            Transaction(
                s.receipt_no,
                s.kind,
                int(s.total_cents),
                int(s.tax_cents),
                int(s.rounding_cents),
                int(s.change_cents),
                tuple(lines[s.id]),
                tuple(tenders[s.id]),
            )
        )
    return out


def shifts(session: Session, period: Period, *, figures: bool = True) -> list[ShiftRow]:
    """Every drawer shift opened in the period, with its count and sign-off;
    with ``figures``, head office's own expected figures from the records."""
    names = staff_names(session)
    records = _records(session, SHIFT_KINDS)
    rows: dict[str, ShiftRow] = {}
    for kind, p in records:
        if kind != "shift":
            continue
        opened = _at(p["opened_at"])
        if not period.contains(opened) or (period.site and p["site_code"] != period.site):
            continue
        rows[p["id"]] = ShiftRow(
            shift_id=p["id"],
            station_code=p["station_code"],
            site_code=p["site_code"],
            drawer_code=p["drawer_code"],
            associate=names.get(p["staff_id"], p["staff_id"]),
            opened_at=opened,
            float_cents=int(p["float_cents"]),
        )
    for kind, p in records:
        row = rows.get(p.get("shift_id", ""))
        if row is None:
            continue
        if kind == "shift_count":
            if row.status == "open":  # records come in any order
                row.status = "counted"
            row.counted_at = _at(p["at"])
            row.expected = {k: int(v) for k, v in p["expected"].items()}
            row.counted = {k: int(v) for k, v in p["counted"].items()}
            row.over_short_cents = int(p["over_short_cents"])
        elif kind == "shift_close":
            row.status = "closed"
            row.closed_at = _at(p["at"])
            row.reason = p.get("reason", "")
            row.supervisor = names.get(p["supervisor_id"], p["supervisor_id"])
            row.z_report = p.get("z_report")
            row.deposit = p.get("deposit")
        elif kind == "shift_adjustment":
            row.adjustments_cents += int(p["amount_cents"])
        elif kind == "cash_movement":
            row.movements.append(p)
    if figures and rows:
        txs = _transactions(session, Sale.shift_id.in_(list(rows)))
        for row in rows.values():
            f = shift_figures(
                row.float_cents,
                txs.get(row.shift_id, []),
                [
                    Movement(
                        m["kind"],
                        int(m["amount_cents"]),
                        m.get("reason", ""),
                        m.get("gl_account", ""),
                    )
                    for m in row.movements
                ],
            )
            row.records_expected = {k: v for k, v in f.expected.items() if v or k == "cash"}
            if row.status != "open":
                kinds = set(row.expected) | set(row.records_expected)
                row.records_agree = all(
                    row.expected.get(k, 0) == row.records_expected.get(k, 0) for k in kinds
                )
    return sorted(rows.values(), key=lambda r: (r.opened_at, r.station_code, r.drawer_code))


# --- deposits -------------------------------------------------------------------------


@dataclass
class DepositRow:
    shift: ShiftRow
    slip_cents: int
    bank_cents: int | None
    bank_date: str
    note: str
    marked_by: str

    @property
    def difference_cents(self) -> int | None:
        return None if self.bank_cents is None else self.bank_cents - self.slip_cents


def deposits(session: Session, period: Period) -> list[DepositRow]:
    """The deposit slip of every shift signed off in the period, with what the
    bank showed for it once finance marked it received."""
    closed = [
        r
        for r in shifts(
            session,
            Period(period.first - timedelta(days=31), period.last, period.zone, period.site),
            figures=False,
        )
        if r.closed_at is not None and period.contains(r.closed_at) and r.deposit
    ]
    marks = {
        d.shift_id: d
        for d in session.scalars(
            select(HqDeposit).where(HqDeposit.shift_id.in_([r.shift_id for r in closed]))
        )
    }
    out = []
    for r in closed:
        m = marks.get(r.shift_id)
        out.append(
            DepositRow(
                r,
                int((r.deposit or {}).get("total_cents", 0)),
                m.bank_cents if m else None,
                m.bank_date if m else "",
                m.note if m else "",
                m.marked_by if m else "",
            )
        )
    return out


def deposit_slip(session: Session, shift_id: str) -> tuple[str, int] | None:
    """(station, the slip's total) of a signed-off shift, or None."""
    for (p,) in session.execute(
        select(ReceivedRecord.payload).where(ReceivedRecord.kind == "shift_close")
    ):
        if p.get("shift_id") == shift_id:
            return str(p["station_code"]), int((p.get("deposit") or {}).get("total_cents", 0))
    return None


# --- voids and refunds -----------------------------------------------------------------


def corrections(session: Session, period: Period) -> list[dict[str, Any]]:
    names = staff_names(session)
    original = Sale.__table__.alias("original")
    out = []
    for s, original_receipt in session.execute(
        select(Sale, original.c.receipt_no)
        .outerjoin(original, original.c.id == Sale.original_sale_id)
        .where(_sale_filter(period), Sale.kind != "sale")
        .order_by(Sale.completed_at)
    ):
        out.append(
            {
                "receipt_no": s.receipt_no,
                "kind": s.kind,
                "station_code": s.station_code,
                "completed_at": s.completed_at,
                "total_cents": int(s.total_cents),
                "original_receipt": original_receipt or "",
                "reason": s.reason,
                "associate": names.get(s.staff_id, s.staff_id),
                "approved_by": names.get(s.approved_by or "", s.approved_by or ""),
            }
        )
    return out


# --- stations: behind, silent, gaps --------------------------------------------------------


CHAIN_SHOWN = 20  # the newest breaks listed per station (all are counted)


@dataclass
class StationHealth:
    station: StationView
    silent: bool
    behind: bool
    receipts: int
    first_seq: int | None
    last_seq: int | None
    missing: list[int]
    missing_count: int
    # Breaks in the station's record chain (issue 15, ``server.chain``), newest first.
    chain: list[ProblemView] = field(default_factory=list)
    chain_count: int = 0

    @property
    def has_gaps(self) -> bool:
        return self.missing_count > 0

    @property
    def attention(self) -> bool:
        return self.silent or self.behind or self.has_gaps or self.chain_count > 0


def station_health(
    session: Session, *, now: datetime | None = None, silent_after: timedelta = timedelta(hours=2)
) -> list[StationHealth]:
    """Each station: silent (no contact for ``silent_after``), behind (records
    waiting at the station), and the receipt numbers missing between its
    first and last received (a gap is a sale head office never got)."""
    now = now or datetime.now(UTC)
    ranges = {
        code: (int(lo), int(hi), int(n))
        for code, lo, hi, n in session.execute(
            select(
                Sale.station_code, func.min(Sale.seq), func.max(Sale.seq), func.count()
            ).group_by(Sale.station_code)
        )
    }
    breaks = problem_counts(session)
    out = []
    for st in list_stations(session):
        lo, hi, n = ranges.get(st.code, (None, None, 0))
        missing: list[int] = []
        count = 0
        if lo is not None and hi is not None and hi - lo + 1 != n:
            count = hi - lo + 1 - n
            seen = set(session.scalars(select(Sale.seq).where(Sale.station_code == st.code)))
            for seq in range(lo, hi + 1):
                if seq not in seen:
                    missing.append(seq)
                    if len(missing) >= 50:
                        break
        silent = st.state == "registered" and (
            st.last_contact_at is None or now - st.last_contact_at > silent_after
        )
        health = StationHealth(st, silent, bool(st.backlog), n, lo, hi, missing, count)
        health.chain_count = breaks.get(st.code, 0)
        if health.chain_count:
            health.chain = [
                ProblemView.model_validate(r, from_attributes=True)
                for r in session.scalars(
                    select(ChainProblem)
                    .where(ChainProblem.station_code == st.code)
                    .order_by(ChainProblem.id.desc())
                    .limit(CHAIN_SHOWN)
                )
            ]
        out.append(health)
    return out


# --- the GL distribution -----------------------------------------------------------------


def gl_accounts(session: Session) -> GlAccounts:
    """The town's accounts: the published setting ``gl_accounts`` over the defaults."""
    data = session.scalar(
        select(ReferenceItem.data).where(
            ReferenceItem.entity == "setting",
            ReferenceItem.key == "gl_accounts",
            ReferenceItem.deleted.is_(False),
        )
    )
    value = (data or {}).get("value")
    return GlAccounts.with_overrides(value) if isinstance(value, dict) else GlAccounts()


def _day_transactions(session: Session, start: datetime, end: datetime) -> dict[str, Transaction]:
    """The day's sales folded into one transaction per site (from the running
    totals): the GL is a sum, so the folded day posts exactly what each sale would."""
    st, lt = HqSaleTotal, HqLineTotal
    heads = {
        site: (int(n), int(total), int(tax), int(rounding))
        for site, n, total, tax, rounding in session.execute(
            select(
                st.site_code,
                func.sum(st.count),
                func.sum(st.total_cents),
                func.sum(st.tax_cents),
                func.sum(st.rounding_cents),
            )
            .where(st.bucket >= start, st.bucket < end, st.tender_kind == "")
            .group_by(st.site_code)
        )
    }
    lines: dict[str, list[TxLine]] = defaultdict(list)
    for site, gl, dept, amount in session.execute(
        select(lt.site_code, lt.gl_account, lt.department, func.sum(lt.amount_cents))
        .where(lt.bucket >= start, lt.bucket < end)
        .group_by(lt.site_code, lt.gl_account, lt.department)
    ):
        lines[site].append(TxLine(gl, dept, int(amount), 0))
    tenders: dict[str, list[TxTender]] = defaultdict(list)
    for site, kind, applied in session.execute(
        select(st.site_code, st.tender_kind, func.sum(st.applied_cents))
        .where(st.bucket >= start, st.bucket < end, st.tender_kind != "")
        .group_by(st.site_code, st.tender_kind)
    ):
        tenders[site].append(TxTender(kind, 0, int(applied)))
    # Stored amounts are signed: "sale" takes them as they are.
    return {
        site: Transaction(
            "", "sale", total, tax, rounding, 0, tuple(lines[site]), tuple(tenders[site])
        )
        for site, (n, total, tax, rounding) in heads.items()
        if n
    }


def gl_export(session: Session, period: Period) -> tuple[list[tuple[str, str, list[GlRow]]], str]:
    """Per day and site: the GL rows (``domain.gl``, the station's rules); and
    the CSV the town's ERP imports (one header, the days and sites in order)."""
    accounts = gl_accounts(session)
    sites = sorted(
        set(
            session.scalars(
                select(HqSaleTotal.site_code)
                .where(_bucket_filter(HqSaleTotal, period))
                .group_by(HqSaleTotal.site_code)
            )
        )
    )
    movements: dict[tuple[date, str], list[Movement]] = defaultdict(list)
    over_short: dict[tuple[date, str], list[int]] = defaultdict(list)
    station_site: dict[str, str] = {}
    shift_site: dict[str, str] = {}
    records = _records(session, SHIFT_KINDS)
    for kind, p in records:
        if kind == "shift":
            shift_site[p["id"]] = p["site_code"]
            station_site[p["station_code"]] = p["site_code"]
    for kind, p in records:
        if kind not in ("cash_movement", "shift_close", "shift_adjustment"):
            continue
        at = _at(p["at"])
        if not period.contains(at):
            continue
        site = shift_site.get(p["shift_id"]) or station_site.get(p["station_code"], "")
        if period.site and site != period.site:
            continue
        key = (at.astimezone(period.zone).date(), site)
        if kind == "cash_movement":
            movements[key].append(
                Movement(
                    p["kind"], int(p["amount_cents"]), p.get("reason", ""), p.get("gl_account", "")
                )
            )
        elif kind == "shift_close":
            over_short[key].append(int(p["over_short_cents"]))
        else:
            over_short[key].append(int(p["amount_cents"]))
    sites = sorted(set(sites) | {s for _, s in movements} | {s for _, s in over_short})
    out: list[tuple[str, str, list[GlRow]]] = []
    parts: list[str] = []
    for day in period.days():
        start, end = period.day_bounds(day)
        folded = _day_transactions(session, start, end)
        for site in sites:
            tx = folded.get(site)
            rows = gl_distribution(
                [tx] if tx is not None else [],
                movements.get((day, site), []),
                over_short.get((day, site), []),
                accounts,
            )
            if not rows:
                continue
            out.append((day.isoformat(), site, rows))
            text = gl_csv(rows, day=day.isoformat(), site_code=site)
            parts.append(text if not parts else text.split("\r\n", 1)[1])
    if not parts:
        parts.append(gl_csv([], day="", site_code=""))
    return out, "".join(parts)
