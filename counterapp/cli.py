"""The ``counterapp`` command: station window (default), server, db, devices, demo.

This is the composition root: the station and demo commands import the Qt
window lazily, so ``counterapp server`` and the rest never load Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from counterapp.config import StationConfig, default_data_dir, default_log_dir
from counterapp.logs import LOG_NAME, setup_logging

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counterapp.bootstrap import StationContext
    from counterapp.db.uow import UnitOfWork
    from counterapp.domain.gl import GlAccounts


def _station(args: argparse.Namespace) -> int:
    from ui.app import run_station

    return run_station(StationConfig.load(args.data_dir))


def _setup(args: argparse.Namespace) -> int:
    from counterapp.setup import SetupFailed, SetupRequest, run_setup

    req = SetupRequest(
        data_dir=args.data_dir,
        language=args.language,
        standalone=args.standalone,
        server_url=args.server or "",
        station_code=args.station or "",
        one_time_code=args.code or "",
        reference_file=Path(args.reference) if args.reference else None,
        receipt_printer=args.receipt_printer or "",
    )

    def progress(text: str, done: int, total: int) -> None:
        print(f"{text} {done}/{total}" if total else text, flush=True)

    try:
        result = run_setup(req, progress)
    except SetupFailed as exc:
        print(f"Set-up did not finish: {exc}", file=sys.stderr)
        return 2 if exc.reason == "input" else 1
    where = f"head office {result.server_url}" if result.server_url else "standalone"
    print(
        f"Station {result.station_code} is set up ({where}); {result.reference_items} items "
        f"of reference data loaded. Settings: {args.data_dir / 'station.json'}"
    )
    return 0


def _server(args: argparse.Namespace) -> int:
    from counterapp.server.app import run

    run(
        host=args.host,
        port=args.port,
        database_url=args.database_url,
        certfile=args.certfile,
        keyfile=args.keyfile,
        stop_with_stdin=args.stop_with_stdin,
    )
    return 0


def _wired(args: argparse.Namespace) -> StationContext:
    """The station, wired as the window wires it (``counterapp.bootstrap``)."""
    from counterapp.bootstrap import bootstrap

    return bootstrap(StationConfig.load(args.data_dir))


def _db_upgrade(args: argparse.Namespace) -> int:
    station = _wired(args)
    print(f"Database is up to date: {station.config.database_path}")
    return 0


def _db_load(args: argparse.Namespace) -> int:
    import json

    from counterapp.services.reference import load_reference

    load_reference(_wired(args).uow(), json.loads(Path(args.file).read_text(encoding="utf-8")))
    print(f"Reference data loaded from {args.file}")
    return 0


def _devices_simulate(args: argparse.Namespace) -> int:
    from devices.simulator import main as simulate

    return simulate(args.rest) or 0


# --- drawer / end of day (issue 7) ------------------------------------------------


def _drawer_uow(args: argparse.Namespace) -> Callable[[], UnitOfWork]:
    return _wired(args).uow


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
    write_file(out / f"end-of-day-{stem}.pdf", day_summary_pdf(summary, args.language))
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
    for path in save_shift_documents(Path(args.out), z, deposit, args.language):
        print(path)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ui.demo import run_demo

    return run_demo(
        data_dir=args.data_dir,
        port=args.port,
        with_server=not args.no_server,
        ticket_status=args.ticket_status,
    )


# --- sync (issue 6): the station's replication, and head office's stations ----


def _station_db(args: argparse.Namespace) -> tuple[StationConfig, Callable[[], Session]]:
    station = _wired(args)
    return station.config, station.session_factory


def _need_server(config: StationConfig) -> str:
    if not config.server_url:
        raise SystemExit(
            "No server is set for this station: run 'counterapp sync register --server URL …' "
            f"or set server_url in {config.data_dir / 'station.json'}"
        )
    return config.server_url


def _sync_status(args: argparse.Namespace) -> int:
    from counterapp.sync.client import sync_summary

    config, sf = _station_db(args)
    s = sync_summary(sf)

    def when(at: object) -> str:
        return "never" if at is None else f"{at:%Y-%m-%d %H:%M:%S} UTC"

    print(f"Head office: {s.headline}")
    print(f"  server:                {config.server_url or '(none: standalone)'}")
    print(f"  waiting to be sent:    {s.pending}")
    print(f"  sent, kept locally:    {s.acked} (pruned after {config.keep_acked_days:g} days)")
    print(f"  last acknowledged:     {when(s.last_acked_at)}")
    print(f"  last contact:          {when(s.last_contact_at)}")
    print(f"  reference data:        version {s.reference_version}, pulled {when(s.last_pull_at)}")
    if s.last_error:
        print(f"  last error:            {s.last_error}")
    return 0 if s.last_error is None else 1


def _sync_push(args: argparse.Namespace) -> int:
    from counterapp.sync.client import prune_acked, push_pending

    config, sf = _station_db(args)
    result = push_pending(sf, _need_server(config), batch_size=args.batch_size)
    print(
        f"Sent {result.sent}: {result.stored} stored, {result.duplicates} already there; "
        f"{result.remaining} waiting."
    )
    if result.error:
        print(f"Stopped: {result.error}", file=sys.stderr)
        return 1
    pruned = prune_acked(sf, config.keep_acked_days)
    if pruned:
        days = config.keep_acked_days
        print(f"Pruned {pruned} entries acknowledged more than {days:g} days ago.")
    from counterapp.services.retention import redact_station

    redacted = redact_station(sf, by="sync")
    if redacted.total or redacted.rows:
        print(f"Redacted the personal data of {redacted.total + redacted.rows} records.")
    return 0


def _sync_pull(args: argparse.Namespace) -> int:
    from counterapp.sync.pull import pull_changes

    config, sf = _station_db(args)
    result = pull_changes(sf, _need_server(config))
    print(f"Applied {result.applied} changes; reference data is at version {result.version}.")
    if result.error:
        print(f"Stopped: {result.error}", file=sys.stderr)
        return 1
    return 0


def _sync_register(args: argparse.Namespace) -> int:
    from counterapp.sync.pull import pull_changes
    from counterapp.sync.register import RegistrationFailed, register_station

    config, sf = _station_db(args)
    try:
        register_station(sf, config.data_dir, args.server, args.station, args.code)
    except RegistrationFailed as exc:
        print(f"Not registered: {exc}", file=sys.stderr)
        return 1
    config.server_url = args.server
    config.save()
    print(f"Registered as station {args.station} with {args.server}; loading reference data…")
    result = pull_changes(sf, args.server)
    if result.error:
        print(f"Reference data not loaded yet: {result.error}", file=sys.stderr)
        return 1
    print(f"Loaded {result.applied} items of reference data (version {result.version}).")
    return 0


def _server_sessions(args: argparse.Namespace) -> Callable[[], Session]:
    from counterapp.server.app import resolve_database_url
    from counterapp.server.db import make_server_engine, session_factories
    from counterapp.server.migrate import upgrade_server

    engine = make_server_engine(resolve_database_url(args.database_url))
    upgrade_server(engine)
    return session_factories(engine)[1]


def _station_add(args: argparse.Namespace) -> int:
    from counterapp.server.stations import CODE_VALID_FOR, add_station

    code = add_station(_server_sessions(args), args.code, args.site, args.name)
    print(f"Station {args.code} (site {args.site}) can now be registered with this one-time code:")
    print(f"  {code}")
    print(f"It works once and expires in {CODE_VALID_FOR.days} days. On the counter PC run:")
    print(f"  counterapp sync register --server URL --station {args.code} --code {code}")
    return 0


def _read_new_password(args: argparse.Namespace) -> str | None:
    """The password from standard input (``--password-stdin``: its first line)
    or typed twice without echo; never from the command line."""
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Same password again: ") != first:
        print("The two passwords differ; nothing changed.", file=sys.stderr)
        return None
    return first


def _user_add(args: argparse.Namespace) -> int:
    from counterapp.server.hq.auth import UserError, add_user

    password = _read_new_password(args)
    if password is None:
        return 1
    try:
        add_user(
            _server_sessions(args),
            args.name,
            args.role,
            password,
            display_name=args.display_name,
        )
    except UserError as exc:
        print(f"No user added: {exc}", file=sys.stderr)
        return 1
    print(f"Head-office user {args.name} ({args.role}) added; sign in at /hq.")
    return 0


def _user_set(args: argparse.Namespace) -> int:
    from counterapp.server.hq.auth import UserError, set_user

    password = _read_new_password(args) if args.password else None
    if args.password and password is None:
        return 1
    active = None if args.active is None else args.active == "yes"
    try:
        set_user(
            _server_sessions(args), args.name, role=args.role, active=active, password=password
        )
    except UserError as exc:
        print(f"Nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"Head-office user {args.name} changed.")
    return 0


def _user_list(args: argparse.Namespace) -> int:
    from counterapp.server.hq.auth import list_users

    for u in list_users(_server_sessions(args)):
        print(f"{u.username:24} {u.role:14} {'active' if u.active else 'switched off'}")
    return 0


def _station_revoke(args: argparse.Namespace) -> int:
    from counterapp.server.stations import revoke_station

    try:
        revoke_station(_server_sessions(args), args.code)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Station {args.code} is revoked: the server refuses it from now on.")
    return 0


def _station_replace(args: argparse.Namespace) -> int:
    from counterapp.server.stations import CODE_VALID_FOR, replace_station

    try:
        r = replace_station(
            _server_sessions(args), args.code, continue_after_seq=args.continue_after
        )
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Station {r.station_code}: the old PC's credential is revoked from now on.")
    print(f"Head office holds its receipts up to number {r.last_held}; the old PC last reported")
    print(f"number {r.last_reported}. The new PC continues after number {r.continues_after}.")
    print(
        "Register the new PC with this one-time code (works once, expires in "
        f"{CODE_VALID_FOR.days} days):"
    )
    print(f"  {r.one_time_code}")
    print(f"  counterapp setup --server URL --station {r.station_code} --code {r.one_time_code}")
    if r.continues_after > r.last_held:
        print(
            f"Receipts {r.last_held + 1} to {r.continues_after} never reached head office: "
            f"'counterapp server station gaps {r.station_code}' lists them for finance."
        )
    return 0


def _station_gaps(args: argparse.Namespace) -> int:
    from counterapp.server.stations import receipt_gaps

    with _server_sessions(args)() as session:
        try:
            report = receipt_gaps(session, args.code)
        except LookupError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    print(
        f"Station {report.station_code}: receipts up to {report.expected_up_to} were handed out; "
        f"head office holds up to {report.last_held}; {report.missing} never arrived."
    )
    for gap in report.gaps:
        if gap.count == 1:
            print(f"  {gap.first_receipt_no}")
        else:
            print(f"  {gap.first_receipt_no} to {gap.last_receipt_no} ({gap.count} receipts)")
    return 0


def _station_list(args: argparse.Namespace) -> int:
    from counterapp.server.stations import list_stations

    factory = _server_sessions(args)
    with factory() as session:
        stations = list_stations(session)
    print(f"{'station':<12} {'site':<6} {'state':<22} {'last contact':<17} {'waiting':>8}")
    for st in stations:
        contact = f"{st.last_contact_at:%Y-%m-%d %H:%M}" if st.last_contact_at else "never"
        waiting = "?" if st.backlog is None else str(st.backlog)
        print(f"{st.code:<12} {st.site_code:<6} {st.state:<22} {contact:<17} {waiting:>8}")
    return 0


def _server_verify(args: argparse.Namespace) -> int:
    from counterapp.server.chain import verify_all

    factory = _server_sessions(args)
    with factory() as session:
        problems = verify_all(session)
    for p in problems:
        where = f"record {p.record_id} (seq {p.seq})" if p.record_id else f"after seq {p.seq}"
        print(f"{p.station_code}: {where}: {p.kind}: {p.detail}")
    if problems:
        print(f"{len(problems)} break(s) in the stations' record chains.", file=sys.stderr)
        return 1
    print("Every station's record chain is intact.")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from counterapp.db.chaining import verify_audit
    from counterapp.db.engine import open_database

    config = StationConfig.load(args.data_dir)
    _engine, sf = open_database(config.database_path)
    check = verify_audit(sf)
    for problem in check.problems:
        print(problem)
    if not check.intact:
        print(f"The audit trail of {config.database_path} has been tampered with.", file=sys.stderr)
        return 1
    print(f"The audit trail is intact ({check.rows} rows).")
    return 0


def _privacy_redact(args: argparse.Namespace) -> int:
    from counterapp.db.engine import open_database
    from counterapp.services.retention import redact_station

    config = StationConfig.load(args.data_dir)
    _engine, sf = open_database(config.database_path)
    result = redact_station(sf, by="command")
    _print_redaction(result.redacted, result.before_salts, result.not_verifying)
    if result.rows:
        print(f"Cleared personal data from {result.rows} of the station's own records.")
    return 0


def _print_redaction(redacted: dict[str, int], before: int, not_verifying: list[str]) -> None:
    if redacted:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(redacted.items()))
        print(f"Redacted {sum(redacted.values())} records ({kinds}).")
    else:
        print("No record was due for redaction.")
    if before:
        print(f"{before} records were hashed before redaction existed and are kept as they are.")
    for record_id in not_verifying:
        print(f"Record {record_id} no longer matches its hash: left as it is for finance.")


def _server_redact(args: argparse.Namespace) -> int:
    from counterapp.server.retention import redact_head_office

    result = redact_head_office(_server_sessions(args), dry_run=args.dry_run)
    if args.dry_run:
        print("Dry run: nothing was changed.")
    _print_redaction(result.redacted, result.before_salts, result.not_verifying)
    return 1 if result.not_verifying else 0


def _server_publish(args: argparse.Namespace) -> int:
    from counterapp.server.reference import ReferenceRejected, publish_file

    try:
        result = publish_file(
            _server_sessions(args),
            Path(args.file).read_text(encoding="utf-8"),
        )
    except (ReferenceRejected, ValueError, KeyError) as exc:
        print(f"Nothing published: {exc}", file=sys.stderr)
        return 1
    print(
        f"Published {result.published} items ({result.unchanged} unchanged); "
        f"reference data is at version {result.version}."
    )
    return 0


def _server_intake_status(args: argparse.Namespace) -> int:
    from counterapp.server.intake import UnknownReference, set_intake_status
    from counterapp.server.reference import ReferenceRejected

    try:
        result = set_intake_status(
            _server_sessions(args), args.reference, args.status, answer=args.answer
        )
    except (UnknownReference, ReferenceRejected) as exc:
        print(f"Nothing changed: {exc}", file=sys.stderr)
        return 1
    print(f"Status of {args.reference} published (reference data version {result.version}).")
    return 0


def _add_sync_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], server: argparse.ArgumentParser
) -> None:
    sy = sub.add_parser("sync", help="replication with head office")
    sysub = sy.add_subparsers(dest="sync_command", required=True)
    sysub.add_parser("status", help="what waits, last contact, errors").set_defaults(
        func=_sync_status
    )
    push = sysub.add_parser("push", help="send what waits now")
    push.add_argument("--batch-size", type=int, default=500)
    push.set_defaults(func=_sync_push)
    sysub.add_parser("pull", help="fetch head office's reference data now").set_defaults(
        func=_sync_pull
    )
    reg = sysub.add_parser("register", help="register this station with a one-time code")
    reg.add_argument("--server", required=True, help="http(s)://host:port of the server")
    reg.add_argument("--station", required=True, help="station code, e.g. WHB-02")
    reg.add_argument("--code", required=True, help="one-time code from the administrator")
    reg.set_defaults(func=_sync_register)

    svsub = server.add_subparsers(dest="server_command")
    station = svsub.add_parser("station", help="stations allowed to sync")
    stsub = station.add_subparsers(dest="station_command", required=True)
    add = stsub.add_parser("add", help="add a station (or re-issue): prints a one-time code")
    add.add_argument("code")
    add.add_argument("--site", required=True)
    add.add_argument("--name", default="")
    add.set_defaults(func=_station_add)
    rev = stsub.add_parser("revoke", help="refuse a station from now on")
    rev.add_argument("code")
    rev.set_defaults(func=_station_revoke)
    rep = stsub.add_parser(
        "replace",
        help="a new PC becomes this station: revokes the old one, prints a one-time code",
    )
    rep.add_argument("code")
    rep.add_argument(
        "--continue-after",
        type=int,
        default=None,
        metavar="N",
        help="the new PC's receipts start after N (when the old PC's paper roll shows more "
        "than head office knows)",
    )
    rep.set_defaults(func=_station_replace)
    gaps = stsub.add_parser("gaps", help="receipt numbers of a station that never arrived")
    gaps.add_argument("code")
    gaps.set_defaults(func=_station_gaps)
    stsub.add_parser("list", help="stations, last contact, backlog").set_defaults(
        func=_station_list
    )
    usr = svsub.add_parser("user", help="head-office users (finance, administrator, manager)")
    usub = usr.add_subparsers(dest="user_command", required=True)
    uadd = usub.add_parser("add", help="add a user; the password is read without echo")
    uadd.add_argument("name")
    uadd.add_argument("--role", required=True, choices=("finance", "administrator", "manager"))
    uadd.add_argument("--display-name", default="")
    uadd.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    uadd.set_defaults(func=_user_add)
    uset = usub.add_parser("set", help="change a user's role, switch them off or on, new password")
    uset.add_argument("name")
    uset.add_argument("--role", choices=("finance", "administrator", "manager"))
    uset.add_argument("--active", choices=("yes", "no"))
    uset.add_argument("--password", action="store_true", help="set a new password")
    uset.add_argument("--password-stdin", action="store_true")
    uset.set_defaults(func=_user_set)
    usub.add_parser("list", help="users and roles").set_defaults(func=_user_list)
    pub = svsub.add_parser("publish", help="publish reference data from a JSON file")
    pub.add_argument("file")
    pub.set_defaults(func=_server_publish)
    ist = svsub.add_parser(
        "intake-status", help="a department's status and answer for a request (issue 16)"
    )
    ist.add_argument("reference", help="e.g. SR-WHB-01-000042")
    ist.add_argument("--status", required=True, help='e.g. "In progress", "Closed"')
    ist.add_argument("--answer", default="", help="what the resident is told")
    ist.set_defaults(func=_server_intake_status)
    svsub.add_parser(
        "verify", help="walk every station's record chain again; list what is broken"
    ).set_defaults(func=_server_verify)
    red = svsub.add_parser(
        "redact",
        help="remove personal data whose retention period has ended (run daily: timer or cron)",
    )
    red.add_argument("--dry-run", action="store_true", help="count, change nothing")
    red.set_defaults(func=_server_redact)


def version() -> str:
    """The installed version (the package's metadata, which the bundle carries too)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("counterapp")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="counterapp", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"counterapp {version()}")
    p.add_argument("--data-dir", type=Path, default=None, help="station data folder")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command")

    st = sub.add_parser("station", help="the counter window (default)")
    st.set_defaults(func=_station)

    su = sub.add_parser(
        "setup",
        help="set this counter PC up, unattended: register with head office or standalone",
    )
    su.add_argument("--server", help="head office's address, http(s)://host:port")
    su.add_argument("--station", help="this counter's station code, e.g. WHB-02")
    su.add_argument("--code", help="the one-time code from the administrator")
    su.add_argument("--standalone", action="store_true", help="an office without head office")
    su.add_argument(
        "--reference", help="standalone: the reference data JSON file (as for 'db load')"
    )
    su.add_argument("--language", choices=["en", "fr"], default="en")
    su.add_argument("--receipt-printer", help="COM3, /dev/ttyUSB0 or socket://host:9100 (optional)")
    su.set_defaults(func=_setup)

    sv = sub.add_parser("server", help="head-office / site server (FastAPI)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8765)
    sv.add_argument("--database-url", default=None, help="postgresql+psycopg://… (default: SQLite)")
    sv.add_argument("--certfile", default=None, help="serve HTTPS with this certificate (PEM)")
    sv.add_argument("--keyfile", default=None, help="the certificate's private key (PEM)")
    sv.add_argument(
        "--stop-with-stdin",
        action="store_true",
        help="also stop when standard input closes (the demo's server stops with its station)",
    )
    sv.set_defaults(func=_server)
    _add_sync_commands(sub, sv)

    au = sub.add_parser("audit", help="the station's audit trail")
    ausub = au.add_subparsers(dest="audit_command", required=True)
    ausub.add_parser("verify", help="check that no audit row was edited or deleted").set_defaults(
        func=_audit_verify
    )

    pv = sub.add_parser("privacy", help="personal data kept only as long as needed")
    pvsub = pv.add_subparsers(dest="privacy_command", required=True)
    pvsub.add_parser(
        "redact",
        help="remove personal data head office holds, after the station's period (sync does it)",
    ).set_defaults(func=_privacy_redact)

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
    eod.add_argument("--language", choices=("en", "fr"), default="en", help="the PDF's language")
    eod.set_defaults(func=_drawer_eod)
    rp = drsub.add_parser("reprint", help="a closed shift's Z report and deposit slip (COPY)")
    rp.add_argument("shift_id", nargs="?", help="omit to list the closed shifts")
    rp.add_argument("--out", default=".", help="folder (default: current)")
    rp.add_argument("--language", choices=("en", "fr"), default="en", help="the PDFs' language")
    rp.set_defaults(func=_drawer_reprint)

    demo = sub.add_parser("demo", help="station + local server + simulated printer, demo data")
    demo.add_argument("--port", type=int, default=8765)
    demo.add_argument("--no-server", action="store_true")
    demo.add_argument(
        "--ticket-status",
        default="ok",
        choices=("ok", "paper_low", "paper_out", "cover_open", "silent", "garbage"),
        help="how the simulated ticket printer answers status requests (try paper_out)",
    )
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
    if args.command is None:
        args.func = _station
    if args.command == "demo" and args.data_dir is None:
        args.data_dir = Path.cwd() / "demo-data"
    if args.data_dir is None:
        args.data_dir = default_data_dir()
    # Rotating log files without personal data, in the platform's log folder (issue 12).
    setup_logging(
        default_log_dir(args.data_dir),
        verbose=args.verbose,
        file_name="server.log" if args.command == "server" else LOG_NAME,
    )
    from counterapp.config import SettingError
    from counterapp.db.upgrade import UpgradeRefused

    try:
        return int(args.func(args) or 0)
    except UpgradeRefused as exc:  # the database cannot be upgraded or is too new (issue 12)
        print(str(exc), file=sys.stderr)
        return 3
    except SettingError as exc:  # station.json holds a value of the wrong kind
        print(f"Settings: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
