"""Bench: close a shift of 2,000 transactions with its Z report and deposit slip.

Run on purpose, not by pytest:

    .venv/bin/python bench/close_shift.py [--transactions 2000] [--dir /path/on/the/real/disk]

Set-up (not timed): a station database file with the demo catalogue, a drawer
opened with a $300 float, ``--transactions`` sales through ``complete_sale``
(cash with change, cheques, debit and credit, in turn), a pickup every 100
sales and a paid-out every 500.

Timed, each step separately and the whole close: the blind count
(``submit_count``, which computes the expected figures from every
transaction), the supervisor's sign-off (``sign_off``, which builds and stores
the Z report and deposit slip), the Z report and deposit slip as PDF, and the
Z report as ESC/POS bytes. Repeats ``--runs`` times on fresh copies of the
set-up file and prints the median and the worst.

The target (the issue): the whole close <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.domain.cash_count import CashCount, count_from_cents  # noqa: E402
from counterapp.domain.tender import TenderInput, TenderKind  # noqa: E402
from counterapp.services import drawer  # noqa: E402
from counterapp.services.auth import login  # noqa: E402
from counterapp.services.reference import load_demo  # noqa: E402
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale  # noqa: E402
from printing.drawer_reports import deposit_slip_pdf, render_z_report, z_report_pdf  # noqa: E402

TARGET_S = 2.0
# (service, tender kind, amount handed over): $50.00, $67.80 with HST, $30.00, $150.00
VISITS = (
    ("CER-TAX", TenderKind.CASH, 6_000),
    ("PMT-PARK", TenderKind.DEBIT, 6_780),
    ("FEE-NSF", TenderKind.CASH, 4_000),
    ("PER-SIGN", TenderKind.CHEQUE, 15_000),
    ("RNT-ROOM", TenderKind.CREDIT, 3_955),
)


def build(path: Path, transactions: int) -> None:
    _engine, sf = open_database(path)
    load_demo(UnitOfWork(sf))
    alex = login(UnitOfWork(sf), "alex", "counter")
    drawer.open_shift(UnitOfWork(sf), drawer.OpenShift(alex, count_from_cents(30_000)))
    for i in range(transactions):
        code, kind, amount = VISITS[i % len(VISITS)]
        complete_sale(
            UnitOfWork(sf),
            CompleteSale(
                alex,
                (LineRequest(code, 1),),
                (TenderInput(kind, amount, f"{i:06d}" if kind is TenderKind.CHEQUE else ""),),
            ),
        )
        if i % 100 == 99:
            drawer.record_pickup(
                UnitOfWork(sf), drawer.RecordPickup(alex, CashCount.of({"50": 10}))
            )
        if i % 500 == 499:
            drawer.record_paid_out(
                UnitOfWork(sf), drawer.RecordPaidOut(alex, 1_250, "Courier", approval=SAM)
            )
    _engine.dispose()


SAM = drawer.SupervisorApproval("sam", "2468")  # a paid-out needs a supervisor (PIN)


def close_once(path: Path) -> dict[str, float]:
    engine, sf = open_database(path)
    alex = login(UnitOfWork(sf), "alex", "counter")
    status = drawer.drawer_status(UnitOfWork(sf), alex.id)
    assert status is not None
    cheques = _cheques(sf, status.shift.id)
    expected_cash = status.cash_in_drawer_cents
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    count = drawer.submit_count(
        UnitOfWork(sf),
        drawer.SubmitCount(
            alex,
            count_from_cents(expected_cash - expected_cash % 5),
            cheques,
            {"debit": 0, "credit": 0},
        ),
    )
    t1 = time.perf_counter()
    closed = drawer.sign_off(
        UnitOfWork(sf),
        drawer.SignOff(
            count.shift_id,
            drawer.SupervisorApproval("sam", "supervisor"),
            "Card batch totals not entered in the bench",
        ),
    )
    t2 = time.perf_counter()
    z_pdf = z_report_pdf(closed.z_report)
    t3 = time.perf_counter()
    dep_pdf = deposit_slip_pdf(closed.deposit)
    t4 = time.perf_counter()
    z_escpos = render_z_report(closed.z_report)
    t5 = time.perf_counter()
    engine.dispose()
    assert z_pdf.startswith(b"%PDF") and dep_pdf.startswith(b"%PDF") and z_escpos
    timings["blind count (expected figures)"] = t1 - t0
    timings["sign-off (Z + deposit stored)"] = t2 - t1
    timings["Z report PDF"] = t3 - t2
    timings["deposit slip PDF"] = t4 - t3
    timings["Z report ESC/POS"] = t5 - t4
    timings["whole close"] = t5 - t0
    return timings


def _cheques(sf, shift_id: str) -> tuple[drawer.ChequeCount, ...]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from counterapp.db.models import Sale, Tender

    with sf() as s:
        rows = s.execute(
            select(Tender.reference, Tender.applied_cents)
            .join(Sale, Sale.id == Tender.sale_id)
            .where(Sale.shift_id == shift_id, Tender.kind == "cheque")
        ).all()
    return tuple(drawer.ChequeCount(ref, cents) for ref, cents in rows)


def _filesystem(path: Path) -> str:
    try:
        out = subprocess.run(
            ["df", "--output=fstype", str(path)], capture_output=True, text=True, check=True
        ).stdout.split()
        return out[-1]
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--transactions", type=int, default=2000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--dir", type=Path, default=None)
    args = p.parse_args()
    base = Path(tempfile.mkdtemp(prefix="counterapp-bench-", dir=args.dir))
    try:
        print(
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} CPUs; database in {base} ({_filesystem(base)})"
        )
        template = base / "template.sqlite3"
        t = time.perf_counter()
        build(template, args.transactions)
        print(f"set-up: {args.transactions} transactions in {time.perf_counter() - t:.1f} s")
        runs: list[dict[str, float]] = []
        for i in range(args.runs):
            copy = base / f"run{i}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{template}{suffix}").exists():
                    shutil.copyfile(f"{template}{suffix}", f"{copy}{suffix}")
            runs.append(close_once(copy))
        print(f"\nclose of a shift with {args.transactions} transactions, {args.runs} runs (s):")
        for step in runs[0]:
            values = [r[step] for r in runs]
            print(f"  {step:32s} median {statistics.median(values):.3f}  worst {max(values):.3f}")
        worst = max(r["whole close"] for r in runs)
        print(
            f"\ntarget whole close <= {TARGET_S:.1f} s: worst {worst:.3f} s: "
            f"{'met' if worst <= TARGET_S else 'NOT met'}"
        )
        return 0
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
