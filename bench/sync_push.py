"""Bench: pushing a station's queued sales to head office on PostgreSQL.

Run on purpose, not by pytest:

    .venv/bin/python bench/sync_push.py [--sales 10000] [--batch 1000] [--pg ADMIN_URL]

Makes a station database with ``--sales`` random sales waiting in its outbox
(each sale also queues its audit entry), starts ``counterapp server`` in a
process of its own on a scratch PostgreSQL database, registers the station,
and times ``push_pending`` over HTTP until everything is acknowledged. Then it
copies the very same rows (received records, sales, lines, tenders, audit
entries) into an empty database of the same schema with a bare psycopg
``COPY`` in one transaction, and prints the ratio.

The target (the issue): >= 2,000 sales/s, and the ratio to COPY reported.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

import psycopg  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.sync_support import admin_url, pg_version, scratch_database, server_process  # noqa: E402
from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.models import Staff  # noqa: E402
from counterapp.db.uow import UnitOfWork  # noqa: E402
from counterapp.domain.tender import TenderInput  # noqa: E402
from counterapp.server.db import make_server_engine, session_factories  # noqa: E402
from counterapp.server.migrate import upgrade_server  # noqa: E402
from counterapp.server.stations import add_station  # noqa: E402
from counterapp.services.auth import Role, StaffIdentity  # noqa: E402
from counterapp.services.reference import load_demo  # noqa: E402
from counterapp.services.sales import CompleteSale, LineRequest, complete_sale  # noqa: E402
from counterapp.sync.client import pending_count, push_pending  # noqa: E402
from counterapp.sync.register import register_station  # noqa: E402
from tests.fault_support import random_sale  # noqa: E402

TARGET = ">= 2,000 sales/s"
TABLES = {
    "received_record": ("id", "station_code", "kind", "seq", "payload", "received_at"),
    "sale": (
        "id",
        "receipt_no",
        "station_code",
        "site_code",
        "seq",
        "staff_id",
        "completed_at",
        "subtotal_cents",
        "tax_cents",
        "total_cents",
        "rounding_cents",
        "change_cents",
        "kind",
        "original_sale_id",
        "reason",
        "approved_by",
        "shift_id",
    ),  # fmt: skip
    "sale_line": (
        "id",
        "sale_id",
        "line_no",
        "service_code",
        "description",
        "quantity",
        "unit_fee_cents",
        "tax_code",
        "tax_cents",
        "amount_cents",
        "gl_account",
        "department",
        "detail",
    ),  # fmt: skip
    "tender": (
        "id",
        "sale_id",
        "seq",
        "kind",
        "tendered_cents",
        "applied_cents",
        "reference",
    ),  # fmt: skip
    "audit_entry": (
        "id",
        "at",
        "station_code",
        "staff_id",
        "action",
        "entity",
        "entity_id",
        "detail",
    ),  # fmt: skip
}


def fill_station(folder: Path, sales: int) -> Any:
    _engine, sf = open_database(folder / "station.sqlite3")
    load_demo(UnitOfWork(sf))
    with sf() as s:
        alex = s.scalars(select(Staff).where(Staff.username == "alex")).one()
        staff = StaffIdentity(
            alex.id, alex.username, alex.display_name, Role(alex.role), alex.is_commissioner
        )
    rng = random.Random(1)
    for _ in range(sales):
        lines, tenders = random_sale(rng)
        complete_sale(
            UnitOfWork(sf),
            CompleteSale(
                staff,
                tuple(LineRequest(c, q) for c, q in lines),
                tuple(TenderInput(k, a) for k, a in tenders),
            ),
        )
    return sf


def _plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(False)


def copy_baseline(source_url: str, target_url: str) -> tuple[float, int]:
    """Seconds to COPY the rows the push stored into an empty database; rows."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with psycopg.connect(_plain(source_url)) as src:
        for table, cols in TABLES.items():
            rows[table] = src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
    engine = make_server_engine(target_url)
    upgrade_server(engine)
    engine.dispose()
    with psycopg.connect(_plain(target_url)) as dst:
        started = time.perf_counter()
        with dst.transaction(), dst.cursor() as cur:
            for table, cols in TABLES.items():
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(
                            [psycopg.types.json.Jsonb(v) if isinstance(v, dict) else v for v in row]
                        )
        elapsed = time.perf_counter() - started
    return elapsed, sum(len(r) for r in rows.values())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sales", type=int, default=10_000)
    p.add_argument("--batch", type=int, default=1000, help="entries per batch (max 1000)")
    p.add_argument("--pg", default=None, help="PostgreSQL admin URL")
    p.add_argument("--dir", type=Path, default=None, help="where the station file goes")
    args = p.parse_args()
    admin = admin_url(args.pg)

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"Python {platform.python_version()}, {platform.machine()}")
        t = time.perf_counter()
        sf = fill_station(folder, args.sales)
        waiting = pending_count(sf)
        print(f"station: {args.sales} sales made in {time.perf_counter() - t:.1f} s; "
              f"{waiting} outbox entries waiting (sales and their audit entries)")  # fmt: skip
        with (
            scratch_database(admin, "bench_push") as url,
            scratch_database(admin, "bench_copy") as copy_url,
        ):
            print(f"PostgreSQL {pg_version(url)}")
            engine = make_server_engine(url)
            upgrade_server(engine)
            code = add_station(session_factories(engine)[1], "WHB-01", "WHB")
            engine.dispose()
            with server_process(url) as base:
                register_station(sf, folder, base, "WHB-01", code)
                started = time.perf_counter()
                result = push_pending(sf, base, batch_size=args.batch, timeout_s=120)
                elapsed = time.perf_counter() - started
            if result.error or result.remaining:
                print(f"push failed: {result.error} ({result.remaining} waiting)")
                return 1
            copy_s, copy_rows = copy_baseline(url, copy_url)

    rate = args.sales / elapsed
    print()
    print(f"push: {args.sales} sales ({result.stored} records) in {elapsed:.2f} s "
          f"= {rate:,.0f} sales/s, {result.stored / elapsed:,.0f} records/s "
          f"(batches of {args.batch})")  # fmt: skip
    print(f"bare psycopg COPY of the same {copy_rows} rows: {copy_s:.2f} s "
          f"= {args.sales / copy_s:,.0f} sales/s")  # fmt: skip
    print(f"push takes {elapsed / copy_s:.1f}x the time of a bare COPY")
    print()
    print(f"target {TARGET}: {'met' if rate >= 2000 else 'NOT met'} ({rate:,.0f} sales/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
