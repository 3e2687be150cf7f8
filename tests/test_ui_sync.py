"""The station window and head office: sending on demand, and the status it shows."""

from __future__ import annotations

import httpx
from PySide6.QtCore import Qt

from counterapp.db.uow import UnitOfWork
from counterapp.server.app import create_app
from counterapp.services.auth import login
from counterapp.sync.client import Pusher
from tests.sync_support import enrol, live_server, reader_headers, station_credential
from tests.test_ui_station import _window, make_ctx


def test_ctrl_shift_h_sends_to_head_office_at_once(qtbot, tmp_path, station_db):
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)
    with live_server(app) as url:
        ctx = make_ctx(tmp_path, station_db)
        # An hour between pushes: only the key press can send anything now.
        ctx.pusher = Pusher(station_db, url, interval_s=3600, credential=station_credential())
        window = _window(qtbot, ctx)  # the first push runs at start
        qtbot.waitUntil(
            lambda: window.sync_status.text() == "Head office: up to date", timeout=10_000
        )

        def received() -> int:
            return int(
                httpx.get(f"{url}/api/v1/stations", headers=reader_headers(app)).json()[0][
                    "records_received"
                ]
            )

        before = received()
        login(UnitOfWork(station_db), "sam", "supervisor")  # an audited fact now waits
        both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(window, Qt.Key.Key_H, both)

        qtbot.waitUntil(lambda: received() == before + 1, timeout=10_000)
        qtbot.waitUntil(
            lambda: window.sync_status.text() == "Head office: up to date", timeout=10_000
        )
        window.close()


def test_the_next_users_window_says_where_delivery_stands_at_once(qtbot, tmp_path, station_db):
    """After a switch of user the new window showed a blank head-office status
    until the next push (an hour away here)."""
    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    enrol(app)
    with live_server(app) as url:
        ctx = make_ctx(tmp_path, station_db)
        ctx.pusher = Pusher(station_db, url, interval_s=3600, credential=station_credential())
        first = _window(qtbot, ctx)
        qtbot.waitUntil(
            lambda: first.sync_status.text() == "Head office: up to date", timeout=10_000
        )
        first.close()
        second = _window(qtbot, ctx, "jordan", "counter")  # the next user, own drawer
        assert second.sync_status.text() == "Head office: up to date"
        second.close()
        ctx.pusher.stop()
