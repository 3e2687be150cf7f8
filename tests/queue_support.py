"""Helpers for the queue tests: a station copied from a template (argon2 makes
loading the demo staff slow), the demo staff as queue actors, a settable clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from counterapp.db.models import Staff
from counterapp.queue.views import Actor
from tests.sync_support import DemoStation


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
