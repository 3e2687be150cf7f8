"""Bench: how long completing a sale takes, and how many disk syncs it costs.

Run on purpose, not by pytest:

    .venv/bin/python bench/sale_commit.py [--sales 1000] [--dir /path/on/the/real/disk]

Creates a station database file in a temporary directory (or under ``--dir``),
loads the demo catalogue and accounts, signs in, and completes ``--sales``
visits (five lines, two tenders; ``--visit two`` for the foundation's two-line
cash visit) through ``complete_sale``, timing each service call. Then, when
``strace`` is installed, it re-runs the sales in a child process under
``strace -f -c -e trace=fsync,fdatasync`` (once with no sales, once with all of
them, so start-up syncs cancel out) and reports the syncs per sale.

The target (the issue): p99 <= 25 ms per sale, 1 durable commit per sale.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import sqlalchemy  # noqa: E402

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.demo.accounts import KNOWN, load_demo_accounts  # noqa: E402
from counterapp.domain.cash_count import count_from_cents  # noqa: E402
from counterapp.domain.tender import TenderInput, TenderKind  # noqa: E402
from counterapp.services import drawer  # noqa: E402
from counterapp.services.auth import login  # noqa: E402
from counterapp.services.reference import DEMO_CATALOGUE, load_demo  # noqa: E402
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale  # noqa: E402

TARGET = "target p99 <= 25 ms, 1 durable commit per sale"
TARGET_P99_MS = 25.0
SYNC_CALLS = ("fsync", "fdatasync")

AFFIDAVIT_CHECKLIST = (
    "Document type is one the Town commissions",
    "Deponent is present in person",
    "Government photo ID seen",
    "Document is not yet signed",
)
# The commissioner's log entry the affidavit takes down (issue 3).
DEPONENT = {"deponent_name": "Sam Rivera", "id_type": "Passport", "id_last_digits": "1234"}
AFFIDAVIT = LineRequest(
    "COM-AFF", 1, checklist_ticked=AFFIDAVIT_CHECKLIST, detail={"answers": DEPONENT}
)
# A realistic visit: an affidavit commissioned ($20.00, no HST) and an annual
# parking permit ($60.00 + 13 % HST) = $87.80, paid with a $100 note.
VISIT = (
    AFFIDAVIT,
    LineRequest("PMT-PARK", 1),
)
PAYMENT = (TenderInput(TenderKind.CASH, 10_000),)
# The issue's visit: five lines (an affidavit with its log entry, $250.00 on a
# tax roll, a tax certificate, a parking permit, an hour of meeting room =
# $427.35 with HST) paid with two tenders ($250.00 on debit, a $200 note).
FIVE_LINE_VISIT = (
    AFFIDAVIT,
    LineRequest("PAY-TAX", account_number=KNOWN[1].number, amount_cents=25_000),
    LineRequest("CER-TAX", 1),
    LineRequest("PMT-PARK", 1),
    LineRequest("RNT-ROOM", 1),
)
FIVE_LINE_PAYMENT = (
    TenderInput(TenderKind.DEBIT, 25_000, reference="084412"),
    TenderInput(TenderKind.CASH, 20_000),
)
VISITS = {
    "two": (VISIT, PAYMENT, "COM-AFF + PMT-PARK = $87.80, cash $100.00"),
    "five": (
        FIVE_LINE_VISIT,
        FIVE_LINE_PAYMENT,
        "COM-AFF + PAY-TAX + CER-TAX + PMT-PARK + RNT-ROOM = $427.35, debit $250 + cash $200",
    ),
}


def build_station(path: Path) -> None:
    """A migrated station file with the demo catalogue (argon2 hashing happens here, once)."""
    engine, sf = open_database(path)
    load_demo(UnitOfWork(sf))
    load_demo_accounts(UnitOfWork(sf))  # the whole demo set: 160,000 accounts
    engine.dispose()  # the last connection out checkpoints the WAL into the file


def copy_station(template: Path, path: Path) -> None:
    for suffix in ("", "-wal"):
        src = Path(f"{template}{suffix}")
        if src.exists():
            shutil.copyfile(src, f"{path}{suffix}")


def run_sales(path: Path, count: int, visit: str = "five") -> list[float]:
    """Sign in and complete ``count`` sales; the duration of each service call in ms."""
    lines, tenders, _ = VISITS[visit]
    engine, sf = open_database(path)
    try:
        who = login(UnitOfWork(sf), "alex", "counter")
        # No money is taken outside a drawer (issue 10): alex counts a $300 float
        # first, as at the counter (not timed).
        drawer.open_shift(UnitOfWork(sf), drawer.OpenShift(who, count_from_cents(30_000)))
        durations: list[float] = []
        for _ in range(count):
            start = time.perf_counter_ns()
            complete_sale(UnitOfWork(sf), CompleteSale(who, lines, tenders))
            durations.append((time.perf_counter_ns() - start) / 1e6)
        return durations
    finally:
        engine.dispose()


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def filesystem_of(path: Path) -> str:
    """The mount's file system type (ext4, tmpfs …): fsync on tmpfs costs nothing."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    target = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, kind = mount_point, fields[2]
    return kind


def parse_strace_summary(text: str) -> dict[str, int]:
    """Calls per syscall from ``strace -c`` output (the ``calls`` column is the 4th)."""
    calls = {name: 0 for name in SYNC_CALLS}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 5 and fields[-1] in calls and fields[3].isdigit():
            calls[fields[-1]] = int(fields[3])
    return calls


def count_syncs(
    strace: str, template: Path, workdir: Path, sales: int, visit: str
) -> dict[str, int]:
    """Run ``sales`` sales in a child under strace; syncs per syscall name."""
    db = workdir / f"strace-{sales}.sqlite3"
    copy_station(template, db)
    summary = workdir / f"strace-{sales}.txt"
    cmd = [
        strace,
        "-f",
        "-c",
        "-e",
        "trace=fsync,fdatasync",
        "-o",
        str(summary),
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(db),
        "--sales",
        str(sales),
        "--visit",
        visit,
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return parse_strace_summary(summary.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=1000, help="sales to complete (1000)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to put the database (default: a temporary directory)",
    )
    parser.add_argument("--no-strace", action="store_true", help="skip counting syncs")
    parser.add_argument(
        "--visit", choices=sorted(VISITS), default="five", help="which visit to complete (five)"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:  # the measured part, re-run under strace
        run_sales(args.child, args.sales, args.visit)
        return 0

    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="counterapp-bench-", dir=args.dir) as tmp:
        workdir = Path(tmp)
        print("counterapp bench: sale commit")
        print(
            f"  python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"SQLAlchemy {sqlalchemy.__version__}, {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} CPUs"
        )
        print(f"  database in {workdir} ({filesystem_of(workdir)}), WAL, synchronous=FULL")
        print(f"  visit: {VISITS[args.visit][2]} ({DEMO_CATALOGUE.name})")

        template = workdir / "template.sqlite3"
        build_station(template)
        db = workdir / "station.sqlite3"
        copy_station(template, db)

        started = time.perf_counter()
        durations = run_sales(db, args.sales, args.visit)
        elapsed = time.perf_counter() - started
        ordered = sorted(durations)
        p99 = percentile(ordered, 99)
        print(
            f"\n{args.sales} sales through complete_sale in {elapsed:.2f} s "
            f"({args.sales / elapsed:.0f} sales/s)"
        )
        print(
            f"  service call ms: p50 {percentile(ordered, 50):.2f}  "
            f"p95 {percentile(ordered, 95):.2f}  p99 {p99:.2f}  max {ordered[-1]:.2f}  "
            f"(first {durations[0]:.2f}, mean {sum(durations) / len(durations):.2f})"
        )

        per_sale: float | None = None
        strace = shutil.which("strace")
        if args.no_strace:
            print("\nsyncs per sale: not counted (--no-strace)")
        elif strace is None:
            print(
                "\nsyncs per sale: not counted, strace is not installed "
                "(install it with: apt-get install strace)"
            )
        else:
            baseline = count_syncs(strace, template, workdir, 0, args.visit)
            loaded = count_syncs(strace, template, workdir, args.sales, args.visit)
            extra = {name: loaded[name] - baseline[name] for name in SYNC_CALLS}
            per_sale = sum(extra.values()) / args.sales
            detail = ", ".join(f"{name} {extra[name]}" for name in SYNC_CALLS)
            print(
                f"\nsyncs per sale (strace, minus start-up): {per_sale:.3f} "
                f"({detail} over {args.sales} sales; WAL checkpoints included)"
            )

        print(f"\n{TARGET}")
        verdict = "met" if p99 <= TARGET_P99_MS else "NOT met"
        print(f"  p99 {p99:.2f} ms: {verdict}")
        if per_sale is not None:
            # One WAL sync per commit, plus a share of the occasional checkpoint.
            verdict = "met" if 1.0 <= per_sale < 1.5 else "NOT met"
            print(f"  {per_sale:.3f} syncs per sale: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
