"""The demo's head office publishes the staff the demo station knows (same ids):
the site queue accepts only a site's published staff (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counterapp.db.models import Staff


def publish_demo_staff(server_writers: Any, station_sessions: Callable[[], Session]) -> None:
    """Copy the station's staff rows to head office's reference data."""
    from counterapp.server.reference import Publish, publish

    with station_sessions() as session:
        people = [
            {
                "id": st.id,
                "username": st.username,
                "display_name": st.display_name,
                "role": st.role,
                "password_hash": st.password_hash,
                "is_commissioner": st.is_commissioner,
                "active": st.active,
                "pin_hash": st.pin_hash,
            }
            for st in session.scalars(select(Staff))
        ]
    publish(server_writers, [Publish("staff", p) for p in people])
