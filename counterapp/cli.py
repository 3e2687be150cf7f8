"""The ``counterapp`` command: station window (default), server, db, devices, demo.

This is the composition root: the station and demo commands import the Qt
window lazily, so ``counterapp server`` and the rest never load Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from counterapp.config import StationConfig, default_data_dir

if TYPE_CHECKING:
    from counterapp.db.uow import UnitOfWork
    from counterapp.domain.gl import GlAccounts


def _station(args: argparse.Namespace) -> int:
    from ui.app import run_station

    return run_station(StationConfig.load(args.data_dir))


def _server(args: argparse.Namespace) -> int:
    from counterapp.server.app import run

    run(host=args.host, port=args.port, database_url=args.database_url)
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from counterapp.db.engine import open_database

    config = StationConfig.load(args.data_dir)
    open_database(config.database_path)
    print(f"Database is up to date: {config.database_path}")
    return 0


def _db_load(args: argparse.Namespace) -> int:
    import json

    from counterapp.db.engine import open_database
    from counterapp.db.uow import UnitOfWork
    from counterapp.services.reference import load_reference

    config = StationConfig.load(args.data_dir)
    _engine, sf = open_database(config.database_path)
    load_reference(UnitOfWork(sf), json.loads(Path(args.file).read_text(encoding="utf-8")))
    print(f"Reference data loaded from {args.file}")
    return 0


def _devices_simulate(args: argparse.Namespace) -> int:
    from devices.simulator import main as simulate

    return simulate(args.rest) or 0


# --- drawer / end of day (issue 7) ------------------------------------------------


def _drawer_uow(args: argparse.Namespace) -> Callable[[], UnitOfWork]:
    from counterapp.db.engine import open_database
    from counterapp.db.uow import UnitOfWork

    _engine, sf = open_database(StationConfig.load(args.data_dir).database_path)
    return lambda: UnitOfWork(sf)


def _day(text: str | None) -> date:
    return date.fromisoformat(text) if text else date.today()


def _gl_accounts(args: argparse.Namespace) -> GlAccounts:
    from counterapp.domain.gl import GlAccounts

    return GlAccounts.with_overrides(StationConfig.load(args.data_dir).drawer.gl_accounts)


def _drawer_gl(args: argparse.Namespace) -> int:
    from counterapp.services.drawer import gl_export

    export = gl_export(_drawer_uow(args)(), _day(args.date), accounts=_gl_accounts(args))
    if args.out:
        Path(args.out).write_text(export.csv, encoding="utf-8", newline="")
        print(f"GL distribution for {export.day}: {len(export.rows)} rows, written to {args.out}")
    else:
        sys.stdout.write(export.csv)
    return 0


def _drawer_eod(args: argparse.Namespace) -> int:
    from counterapp.services.drawer import day_summary, gl_export
    from printing.drawer_reports import day_summary_pdf, write_file

    uow, day, out = _drawer_uow(args), _day(args.date), Path(args.out)
    accounts = _gl_accounts(args)
    summary = day_summary(uow(), day, accounts=accounts)
    stem = f"{summary['station_code']}-{day.isoformat()}"
    write_file(out / f"end-of-day-{stem}.pdf", day_summary_pdf(summary))
    write_file(out / f"GL-{stem}.csv", gl_export(uow(), day, accounts=accounts).csv)
    print(f"End of day {day}: {len(summary['shifts'])} shifts, {summary['open_shifts']} open;")
    print(f"  {out / f'end-of-day-{stem}.pdf'}\n  {out / f'GL-{stem}.csv'}")
    return 0


def _drawer_reprint(args: argparse.Namespace) -> int:
    from counterapp.domain.money import format_cents
    from counterapp.services.drawer import closed_shifts, stored_documents
    from printing.drawer_reports import save_shift_documents

    uow = _drawer_uow(args)
    if not args.shift_id:
        for shift in closed_shifts(uow()):
            print(
                f"{shift.shift_id}  closed {shift.closed_at}  drawer {shift.drawer_code}  "
                f"{shift.associate}  over/short {format_cents(shift.over_short_cents)}"
            )
        return 0
    z, deposit = stored_documents(uow(), args.shift_id)
    for path in save_shift_documents(Path(args.out), z, deposit):
        print(path)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ui.demo import run_demo

    return run_demo(data_dir=args.data_dir, port=args.port, with_server=not args.no_server)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="counterapp", description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", type=Path, default=None, help="station data folder")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command")

    st = sub.add_parser("station", help="the counter window (default)")
    st.set_defaults(func=_station)

    sv = sub.add_parser("server", help="head-office / site server (FastAPI)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8765)
    sv.add_argument("--database-url", default=None, help="postgresql+psycopg://… (default: SQLite)")
    sv.set_defaults(func=_server)

    db = sub.add_parser("db", help="the station database")
    dbsub = db.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("upgrade", help="apply migrations").set_defaults(func=_db_upgrade)
    load = dbsub.add_parser("load", help="load reference data from a JSON file")
    load.add_argument("file")
    load.set_defaults(func=_db_load)

    dev = sub.add_parser("devices", help="counter devices")
    devsub = dev.add_subparsers(dest="devices_command", required=True)
    sim = devsub.add_parser(
        "simulate", help="a receipt printer or pole display simulator (pseudo-terminal or TCP)"
    )
    sim.add_argument("rest", nargs=argparse.REMAINDER)
    sim.set_defaults(func=_devices_simulate)
    from counterapp.devices_cli import add_parsers as add_device_parsers

    add_device_parsers(devsub)  # list, test, jobs, retry (issue 4)

    dr = sub.add_parser("drawer", help="end of shift and end of day: GL export, summary, reprints")
    drsub = dr.add_subparsers(dest="drawer_command", required=True)
    gl = drsub.add_parser("gl", help="the day's GL distribution as CSV (finance import)")
    gl.add_argument("--date", help="YYYY-MM-DD (default today)")
    gl.add_argument("--out", help="file to write (default: standard output)")
    gl.set_defaults(func=_drawer_gl)
    eod = drsub.add_parser("eod", help="end-of-day summary PDF and GL CSV into a folder")
    eod.add_argument("--date", help="YYYY-MM-DD (default today)")
    eod.add_argument("--out", default=".", help="folder (default: current)")
    eod.set_defaults(func=_drawer_eod)
    rp = drsub.add_parser("reprint", help="a closed shift's Z report and deposit slip (COPY)")
    rp.add_argument("shift_id", nargs="?", help="omit to list the closed shifts")
    rp.add_argument("--out", default=".", help="folder (default: current)")
    rp.set_defaults(func=_drawer_reprint)

    demo = sub.add_parser("demo", help="station + local server + simulated printer, demo data")
    demo.add_argument("--port", type=int, default=8765)
    demo.add_argument("--no-server", action="store_true")
    demo.set_defaults(func=_demo)

    from counterapp.queue.cli import add_commands as add_queue_commands  # issue 5

    add_queue_commands(sub)
    return p


def _split_simulate(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """``devices simulate --tcp 9100``: argparse's REMAINDER does not take arguments that
    start with "--", so everything after ``simulate`` is handed to the simulator as it is."""
    for i in range(len(argv) - 1):
        if argv[i] == "devices" and argv[i + 1] == "simulate":
            return argv[: i + 2], argv[i + 2 :]
    return argv, None


def main(argv: list[str] | None = None) -> int:
    argv, simulate_args = _split_simulate(list(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(argv)
    if simulate_args is not None:
        args.rest = simulate_args
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        for noisy in ("alembic", "httpx"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.command is None:
        args.func = _station
    if args.command == "demo" and args.data_dir is None:
        args.data_dir = Path.cwd() / "demo-data"
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
