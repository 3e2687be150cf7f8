"""A whole counter day, driven through the real services on a real SQLite file,
with an independent ledger of what each drawer should hold (issue 10).

``DayRunner`` performs one step at a time (open a drawer, a sale with split
tenders, a void, a refund, a pickup, a paid-out, a no-sale, a blind count and
sign-off, a supervisor's correction) and keeps its own arithmetic of every
shift — what went in and out in cash, per tender — so the identities are
checked against figures the product did not compute. ``check_identities``
then asserts that every figure of the same money agrees: receipts, Z reports,
deposit slips, the end-of-day summary and the GL distribution.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from counterapp.domain.cash_count import CashCount
from counterapp.domain.money import cash_round
from counterapp.domain.receipt import Receipt
from counterapp.domain.tender import TenderInput, TenderKind
from counterapp.domain.visit import totals
from counterapp.services import corrections, device_jobs, drawer, sales
from counterapp.services.approval import SupervisorApproval
from counterapp.services.auth import StaffIdentity
from tests.drawer_support import Desk

TORONTO = ZoneInfo("America/Toronto")
SAM = drawer.SupervisorApproval("sam", "supervisor")
SAM_OK = SupervisorApproval("sam", "supervisor")
#: Services the generated visits choose from: flat exempt fees and taxable ones (HST).
SERVICES = ("TST-15", "TST-185", "CER-TAX", "RNT-ROOM", "PMT-PARK")


@dataclass
class Ledger:
    """One shift as the test's own arithmetic sees it."""

    shift_id: str
    staff: StaffIdentity
    float_cents: int
    cash_in: int = 0  # cash handed over on sales
    change: int = 0
    cash_out: int = 0  # cash given back on voids and refunds
    pickups: int = 0
    paid_outs: int = 0
    by_tender: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    receipts: list[str] = field(default_factory=list)  # sales of this shift, in order
    no_sales: int = 0
    closed: bool = False

    @property
    def expected_cash(self) -> int:
        return (
            self.float_cents
            + self.cash_in
            - self.change
            - self.cash_out
            - self.pickups
            - self.paid_outs
        )


def receipt_taken(receipt: Receipt) -> int:
    """What a printed receipt says was taken (negative for money handed back)."""
    return sum(t.amount_cents for t in receipt.tenders) - max(receipt.change_cents, 0)


@dataclass
class DayRunner:
    desk: Desk
    day: date
    now: datetime
    ledgers: dict[str, Ledger] = field(default_factory=dict)  # shift id → ledger
    open_by_staff: dict[str, str] = field(default_factory=dict)  # staff id → open shift id
    receipts: list[Receipt] = field(default_factory=list)  # every receipt, in order
    sold: dict[str, tuple[str, int]] = field(default_factory=dict)  # receipt → (shift, taken)
    corrected: set[str] = field(default_factory=set)  # receipts voided or refunded
    refused: int = 0  # tenders refused for want of an open drawer
    closes: list[drawer.CloseResult] = field(default_factory=list)
    adjustments: int = 0
    drawer_codes: dict[str, str] = field(default_factory=dict)

    def tick(self, minutes: int) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now

    def _shift_of(self, staff: StaffIdentity) -> Ledger | None:
        shift_id = self.open_by_staff.get(staff.id)
        return self.ledgers[shift_id] if shift_id else None

    # -- steps ---------------------------------------------------------------------
    def open(self, staff: StaffIdentity, twenties: int, loonies: int) -> None:
        if staff.id in self.open_by_staff:
            return
        code = self.drawer_codes.setdefault(staff.id, str(len(self.drawer_codes) + 1))
        count = CashCount.of({"20": twenties, "1": loonies})
        info = drawer.open_shift(
            self.desk.uow(), drawer.OpenShift(staff, count, code), now=self.now
        )
        self.ledgers[info.id] = Ledger(info.id, staff, count.total_cents)
        self.open_by_staff[staff.id] = info.id

    def sell(
        self,
        staff: StaffIdentity,
        codes: list[str],
        plan: list[tuple[TenderKind, int]],
        extra_cash_nickels: int,
    ) -> None:
        """A visit of ``codes`` paid by ``plan``: each (kind, share in 1/100 of what
        is left) except the last, which settles the rest (cash with change)."""
        lines = tuple(sales.LineRequest(code) for code in codes)
        priced = sales.preview_lines(self.desk.uow(), staff, lines, now=self.now)
        total = totals(priced).total_cents
        remaining = total
        tenders: list[TenderInput] = []
        for i, (kind, share) in enumerate(plan):
            last = i == len(plan) - 1
            if last:
                amount = (
                    cash_round(remaining) + 5 * extra_cash_nickels
                    if kind is TenderKind.CASH
                    else remaining
                )
            else:
                amount = remaining * share // 100
                if kind is TenderKind.CASH:
                    amount -= amount % 5
                if amount <= 0 or amount >= remaining:
                    continue
            tenders.append(
                TenderInput(kind, amount, f"REF{i}" if kind is not TenderKind.CASH else "")
            )
            remaining -= amount
        ledger = self._shift_of(staff)
        cmd = sales.CompleteSale(staff, lines, tuple(tenders))
        if ledger is None:
            try:
                sales.complete_sale(self.desk.uow(), cmd, now=self.now)
            except drawer.NoOpenShift:
                self.refused += 1
                return
            raise AssertionError("money was taken with no open drawer")
        result = sales.complete_sale(self.desk.uow(), cmd, now=self.now)
        for t in result.settlement.tenders:
            ledger.by_tender[t.kind.value] += t.applied_cents
            if t.kind is TenderKind.CASH:
                ledger.cash_in += t.tendered_cents
                ledger.change += t.tendered_cents - t.applied_cents
        ledger.receipts.append(result.receipt_no)
        self.receipts.append(result.receipt)
        self.sold[result.receipt_no] = (ledger.shift_id, receipt_taken(result.receipt))

    def _money_back(self, ledger: Ledger, result: sales.SaleResult) -> None:
        for t in result.settlement.tenders:
            back = -t.applied_cents if t.applied_cents < 0 else t.applied_cents
            ledger.by_tender[t.kind.value] -= back
            if t.kind is TenderKind.CASH:
                ledger.cash_out += back
        self.receipts.append(result.receipt)

    def void(self, staff: StaffIdentity, pick: int) -> None:
        candidates = [
            r
            for r, (shift_id, _taken) in self.sold.items()
            if r not in self.corrected and not self.ledgers[shift_id].closed
            and self.ledgers[shift_id].shift_id in self.open_by_staff.values()
        ]  # fmt: skip
        if not candidates:
            return
        receipt_no = candidates[pick % len(candidates)]
        result = corrections.void_sale(
            self.desk.uow(),
            corrections.VoidSale(staff, receipt_no, "Rang up by mistake", SAM_OK),
            now=self.now,
        )
        self.corrected.add(receipt_no)
        self._money_back(self.ledgers[self.sold[receipt_no][0]], result)

    def refund(self, staff: StaffIdentity, pick: int, to_cash: bool) -> None:
        ledger = self._shift_of(staff)
        candidates = [r for r in self.sold if r not in self.corrected]
        if not candidates:
            return
        receipt_no = candidates[pick % len(candidates)]
        cmd = corrections.RefundSale(
            staff, receipt_no, (corrections.RefundLine(1),), "Paid twice", SAM_OK, to_cash
        )
        if ledger is None:
            try:
                corrections.refund_sale(self.desk.uow(), cmd, now=self.now)
            except drawer.NoOpenShift:
                self.refused += 1
                return
            raise AssertionError("money went back with no open drawer")
        result = corrections.refund_sale(self.desk.uow(), cmd, now=self.now)
        self.corrected.add(receipt_no)
        self._money_back(ledger, result)

    def pickup(self, staff: StaffIdentity, twenties: int) -> None:
        ledger = self._shift_of(staff)
        if ledger is None or twenties * 2_000 > ledger.expected_cash:
            return
        drawer.record_pickup(
            self.desk.uow(),
            drawer.RecordPickup(staff, CashCount.of({"20": twenties})),
            now=self.now,
        )
        ledger.pickups += twenties * 2_000

    def paid_out(self, staff: StaffIdentity, nickels: int) -> None:
        ledger = self._shift_of(staff)
        amount = nickels * 5
        if ledger is None or amount > ledger.expected_cash:
            return
        drawer.record_paid_out(
            self.desk.uow(),
            drawer.RecordPaidOut(staff, amount, "Postage due", approval=SAM),
            now=self.now,
        )
        ledger.paid_outs += amount

    def no_sale(self, staff: StaffIdentity) -> None:
        device_jobs.open_drawer_no_sale(
            self.desk.uow(),
            device_jobs.NoSale(staff, "Receipt printer", "Make change", "sam", "supervisor"),
            now=self.now,
        )
        for shift_id in self.open_by_staff.values():  # the station's drawer opened
            self.ledgers[shift_id].no_sales += 1

    def close(self, staff: StaffIdentity, cash_error: int, card_error: int) -> None:
        """The blind count (off by the errors given), then sam signs it off."""
        ledger = self._shift_of(staff)
        if ledger is None:
            return
        cash = max(0, ledger.expected_cash + 5 * cash_error)
        count = CashCount.of({"20": cash // 2_000, "0.05": (cash % 2_000) // 5})
        other = {
            k: max(0, v + (card_error if k == "debit" else 0))
            for k, v in ledger.by_tender.items()
            if k not in ("cash", "cheque")
        }
        cheques = (
            (drawer.ChequeCount("000001", ledger.by_tender["cheque"]),)
            if ledger.by_tender.get("cheque", 0) > 0
            else ()
        )
        drawer.submit_count(
            self.desk.uow(), drawer.SubmitCount(staff, count, cheques, other), now=self.now
        )
        self.tick(1)
        result = drawer.sign_off(
            self.desk.uow(),
            drawer.SignOff(ledger.shift_id, SAM, "Miscounted coins"),
            now=self.now,
        )
        self.closes.append(result)
        ledger.closed = True
        del self.open_by_staff[staff.id]

    def correct(self, pick: int, cents: int) -> None:
        closed = [c for c in self.closes]
        if not closed or cents == 0:
            return
        target = closed[pick % len(closed)]
        drawer.adjust_shift(
            self.desk.uow(),
            drawer.AdjustShift(target.shift_id, SAM, "cash", cents, "Coin roll found"),
            now=self.now,
        )
        self.adjustments += cents


def check_identities(run: DayRunner, summary: dict[str, Any], gl: drawer.GlExport) -> None:
    """Every figure of the day's money agrees with every other, to the cent."""
    zs = [c.z_report for c in run.closes]
    # 1. Each Z report against the test's own arithmetic of its drawer.
    for close in run.closes:
        z, ledger = close.z_report, run.ledgers[close.shift_id]
        by_kind = {t["kind"]: t for t in z["tenders"]}
        assert by_kind["cash"]["expected_cents"] == ledger.expected_cash
        assert z["cash_in_cents"] == ledger.cash_in
        assert z["change_cents"] == ledger.change
        assert z["cash_out_cents"] == ledger.cash_out
        assert z["pickups_cents"] == ledger.pickups
        assert z["paid_outs_cents"] == ledger.paid_outs
        assert z["no_sales"] == ledger.no_sales
        for kind, cents in ledger.by_tender.items():
            if cents:
                assert by_kind[kind]["net_cents"] == cents, kind
        assert z["over_short_cents"] == sum(t["over_short_cents"] for t in z["tenders"])
        assert "shift_id" not in str(z["shift_name"]) and close.shift_id not in z["shift_name"]
        # The deposit slip: counted cash and pickups less the float kept, plus cheques.
        dep = close.deposit
        assert dep["cash_counted_cents"] == by_kind["cash"]["counted_cents"] + ledger.pickups
        assert dep["cash_deposit_cents"] == dep["cash_counted_cents"] - ledger.float_cents
        assert dep["total_cents"] == (
            dep["cash_deposit_cents"] + dep["cheques_cents"] + dep["money_orders_cents"]
        )

    # 2. Every shift is closed, so the sum of the Z reports is the day.
    assert not run.open_by_staff
    z_net = sum(t["net_cents"] for z in zs for t in z["tenders"])
    receipts_net = sum(receipt_taken(r) for r in run.receipts)
    assert z_net == receipts_net == summary["net_cents"]
    assert summary["sales_cents"] == sum(z["sales_cents"] for z in zs)
    assert summary["voids_cents"] == sum(z["voids_cents"] for z in zs)
    assert summary["refunds_cents"] == sum(z["refunds_cents"] for z in zs)
    assert summary["tax_cents"] == sum(z["tax_cents"] for z in zs)
    assert summary["rounding_cents"] == sum(z["rounding_cents"] for z in zs)
    assert summary["pickups_cents"] == sum(z["pickups_cents"] for z in zs)
    assert summary["paid_outs_cents"] == sum(z["paid_outs_cents"] for z in zs)
    assert summary["over_short_cents"] == sum(z["over_short_cents"] for z in zs) + run.adjustments
    assert sum(r["net_cents"] for r in summary["shifts"]) == summary["net_cents"]
    tenders = {t["kind"]: t["net_cents"] for t in summary["tenders"]}
    for kind in {t["kind"] for z in zs for t in z["tenders"]}:
        assert tenders.get(kind, 0) == sum(
            t["net_cents"] for z in zs for t in z["tenders"] if t["kind"] == kind
        ), kind
    assert summary["net_cents"] == (
        summary["sales_cents"]
        - summary["voids_cents"]
        - summary["refunds_cents"]
        + summary["rounding_cents"]
    )

    # 3. The GL distribution: balanced, and made of the same money.
    assert gl.debits_cents == gl.credits_cents
    assert summary["gl_debits_cents"] == gl.debits_cents
    rows = gl.rows
    clearing = sum(r.debit_cents - r.credit_cents for r in rows if r.gl_account.startswith("1010"))
    assert (
        clearing == summary["net_cents"] - summary["paid_outs_cents"] + summary["over_short_cents"]
    )
    revenue = sum(r.credit_cents - r.debit_cents for r in rows if r.description == "Revenue")
    z_revenue = sum(g["amount_cents"] for z in zs for g in z["gl"])
    assert revenue == z_revenue
    hst = sum(r.credit_cents - r.debit_cents for r in rows if r.description == "HST payable")
    assert hst == summary["tax_cents"]
    assert (
        revenue + hst == summary["sales_cents"] - summary["voids_cents"] - summary["refunds_cents"]
    )


def utc_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TORONTO).astimezone(UTC)


def check_head_office(run: DayRunner, summary: dict[str, Any], database_url: str) -> None:
    """Push the day to a real server on ``database_url`` and read head office's
    own figures for the site day: they are the station's, to the cent."""
    import httpx

    from counterapp.server.app import create_app
    from counterapp.server.reference import Publish, publish
    from counterapp.sync.client import pending_count, push_pending
    from tests.hq_support import add_role_users, bearer, token_for
    from tests.sync_support import enrol, live_server, station_credential

    app = create_app(database_url)
    try:
        enrol(app)
        add_role_users(app)
        finance = bearer(token_for(app, "fran"))  # the figures need finance.read
        writers = app.state.sessions[1]
        # Head office publishes the site's zone; its figures count the site's day in it.
        publish(writers, [Publish("setting", {"name": "time_zone", "value": "America/Toronto"},
                                  site_code="WHB")])  # fmt: skip
        with live_server(app, lifespan="off") as url:
            pushed = push_pending(run.desk.session_factory, url, credential=station_credential())
            assert pushed.error is None, pushed.error
            assert pending_count(run.desk.session_factory) == 0
            day = run.day.isoformat()
            for tz in ("site", "America/Toronto"):
                answer = httpx.get(
                    f"{url}/api/v1/sales/by-day",
                    params={"from": day, "to": day, **({"tz": tz} if tz != "site" else {})},
                    headers=finance,
                    timeout=10,
                )
                assert answer.status_code == 200, answer.text
                answer = answer.json()
                rows = [r for r in answer["rows"] if r["station_code"] == "WHB-01"]
                taken = sum(r["taken_cents"] for r in rows)
                total = sum(r["total_cents"] for r in rows)
                count = sum(r["count"] for r in rows)
                assert taken == summary["net_cents"], (tz, answer)
                assert total == (
                    summary["sales_cents"] - summary["voids_cents"] - summary["refunds_cents"]
                )
                assert count == len(run.receipts)
    finally:
        app.state.engine.dispose()
