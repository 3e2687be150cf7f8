"""``counterapp queue …``: the day's figures, booking an appointment.

Runs against this station's queue: the site server's when the station has
one (``queue.json`` mode), else the station's own.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from counterapp.bootstrap import bootstrap
from counterapp.config import StationConfig
from counterapp.db.models import Staff, Station
from counterapp.db.uow import UnitOfWork
from counterapp.queue.local import LocalQueue
from counterapp.queue.measures import summarise
from counterapp.queue.remote import RemoteQueue
from counterapp.queue.settings import FILE_NAME, QueueSettings
from counterapp.queue.views import Actor
from counterapp.sync.protocol import load_credential


def _open(data_dir: Path, username: str) -> tuple[LocalQueue | RemoteQueue, QueueSettings, Actor]:
    config = StationConfig.load(data_dir)
    settings = QueueSettings.load(config.data_dir / FILE_NAME)
    sf = bootstrap(config).session_factory
    with UnitOfWork(sf, readonly=True) as uow:
        station = uow.session.scalars(select(Station)).one()
        staff = uow.session.scalars(select(Staff).where(Staff.username == username)).first()
        if staff is None:
            raise SystemExit(f"No staff member {username!r} at this station.")
        actor = Actor(
            staff_id=staff.id,
            username=staff.username,
            role=staff.role,
            station_code=station.code,
            counter=settings.counter_name or station.code,
        )
        site_code = station.site_code
    use_server = settings.mode == "server" or (settings.mode == "auto" and config.server_url)
    if use_server and config.server_url:
        credential = load_credential(config.data_dir)
        remote = RemoteQueue(
            config.server_url, site_code, credential=credential, data_dir=config.data_dir
        )
        return remote, settings, actor
    return LocalQueue(sf, settings), settings, actor


def summary(args: argparse.Namespace) -> int:
    queue, settings, _actor = _open(args.data_dir, args.user)
    today = datetime.now(settings.zone).date().isoformat()
    day = args.date or today
    figures = summarise(
        queue.events_of_day(day),
        day=day,
        zone=settings.zone,
        standard=settings.in_person_standard,
        day_over=day < today,
    )
    if args.json:
        print(json.dumps(figures.as_dict(), indent=2))
        return 0
    standard = int(settings.in_person_standard.total_seconds() // 60)
    print(f"Walk-in queue, {day}")
    header = (
        f"{'category':<10}{'issued':>7}{'served':>7}{'left':>8}{'avg wait':>10}"
        f"{'max wait':>10}{'avg service':>12}{f'<= {standard} min':>10}"
    )
    print(header)
    for f in [*figures.by_category, figures.total]:
        print(
            f"{('all' if f.category == '*' else f.category):<10}{f.issued:>7}{f.served:>7}"
            f"{f.abandoned:>8}{f.avg_wait_s / 60:>9.1f}m{f.max_wait_s / 60:>9.1f}m"
            f"{f.avg_service_s / 60:>11.1f}m{f.within_standard:>10}"
        )
    print(f"first-time resolution: {figures.first_time_resolution:.0%}")
    print(f"abandonment: {figures.total.abandonment_rate:.0%}")
    print(f"backup requests: {figures.backup_requests}")
    print(
        "visits per associate: "
        + ", ".join(f"{k[:8]}…={v}" for k, v in sorted(figures.visits_per_associate.items()))
    )
    print("by 15 minutes (issued in the interval):")
    for f in figures.by_interval:
        print(
            f"  {f.interval} {f.category}: {f.issued} issued, wait {f.avg_wait_s / 60:.1f} min, "
            f"service {f.avg_service_s / 60:.1f} min"
        )
    return 0


def book(args: argparse.Namespace) -> int:
    queue, settings, actor = _open(args.data_dir, args.user)
    at = datetime.fromisoformat(args.at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=settings.zone)
    appointment_id = queue.book_appointment(
        actor, at=at, category=args.category, services=args.service or [], visitor_name=args.name
    )
    print(f"Appointment {appointment_id} booked for {at:%Y-%m-%d %H:%M} ({args.category}).")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("queue", help="the walk-in queue: daily figures, appointments")
    qsub = q.add_subparsers(dest="queue_command", required=True)
    s = qsub.add_parser("summary", help="the day's queue figures (wait, service, FTR …)")
    s.add_argument("--date", help="YYYY-MM-DD (default: today at the site)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--user", default="admin", help="staff user name to act as")
    s.set_defaults(func=summary)
    b = qsub.add_parser("book", help="book an appointment")
    b.add_argument("--at", required=True, help="'2026-11-23 14:30' (site time) or ISO with offset")
    b.add_argument("--category", required=True, help="category letter, e.g. L")
    b.add_argument("--name", default="", help="visitor name")
    b.add_argument("--service", action="append", help="catalogue code (repeat for several)")
    b.add_argument("--user", default="admin", help="staff user name to act as")
    b.set_defaults(func=book)
