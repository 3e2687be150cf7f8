"""Bench: head office's finance views on a big day and a big month.

Run on purpose, not by pytest:

    .venv/bin/python bench/hq_finance.py [--stations 30] [--sales 2000]
        [--month-sales 200] [--runs 20] [--pg ADMIN_URL] [--sqlite-only] [--no-month]

Fills a server database (SQLite file, then a scratch PostgreSQL database)
with ``--stations`` stations × ``--sales`` sales on one day (two lines and
one or two tenders each, a void in fifty, two drawer shifts per station with
counts and sign-offs), then times, through the real app in-process
(``TestClient``, a finance user's API token):

- the finance day page (``/hq/finance/day``) for that day: ``--runs`` times,
  p50 and p95 (target: p95 <= 500 ms);
- the GL CSV (``/hq/finance/gl.csv``) for a month of ``--month-sales`` sales
  per station per day (target: <= 5 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Table  # noqa: E402

from bench.sync_support import admin_url, scratch_database  # noqa: E402
from counterapp.ids import uuid7  # noqa: E402
from counterapp.server.app import create_app  # noqa: E402
from counterapp.server.bulk import insert_rows  # noqa: E402
from counterapp.server.db import ReceivedRecord, Sale, SaleLine, Tender  # noqa: E402
from counterapp.server.hq.auth import Principal, add_user, new_token  # noqa: E402
from counterapp.server.hq.totals import add_sales  # noqa: E402

DAY = date(2026, 11, 30)
SERVICES = [  # code, description, gl, department, fee, tax basis points
    ("PMT-PARK", "Residential parking permit", "4520-300", "By-law Services", 6000, 1300),
    ("CER-TAX", "Tax certificate", "4110-200", "Finance – Taxation", 5000, 0),
    ("LIC-DOG", "Dog licence", "4240-100", "Clerk's Office", 1500, 0),
    ("RNT-ROOM", "Meeting room rental", "4620-100", "Community Services", 3500, 1300),
    ("COM-AFF", "Commissioning – affidavit", "4210-100", "Clerk's Office", 2000, 0),
]


def _sales(
    station: str, site: str, day: date, n: int, rng: random.Random
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {
        "sale": [],
        "sale_line": [],
        "tender": [],
        "received_record": [],
    }
    start = datetime(day.year, day.month, day.day, 13, 30, tzinfo=UTC)
    shifts = [uuid7(), uuid7()]
    for shift_id, drawer in zip(shifts, ("1", "2"), strict=True):
        out["received_record"].append(
            _record(
                station,
                "shift",
                {
                    "id": shift_id,
                    "station_code": station,
                    "site_code": site,
                    "drawer_code": drawer,
                    "staff_id": "s1",
                    "opened_at": start.isoformat(),
                    "float_cents": 10000,
                    "float_count": {},
                },
            )  # fmt: skip
        )
    seq0 = int(day.strftime("%j")) * 10_000
    for i in range(n):
        sale_id = uuid7()
        at = start + timedelta(seconds=i * 8 * 3600 // max(n, 1))
        lines = rng.sample(SERVICES, 2)
        void = i % 50 == 49
        sign = -1 if void else 1
        subtotal = tax = 0
        for no, (code, desc, gl, dept, fee, bp) in enumerate(lines, 1):
            t = (fee * bp + 5000) // 10000
            subtotal += fee
            tax += t
            out["sale_line"].append(
                {
                    "id": uuid7(),
                    "sale_id": sale_id,
                    "line_no": no,
                    "service_code": code,
                    "description": desc,
                    "quantity": 1,
                    "unit_fee_cents": fee,
                    "tax_code": "HST" if bp else "EX",
                    "tax_cents": sign * t,
                    "amount_cents": sign * fee,
                    "gl_account": gl,
                    "department": dept,
                    "detail": {},
                }  # fmt: skip
            )
        total = subtotal + tax
        kinds = ["cash"] if i % 3 else ["debit", "cash"]
        parts = [total] if len(kinds) == 1 else [total // 2, total - total // 2]
        for no, (kind, cents) in enumerate(zip(kinds, parts, strict=True), 1):
            out["tender"].append(
                {
                    "id": uuid7(),
                    "sale_id": sale_id,
                    "seq": no,
                    "kind": kind,
                    "tendered_cents": sign * cents,
                    "applied_cents": sign * cents,
                    "reference": "",
                }  # fmt: skip
            )
        out["sale"].append(
            {
                "id": sale_id,
                "receipt_no": f"{station}-{seq0 + i:06d}",
                "station_code": station,
                "site_code": site,
                "seq": seq0 + i,
                "staff_id": "s1",
                "completed_at": at,
                "subtotal_cents": sign * subtotal,
                "tax_cents": sign * tax,
                "total_cents": sign * total,
                "rounding_cents": 0,
                "change_cents": 0,
                "kind": "void" if void else "sale",
                "original_sale_id": sale_id if void else None,
                "reason": "Keyed twice" if void else "",
                "approved_by": "s2" if void else None,
                "shift_id": shifts[i % 2],
            }  # fmt: skip
        )
    end = start + timedelta(hours=9)
    for shift_id in shifts:
        out["received_record"].append(
            _record(
                station,
                "shift_count",
                {
                    "id": uuid7(),
                    "station_code": station,
                    "shift_id": shift_id,
                    "at": end.isoformat(),
                    "staff_id": "s1",
                    "cash_count": {},
                    "cheques": [],
                    "counted": {"cash": 10000},
                    "expected": {"cash": 10000},
                    "over_short_cents": 0,
                },
            )  # fmt: skip
        )
        out["received_record"].append(
            _record(
                station,
                "shift_close",
                {
                    "id": uuid7(),
                    "station_code": station,
                    "shift_id": shift_id,
                    "at": end.isoformat(),
                    "supervisor_id": "s2",
                    "over_short_cents": 0,
                    "reason": "",
                    "z_report": {},
                    "deposit": {"total_cents": 0},
                },
            )  # fmt: skip
        )
    return out


def _record(station: str, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"id": payload["id"], "station_code": station, "kind": kind, "seq": 0, "payload": payload,
            "received_at": datetime.now(UTC)}  # fmt: skip


def fill(app: Any, stations: int, days: list[date], per_day: int) -> int:
    writers = app.state.sessions[1]
    rng = random.Random(14)
    count = 0
    for d in days:
        for s in range(stations):
            site = f"S{s // 5:02d}"
            rows = _sales(f"{site}-{s % 5 + 1:02d}", site, d, per_day, rng)
            with writers() as session, session.begin():
                for model in (ReceivedRecord, Sale, SaleLine, Tender):
                    table: Table = model.__table__  # type: ignore[assignment]
                    insert_rows(session, table, rows[table.name])
                add_sales(session, rows["sale"], rows["sale_line"], rows["tender"])
            count += len(rows["sale"])
    return count


def token(app: Any) -> str:
    writers = app.state.sessions[1]
    uid = add_user(writers, "bench", "finance", "bench password 14")
    return new_token(writers, Principal(uid, "bench", "", "finance", True, "", "token"), "bench")


def measure(url: str, label: str, args: argparse.Namespace) -> None:
    app = create_app(url)
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token(app)}"}
    t0 = time.perf_counter()
    n = fill(app, args.stations, [DAY], args.sales)
    print(f"[{label}] loaded {n:,} sales for {DAY} in {time.perf_counter() - t0:.1f} s")
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        r = client.get(
            "/hq/finance/day", params={"from": str(DAY), "to": str(DAY)}, headers=headers
        )
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text[:300]
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"[{label}] finance day page, {args.stations} stations x {args.sales} sales: "
          f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms (target p95 <= 500 ms)")  # fmt: skip
    if args.no_month:
        app.state.engine.dispose()
        return
    first = DAY - timedelta(days=29)
    month = [first + timedelta(days=i) for i in range(29)]
    t0 = time.perf_counter()
    m = fill(app, args.stations, month, args.month_sales)
    print(f"[{label}] loaded {m:,} more sales over the month in {time.perf_counter() - t0:.1f} s")
    t = time.perf_counter()
    r = client.get(
        "/hq/finance/gl.csv", params={"from": str(first), "to": str(DAY)}, headers=headers
    )
    elapsed = time.perf_counter() - t
    assert r.status_code == 200, r.text[:300]
    print(f"[{label}] GL CSV for {first}..{DAY} ({n + m:,} sales, {r.text.count(chr(10)) - 1} rows): "
          f"{elapsed:.2f} s (target <= 5 s)")  # fmt: skip
    app.state.engine.dispose()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--stations", type=int, default=30)
    p.add_argument("--sales", type=int, default=2000)
    p.add_argument("--month-sales", type=int, default=200)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--pg", default=None, help="PostgreSQL admin URL (default 127.0.0.1:5432)")
    p.add_argument("--sqlite-only", action="store_true")
    p.add_argument("--no-month", action="store_true", help="the day page only")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        measure(f"sqlite:///{Path(d) / 'server.sqlite3'}", "SQLite", args)
    if not args.sqlite_only:
        with scratch_database(admin_url(args.pg), "counterapp_bench_hq") as pg:
            measure(pg, "PostgreSQL", args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
