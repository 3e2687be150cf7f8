"""Wiring a station, once, for the window, the command line and the tests alike.

``bootstrap(config)`` opens and migrates the station database, makes the
unit-of-work factory the services take, the device lanes over the
station's configured devices (every role: receipt printer and drawer, ticket
printer, pole display, now-serving sign), and — with a server set — how to
make the head-office pusher (made on first use, so the sync client and the wire
models load after sign-in, not at start-up). It is Qt-free (cosmicpython's
``bootstrap``): the window only receives the ``StationContext`` it returns;
nothing is started here (the window starts the device lanes and the pusher when
it shows).

This is a composition root like ``counterapp.cli``: it is the one place in
``counterapp/`` that reaches the device layer (``devices/``), lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from counterapp.config import StationConfig
from counterapp.db.engine import open_database
from counterapp.db.uow import UnitOfWork
from counterapp.db.upgrade import UpgradeRefused
from counterapp.device_lanes import DeviceLanes
from counterapp.domain.clock import set_site_zone
from counterapp.services import site

if TYPE_CHECKING:
    from counterapp.sync.client import Pusher

__all__ = ["StationContext", "UpgradeRefused", "bootstrap", "make_device_lanes"]


@dataclass
class StationContext:
    """What a running station needs, wired once."""

    config: StationConfig
    session_factory: Callable[[], Session]
    # Makes the head-office pusher on first use (``pusher``): the sync client, httpx
    # and the wire models load when a window starts syncing, after sign-in, not at
    # start-up (bench/startup.py). None: no server.
    make_pusher: Callable[[], Pusher] | None = None
    # What time it is for the services (fees that depend on the date, same-day
    # voids); tests set a fixed day.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    device_lanes: DeviceLanes | None = None  # made on first use when None (tests)
    # Visits parked at this station (the window's ParkedVisit), kept across
    # sign-out and switch of user for as long as the program runs (ui.desk).
    parked: list[Any] = field(default_factory=list)
    _pusher: Pusher | None = field(default=None, init=False, repr=False)

    @property
    def pusher(self) -> Pusher | None:
        """The head-office pusher (made on first use; None: standalone)."""
        if self._pusher is None and self.make_pusher is not None:
            self._pusher = self.make_pusher()
        return self._pusher

    @pusher.setter
    def pusher(self, pusher: Pusher | None) -> None:
        self._pusher = pusher

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def read(self) -> UnitOfWork:
        """A read-only unit of work (look-ups, lists, previews)."""
        return UnitOfWork(self.session_factory, readonly=True)

    def apply_site_clock(self) -> None:
        """Show and print times in the site's zone (the site setting ``time_zone``,
        else the computer's). Start-up work, before the window shows."""
        with UnitOfWork(self.session_factory, readonly=True) as uow:
            set_site_zone(site.zone(uow.session))

    def devices(self, *, restart: bool = False) -> DeviceLanes:
        """The station's device lanes (made from the settings when there is none yet,
        again after the settings changed with ``restart``, and again when a window of
        this process stopped them: a sign-out or switch of user from the counter
        window to the greeter's). Not started."""
        stopped = self.device_lanes is not None and self.device_lanes.stopped
        if self.device_lanes is None or restart or stopped:
            self.device_lanes = make_device_lanes(
                self.config, self.session_factory, restart=restart or stopped
            )
        return self.device_lanes


def make_device_lanes(
    config: StationConfig, session_factory: Callable[[], Session], *, restart: bool = False
) -> DeviceLanes:
    """The queue for this station's configured devices (not started). ``restart``: it
    replaces a running queue of this process (the old one finishes what it is sending)."""
    from devices.station_devices import StationDevices

    return DeviceLanes(
        session_factory, StationDevices(config.device_list()), recover_interrupted=not restart
    )


def bootstrap(config: StationConfig) -> StationContext:
    """Open and migrate the database and set up the devices and sync. Runs before a
    window shows or a command works (start-up), never on an event."""
    _engine, session_factory = open_database(config.database_path)
    make_pusher = None
    if config.server_url:
        server_url = config.server_url

        def make_pusher() -> Pusher:
            from counterapp.sync.client import Pusher

            return Pusher(
                session_factory,
                server_url,
                interval_s=config.push_interval_s,
                pull_interval_s=config.pull_interval_s,
                keep_acked_days=config.keep_acked_days,
            )

    station = StationContext(
        config,
        session_factory,
        make_pusher,
        device_lanes=make_device_lanes(config, session_factory),
    )
    station.apply_site_clock()
    return station
