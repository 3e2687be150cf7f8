"""What a running station window needs, wired once (the app's ``bootstrap``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from counterapp.config import StationConfig
from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.device_queue import DeviceQueue
from counterapp.domain.clock import set_site_zone
from counterapp.services import site
from counterapp.sync.client import Pusher


@dataclass
class StationContext:
    config: StationConfig
    session_factory: Callable[[], Session]
    pusher: Pusher | None = None
    # What time it is for the services (fees that depend on the date, same-day
    # voids); tests set a fixed day.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    device_queue: DeviceQueue | None = None  # made by ui.devices_hook when None

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def apply_site_clock(self) -> None:
        """Show and print times in the site's zone (the site setting ``time_zone``,
        else the computer's). Start-up work, before the window shows."""
        with UnitOfWork(self.session_factory, readonly=True) as uow:
            set_site_zone(site.zone(uow.session))


def bootstrap(config: StationConfig) -> StationContext:
    """Open and migrate the database and set up the devices. Runs before the
    window shows (start-up), never on an event."""
    _engine, session_factory = open_database(config.database_path)
    pusher = None
    if config.server_url:
        pusher = Pusher(
            session_factory,
            config.server_url,
            interval_s=config.push_interval_s,
            pull_interval_s=config.pull_interval_s,
            keep_acked_days=config.keep_acked_days,
        )
    from ui.devices_hook import make_device_queue

    ctx = StationContext(
        config,
        session_factory,
        pusher,
        device_queue=make_device_queue(config, session_factory),
    )
    ctx.apply_site_clock()
    return ctx
