"""For the appointment tour: an appointment booked this morning for today, in
the demo's site queue (the book refuses a time that has passed, and a tour
may run after the counter's hours). Run from the worktree root before the demo:

    .venv/bin/python tests/tours/i16_seed_appointment.py demo-data
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from counterapp.ids import uuid7
from counterapp.queue.settings import QueueSettings
from counterapp.server.app import create_app
from counterapp.server.queue import SERVER_QUEUE


def main(data_dir: str) -> None:
    app = create_app(f"sqlite:///{Path(data_dir) / 'server.sqlite3'}")  # migrates
    zone = QueueSettings.load().zone
    with app.state.engine.begin() as conn:
        conn.execute(
            insert(SERVER_QUEUE.appointment).values(
                id=uuid7(),
                site_code="WHB",
                at=datetime.now(zone) - timedelta(minutes=5),
                category="L",
                services=["LIC-MAR"],
                visitor_name="R. Singh",
                contact="905-555-0142",
                status="booked",
            )
        )
    app.state.engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo-data")
