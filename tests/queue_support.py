"""Helpers for the queue tests: a station copied from a template (argon2 makes
loading the demo staff slow), the demo staff as queue actors, a settable clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from counterapp.db.models import Staff
from counterapp.ids import uuid7
from counterapp.queue.local import LocalQueue
from counterapp.queue.settings import QueueSettings
from counterapp.queue.views import Actor
from counterapp.server.reference import Publish, publish
from tests.sync_support import DemoStation, enrol, make_station_template, open_station_copy


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 23, 14, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


def staff_actors(station: DemoStation, station_code: str = "WHB-01") -> dict[str, Actor]:
    """Every demo staff member as a queue actor at ``station_code``."""
    with station.session_factory() as s:
        rows = s.scalars(select(Staff)).all()
        return {
            st.username: Actor(
                staff_id=st.id,
                username=st.username,
                role=st.role,
                station_code=station_code,
                counter=f"Counter {st.username}",
            )
            for st in rows
        }


# --- a site server that knows its stations and staff (issue 15) ---------------------

FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
SITE_STAFF = {
    "gail": "greeter",
    "alex": "associate",
    "jordan": "associate",
    "sam": "supervisor",
    **{f"desk{i}": "associate" for i in range(1, 5)},
}
STAFF_IDS = {name: uuid7() for name in SITE_STAFF}


def publish_site_staff(app: FastAPI, staff: dict[str, str] | None = None, site: str = "") -> None:
    """Publish ``staff`` (username → role; the test site's by default) as head
    office does, so queue calls naming them are accepted."""
    factory = sessionmaker(app.state.engine, expire_on_commit=False)
    people = SITE_STAFF if staff is None else staff
    publish(
        factory,
        [
            Publish(
                "staff",
                {
                    "id": STAFF_IDS.setdefault(name, uuid7()),
                    "username": name,
                    "display_name": name.title(),
                    "role": role,
                    "password_hash": FAKE_HASH,
                },
                site_code=site,
            )
            for name, role in people.items()
        ],
    )


def open_site(app: FastAPI, site: str = "WHB", stations: int = 5) -> None:
    """Enrol stations ``{site}-00`` … and publish the site's staff."""
    for i in range(stations):
        enrol(app, f"{site}-{i:02d}", site)
    publish_site_staff(app)


def site_actor(name: str, station: str = "WHB-01", role: str | None = None) -> Actor:
    """A published staff member acting at ``station`` (``role`` to claim another)."""
    return Actor(
        staff_id=STAFF_IDS[name],
        username=name,
        role=role or SITE_STAFF[name],
        station_code=station,
        counter=f"Counter {name}",
    )


# --- the local-queue tests' fixtures ----------------------------------------------


def local_queue_fixtures(name: str) -> tuple[Any, ...]:
    """``template, station, clock, queue, who = local_queue_fixtures("appt")`` in a test
    module: a station copied from a module-wide template, a settable clock, a one-desk
    office's own queue on it, and the demo staff as queue actors."""

    @pytest.fixture(scope="module")
    def template(tmp_path_factory):
        return make_station_template(tmp_path_factory.mktemp(f"{name}-template"))

    @pytest.fixture
    def station(template, tmp_path):
        path, alex = template
        st = open_station_copy(path, alex, tmp_path)
        yield st
        st.engine.dispose()

    @pytest.fixture
    def clock():
        return Clock()

    @pytest.fixture
    def queue(station, clock):
        return LocalQueue(station.session_factory, QueueSettings.load(), clock=clock)

    @pytest.fixture
    def who(station):
        return staff_actors(station)

    return template, station, clock, queue, who
