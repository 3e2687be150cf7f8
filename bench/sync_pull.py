"""Bench: a new station's initial load of head office's accounts.

Run on purpose, not by pytest:

    .venv/bin/python bench/sync_pull.py [--accounts 250000] [--page 5000] [--pg ADMIN_URL]

Publishes ``--accounts`` accounts (tax rolls, utility accounts, tickets) on a
scratch PostgreSQL database, starts ``counterapp server`` in a process of its
own, registers a brand-new station and times its initial ``pull_changes``
(every page fetched over HTTP and applied to the station's SQLite file with
``synchronous=FULL``), then counts what arrived.

The target (the issue): initial pull of 250,000 accounts <= 30 s.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from sqlalchemy import func, select  # noqa: E402

from bench.sync_support import admin_url, pg_version, scratch_database, server_process  # noqa: E402
from counterapp.db.engine import open_database  # noqa: E402
from counterapp.db.models import Account  # noqa: E402
from counterapp.server.db import make_server_engine, session_factories  # noqa: E402
from counterapp.server.migrate import upgrade_server  # noqa: E402
from counterapp.server.reference import Publish, publish  # noqa: E402
from counterapp.server.stations import add_station  # noqa: E402
from counterapp.sync.pull import pull_changes  # noqa: E402
from counterapp.sync.register import register_station  # noqa: E402

TARGET_S = 30.0
KINDS = ("tax_roll", "utility", "ticket", "invoice")


def accounts(n: int) -> list[Publish]:
    return [
        Publish(
            "account",
            {
                "id": f"0190a000-0000-7000-8000-{i:012d}",
                "kind": KINDS[i % 4],
                "number": f"{1809000000 + i}",
                "holder_name": f"Holder {i}",
                "address": f"{i % 900 + 1} Dundas St W",
                "balance_cents": (i * 7919) % 500_000,
                "as_of": "2026-03-13T06:00:00+00:00",
            },
        )
        for i in range(n)
    ]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--accounts", type=int, default=250_000)
    p.add_argument("--page", type=int, default=5000, help="changes per page (max 20,000)")
    p.add_argument("--pg", default=None, help="PostgreSQL admin URL")
    p.add_argument("--dir", type=Path, default=None, help="where the station file goes")
    args = p.parse_args()

    with (
        tempfile.TemporaryDirectory(dir=args.dir) as tmp,
        scratch_database(admin_url(args.pg), "bench_pull") as url,
    ):
        folder = Path(tmp)
        print(f"Python {platform.python_version()}, PostgreSQL {pg_version(url)}")
        engine = make_server_engine(url)
        upgrade_server(engine)
        writers = session_factories(engine)[1]
        t = time.perf_counter()
        published = publish(writers, accounts(args.accounts))
        print(f"head office: published {published.published} accounts in "
              f"{time.perf_counter() - t:.1f} s")  # fmt: skip
        code = add_station(writers, "WHB-02", "WHB")
        engine.dispose()
        station_engine, sf = open_database(folder / "station.sqlite3")
        with server_process(url) as base:
            register_station(sf, folder, base, "WHB-02", code)
            started = time.perf_counter()
            result = pull_changes(sf, base, page_size=args.page, timeout_s=120)
            elapsed = time.perf_counter() - started
        with sf() as s:
            arrived = s.scalar(select(func.count()).select_from(Account))
        station_engine.dispose()

    if result.error:
        print(f"pull failed: {result.error}")
        return 1
    print()
    print(f"initial pull: {arrived:,} accounts in {elapsed:.1f} s over {result.pages} pages "
          f"= {arrived / elapsed:,.0f} accounts/s")  # fmt: skip
    verdict = "met" if elapsed <= TARGET_S and arrived == args.accounts else "NOT met"
    print(f"target initial pull of {args.accounts:,} accounts <= {TARGET_S:g} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
