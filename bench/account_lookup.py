"""Bench: account look-up as the associate types, over the whole demo set.

Run on purpose, not by pytest:

    .venv/bin/python bench/account_lookup.py [--rounds 5] [--dir /path/on/the/real/disk]

Creates a station database with the demo catalogue and the full demo accounts
(100,000 tax rolls, 50,000 tickets, 10,000 utility accounts), then times
``counterapp.services.accounts.find_accounts`` — the call the payment dialog
makes on each pause in typing — for what an associate types:

- number prefixes: every prefix of real roll and ticket numbers, 4 digits and
  longer, as a scanner or a person types them;
- names and addresses: surnames, first names with accents typed without,
  street names, "name + street", and words that match nothing (the worst case:
  the whole table is read).

Targets (the issue): p99 <= 10 ms for a number prefix, <= 50 ms for a name or
address search.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import sqlalchemy  # noqa: E402

from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.demo.accounts import generate_accounts, load_demo_accounts  # noqa: E402
from counterapp.services.accounts import find_accounts  # noqa: E402
from counterapp.services.reference import load_demo  # noqa: E402

NAME_QUERIES = (
    "tremblay", "cote", "nguyen", "helene", "francois roy", "smith brock", "patel", "wong",
    "rossland", "12 brock", "garden st", "macdonald", "o'brien", "muller", "王秀英", "zz",
    "xqzv", "no such person", "anderson st", "lukasz nowak", "sofia garcia", "kim park",
)  # fmt: skip


def percentile(ordered: list[float], pct: float) -> float:
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def summary(name: str, durations: list[float], target: float) -> bool:
    ordered = sorted(durations)
    p99 = percentile(ordered, 99)
    met = p99 <= target
    print(
        f"  {name}: {len(durations)} look-ups, ms p50 {percentile(ordered, 50):.2f}  "
        f"p95 {percentile(ordered, 95):.2f}  p99 {p99:.2f}  max {ordered[-1]:.2f}"
        f"  (target p99 <= {target:.0f} ms: {'met' if met else 'NOT met'})"
    )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run (5)")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the database")
    args = parser.parse_args(argv)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="counterapp-bench-", dir=args.dir) as tmp:
        path = Path(tmp) / "station.sqlite3"
        print("counterapp bench: account look-up as you type")
        print(
            f"  python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"SQLAlchemy {sqlalchemy.__version__}, {os.cpu_count()} CPUs"
        )
        engine, sf = open_database(path)
        load_demo(UnitOfWork(sf))
        started = time.perf_counter()
        count = load_demo_accounts(UnitOfWork(sf))
        took = time.perf_counter() - started
        print(f"  {count:,} demo accounts generated and loaded in {took:.1f} s")

        rng = random.Random(7)
        sample = [r for r in generate_accounts() if r["kind"] in ("tax_roll", "ticket")]
        numbers = [r["number"] for r in rng.sample(sample, 60)]
        prefixes = [n[:k] for n in numbers for k in range(4, len(n) + 1)]

        def timed(queries: list[str]) -> list[float]:
            out = []
            for _ in range(args.rounds):
                for q in queries:
                    start = time.perf_counter_ns()
                    find_accounts(UnitOfWork(sf, readonly=True), q)
                    out.append((time.perf_counter_ns() - start) / 1e6)
            return out

        timed(prefixes[:20])  # warm the page cache, as a running station has it
        ok = summary("number prefix", timed(prefixes), 10.0)
        ok &= summary("name / address", timed(list(NAME_QUERIES)), 50.0)
        engine.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
