"""Helpers for the window tests of issue 16: a station context whose queue has
no ticket printer, and a window signed in as a demo user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from counterapp.config import StationConfig
from counterapp.db.uow import UnitOfWork
from counterapp.services.auth import login
from ui.context import StationContext


def make_ctx(tmp_path: Path, station_db: Any) -> StationContext:
    (tmp_path / "queue.json").write_text(json.dumps({"ticket_printer": {"url": ""}}), "utf-8")
    return StationContext(StationConfig(data_dir=tmp_path), station_db)


def signed_in(qtbot: Any, ctx: StationContext, window_class: type, user: str, password: str) -> Any:
    """``window_class`` (StationWindow, GreeterWindow) shown and active for ``user``."""
    who = login(UnitOfWork(ctx.session_factory), user, password)
    window = window_class(ctx, who)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    return window
