"""The greeter's and the associate's queue flows through the real widgets, offscreen."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from counterapp.config import StationConfig
from counterapp.db.uow import UnitOfWork
from counterapp.ids import uuid7
from counterapp.queue.local import LocalQueue
from counterapp.queue.settings import QueueSettings
from counterapp.queue.views import Actor
from counterapp.services.auth import login
from devices.simulator import PrinterSimulator
from tests.drawer_support import open_drawers
from ui.context import StationContext
from ui.greeter_window import GreeterWindow
from ui.station_window import StationWindow


@pytest.fixture
def simulator():
    sim = PrinterSimulator(on_line=lambda _line: None)
    yield sim
    sim.stop()


def make_ctx(
    tmp_path: Path, station_db, ticket_printer: str = "", **queue: object
) -> StationContext:
    """A station whose devices come from an older ``queue.json`` (its ticket printer and
    sign entries): loading the settings moves them into ``station.json``'s devices."""
    (tmp_path / "queue.json").write_text(
        json.dumps(
            {"ticket_printer": {"url": ticket_printer, "write_timeout_s": 1.0}} | queue
        ),
        encoding="utf-8",
    )
    return StationContext(StationConfig.load(tmp_path), station_db)


def greeter(qtbot, ctx) -> GreeterWindow:
    who = login(UnitOfWork(ctx.session_factory), "gail", "greeter")
    window = GreeterWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=10_000)
    return window


def associate(qtbot, ctx, username="alex", password="counter") -> StationWindow:
    who = login(UnitOfWork(ctx.session_factory), username, password)
    open_drawers(ctx.session_factory, who, at=datetime.now(UTC))  # no money outside a drawer
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    panel = window.queue_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=10_000)
    return window


def test_greeter_issues_and_prints_a_ticket_in_two_key_presses(
    qtbot, tmp_path, station_db, simulator
):
    window = greeter(qtbot, make_ctx(tmp_path, station_db, simulator.port_path))
    qtbot.keyClick(window, Qt.Key.Key_C)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.issued_label.text() == "C-001", timeout=10_000)
    assert simulator.wait_for("C-001", timeout=5)
    assert simulator.wait_for("Commissioning", timeout=5)
    qtbot.waitUntil(lambda: window.waiting.rowCount() == 1)
    assert window.waiting.item(0, 0).text() == "C-001"
    assert "You are next in line" in "\n".join(simulator.lines)


def test_greeter_double_press_makes_one_ticket(qtbot, tmp_path, station_db):
    window = greeter(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClick(window, Qt.Key.Key_T)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.issued_label.text() == "T-001", timeout=10_000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: window.waiting.rowCount() == 1)
    assert window.snapshot is not None and len(window.snapshot.waiting) == 1


def test_ticket_printer_offline_still_issues_and_tells_the_greeter(qtbot, tmp_path, station_db):
    window = greeter(qtbot, make_ctx(tmp_path, station_db, "/dev/ttyUSB97"))
    qtbot.keyClick(window, Qt.Key.Key_L)
    qtbot.keyClick(window.priority, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "did not print" in window.message.text(), timeout=10_000)
    assert "L-001 is issued" in window.message.text()
    assert "Tell the visitor the number" in window.message.text()
    qtbot.waitUntil(lambda: window.waiting.rowCount() == 1)
    assert "priority" in window.waiting.item(0, 3).text()


def test_ticket_reprints_once_the_printer_is_back(qtbot, tmp_path, station_db):
    import socket

    from devices.simulator import SocketPrinterSimulator

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctx = make_ctx(tmp_path, station_db, f"socket://127.0.0.1:{port}")  # switched off
    window = greeter(qtbot, ctx)
    qtbot.keyClick(window, Qt.Key.Key_I)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "did not print" in window.message.text(), timeout=15_000)
    assert "Ctrl+P prints it again" in window.message.text()
    printer = SocketPrinterSimulator(on_line=lambda _line: None, port=port)  # switched on
    try:
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: "Printed I-001" in window.printer_status.text(), timeout=10_000)
        qtbot.waitUntil(lambda: any("I-001" in line for line in printer.lines), timeout=10_000)
    finally:
        printer.stop()
    assert window.snapshot is not None and len(window.snapshot.waiting) == 1


def test_greeter_sees_waits_past_the_standard(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    earlier = LocalQueue(
        station_db, QueueSettings.load(), clock=lambda: datetime.now(UTC) - timedelta(minutes=14)
    )
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    actor = Actor(staff_id=gail.id, username="gail", role="greeter", station_code="WHB-01")
    earlier.issue(actor, request_id=uuid7(), category="T")
    window = greeter(qtbot, ctx)
    assert window.waiting.rowCount() == 1
    assert "over the 10-minute standard" in window.waiting.item(0, 3).text()
    assert window.waiting.item(0, 2).text() == "14 min"


def test_calling_opens_the_visit_and_the_sale_closes_the_ticket(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    desk = associate(qtbot, ctx)
    panel = desk.queue_panel
    assert panel is not None and panel.sq is not None
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    panel.sq.backend.issue(
        panel.sq.actor(gail), request_id=uuid7(), category="T", services=["PMT-PARK"]
    )
    qtbot.keyClick(desk, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: desk.model.rowCount() == 1, timeout=10_000)
    assert "Called T-001" in desk.message.text()
    assert "T-001" in panel.serving.text()
    assert desk.total_label.text() == "$67.80"
    qtbot.keyClicks(desk.amount, "100")
    with qtbot.waitSignal(desk.sale_completed, timeout=10_000):
        qtbot.keyClick(desk.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: panel.snapshot is not None and not panel.snapshot.serving, timeout=10_000
    )
    events = panel.sq.backend.events_of_day(
        datetime.now(UTC).astimezone(panel.sq.settings.zone).date().isoformat()
    )
    assert [e["kind"] for e in events] == ["issued", "called", "served", "closed"]
    assert panel.serving.text() == "No visitor called"


def test_call_next_with_no_one_waiting_says_so(qtbot, tmp_path, station_db):
    desk = associate(qtbot, make_ctx(tmp_path, station_db))
    qtbot.keyClick(desk, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: "No one is waiting" in desk.message.text(), timeout=10_000)
    assert desk.model.rowCount() == 0


def test_recall_no_show_and_backup_alert(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    desk = associate(qtbot, ctx, "jordan", "counter")
    panel = desk.queue_panel
    assert panel is not None and panel.sq is not None
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    panel.sq.backend.issue(panel.sq.actor(gail), request_id=uuid7(), category="R")
    qtbot.keyClick(desk, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: panel.current is not None, timeout=10_000)
    qtbot.mouseClick(panel.no_show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Recall R-001 2 times" in desk.message.text(), timeout=10_000)
    for n in (1, 2):
        qtbot.keyClick(desk, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda n=n: f"({n} times)" in desk.message.text(), timeout=10_000)
    qtbot.mouseClick(panel.no_show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no-show" in desk.message.text(), timeout=10_000)
    assert panel.current is None
    panel.sq.backend.need_backup(panel.sq.actor(gail))
    qtbot.waitUntil(lambda: not panel.alert.isHidden(), timeout=10_000)
    assert "Backup needed" in panel.alert.text()


def test_greeter_gets_no_queue_panel_but_associates_do(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    desk = associate(qtbot, ctx)
    assert desk.queue_panel is not None
    assert desk.queue_panel.accessibleName() == "Walk-in queue"
    gail = login(UnitOfWork(ctx.session_factory), "gail", "greeter")
    entrance = StationWindow(ctx, gail)
    qtbot.addWidget(entrance)
    assert entrance.queue_panel is None


def focus(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_two_desks_and_a_greeter_share_the_site_queue_live(qtbot, tmp_path, station_db):
    """Server mode: the greeter issues, both desks see it by server-sent events,
    one calls it, the other's list empties; neither polls."""
    from sqlalchemy.orm import sessionmaker

    from counterapp.demo.staff import publish_demo_staff
    from counterapp.server.app import create_app
    from counterapp.sync.protocol import save_credential
    from tests.sync_support import enrol, live_server, station_credential

    app = create_app(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    # Head office knows the station and publishes its staff (issue 15).
    enrol(app, "WHB-01")
    publish_demo_staff(sessionmaker(app.state.engine), station_db)
    with live_server(app) as base:
        ctxs = []
        for n in range(3):
            d = tmp_path / f"st{n}"
            d.mkdir()
            save_credential(d, station_credential("WHB-01"))
            (d / "queue.json").write_text(json.dumps({"counter_name": f"Counter {n}"}))
            ctxs.append(
                StationContext(StationConfig(data_dir=d, server_url=base), station_db)
            )
        lobby = greeter(qtbot, ctxs[0])
        alex = associate(qtbot, ctxs[1])
        jordan = associate(qtbot, ctxs[2], "jordan", "counter")
        panels = [alex.queue_panel, jordan.queue_panel]
        assert all(p is not None and p.sq is not None and p.sq.shared for p in panels)
        assert all(not p._poll.isActive() for p in panels if p is not None)
        qtbot.waitUntil(lambda: all("site server" in p.status.text() for p in panels if p))
        focus(qtbot, lobby)  # shortcuts reach the active window only
        qtbot.keyClick(lobby, Qt.Key.Key_R)
        qtbot.keyClick(lobby, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: all(p.waiting.count() == 1 for p in panels if p), timeout=10_000)
        focus(qtbot, jordan)
        qtbot.keyClick(jordan, Qt.Key.Key_F11)
        qtbot.waitUntil(
            lambda: "Called R-001 to Counter 2" in jordan.message.text(), timeout=10_000
        )
        qtbot.waitUntil(lambda: alex.queue_panel.waiting.count() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: lobby.waiting.rowCount() == 0, timeout=10_000)
        assert "1 associate serving" in lobby.load_label.text()
        focus(qtbot, alex)
        qtbot.keyClick(alex, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: "No one is waiting" in alex.message.text(), timeout=10_000)
        for w in (lobby, alex, jordan):
            w.close()
    app.state.engine.dispose()


def test_each_call_goes_to_the_now_serving_sign(qtbot, tmp_path, station_db):
    from devices.simulator import SocketPrinterSimulator

    sign = SocketPrinterSimulator(on_line=lambda _line: None)
    try:
        ctx = make_ctx(
            tmp_path,
            station_db,
            counter_name="Counter 3",
            now_serving={"driver": "text", "url": sign.url},
        )
        desk = associate(qtbot, ctx)
        panel = desk.queue_panel
        assert panel is not None and panel.sq is not None
        gail = login(UnitOfWork(station_db), "gail", "greeter")
        panel.sq.backend.issue(panel.sq.actor(gail), request_id=uuid7(), category="I")
        qtbot.keyClick(desk, Qt.Key.Key_F11)
        shown = lambda: sum("I-001 -> Counter 3" in line for line in sign.lines)  # noqa: E731
        qtbot.waitUntil(lambda: shown() == 1, timeout=10_000)  # the UI thread must keep running
        # The called ticket's intake form opened with the visit; the associate
        # closes it before recalling (a window-modal form holds the shortcuts).
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()
        focus(qtbot, desk)
        qtbot.keyClick(desk, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: shown() == 2, timeout=10_000)
        assert bytes(sign.raw).count(b"\x07") == 2  # a chime with each
    finally:
        sign.stop()


def test_dead_sign_never_blocks_a_call(qtbot, tmp_path, station_db):
    ctx = make_ctx(
        tmp_path, station_db, now_serving={"driver": "escpos", "url": "/dev/ttyUSB96"}
    )
    desk = associate(qtbot, ctx)
    panel = desk.queue_panel
    assert panel is not None and panel.sq is not None
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    panel.sq.backend.issue(
        panel.sq.actor(gail), request_id=uuid7(), category="T", services=["PMT-PARK"]
    )
    qtbot.keyClick(desk, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: desk.model.rowCount() == 1, timeout=10_000)
    assert panel.current is not None and panel.current.label == "T-001"
    qtbot.waitUntil(lambda: not panel.sign_status.isHidden(), timeout=10_000)
    assert "now-serving sign did not show the call" in panel.sign_status.text()
    assert "does not exist" in panel.sign_status.text()
    assert "Called T-001" in desk.message.text()


def test_supervisor_sends_a_left_behind_visitor_back_to_the_lobby(qtbot, tmp_path, station_db):
    ctx = make_ctx(tmp_path, station_db)
    boss = associate(qtbot, ctx, "sam", "supervisor")
    panel = boss.queue_panel
    assert panel is not None and panel.sq is not None
    assert not panel.desks.isHidden()
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    jordan = login(UnitOfWork(station_db), "jordan", "counter")
    sq = panel.sq
    sq.backend.issue(sq.actor(gail), request_id=uuid7(), category="T")
    desk = sq.actor(jordan).model_copy(update={"counter": "Counter 2"})
    sq.backend.call_next(desk)
    qtbot.waitUntil(lambda: panel.desks.count() == 1, timeout=10_000)
    assert panel.desks.item(0).text().startswith("T-001 → Counter 2")
    panel.desks.setCurrentRow(0)
    qtbot.mouseClick(panel.send_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "back in the lobby" in boss.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: panel.waiting.count() == 1 and panel.desks.count() == 0)
    assert "first-time resolution" in panel.figures.text()


def test_associates_do_not_get_the_supervisor_desk_list(qtbot, tmp_path, station_db):
    desk = associate(qtbot, make_ctx(tmp_path, station_db))
    assert desk.queue_panel is not None
    assert desk.queue_panel.desks.isHidden() and desk.queue_panel.figures.isHidden()


def test_ticket_printer_out_of_paper_is_sent_nothing_and_the_greeter_reprints_the_same_job(
    qtbot, tmp_path, station_db, simulator
):
    from counterapp.services.device_jobs import JobState, list_jobs

    simulator.status_mode = "paper_out"
    window = greeter(qtbot, make_ctx(tmp_path, station_db, simulator.port_path))
    qtbot.keyClick(window, Qt.Key.Key_C)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "did not print" in window.message.text(), timeout=10_000)
    assert "C-001 is issued" in window.message.text()
    assert "Ticket printer: out of paper" in window.message.text()
    assert "Ctrl+P prints it again" in window.message.text()
    assert b"C-001" not in bytes(simulator.raw)  # refused before a byte of the ticket
    [job] = list_jobs(UnitOfWork(station_db))
    assert (job.kind, job.reference, job.state) == ("ticket", "C-001", JobState.FAILED)
    assert job.reason == "Ticket printer: out of paper"

    simulator.status_mode = "ok"  # paper loaded
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Printed C-001" in window.printer_status.text(), timeout=10_000)
    assert simulator.wait_for("C-001", timeout=5)
    [again] = list_jobs(UnitOfWork(station_db))  # the same job, not a second one
    assert (again.id, again.state) == (job.id, JobState.DONE)


def test_a_ticket_printer_that_never_answers_is_sent_not_confirmed(
    qtbot, tmp_path, station_db, simulator
):
    simulator.status_mode = "silent"
    window = greeter(qtbot, make_ctx(tmp_path, station_db, simulator.port_path))
    qtbot.keyClick(window, Qt.Key.Key_T)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "Sent T-001, not confirmed" in window.printer_status.text(), timeout=15_000
    )
    assert "did not confirm" in window.message.text() and "Ctrl+P" in window.message.text()
    assert "Printed" not in window.printer_status.text()
    assert simulator.wait_for("T-001", timeout=5)  # it went out, nobody said it printed


def test_an_older_queue_json_has_its_devices_moved_into_the_station_settings(tmp_path):
    (tmp_path / "queue.json").write_text(
        json.dumps(
            {
                "counter_name": "Counter 3",
                "ticket_printer": {"url": "/dev/ttyUSB1", "columns": 32, "rtscts": True},
                "now_serving": {"driver": "escpos", "url": "socket://10.0.0.9:4001",
                                "chime": False, "template": "{ticket} to {counter}"},
            }
        ),  # fmt: skip
        encoding="utf-8",
    )
    config = StationConfig.load(tmp_path)
    by_role = {d.role: d for d in config.devices}
    ticket, sign = by_role["ticket_printer"], by_role["now_serving"]
    assert (ticket.name, ticket.url, ticket.columns, ticket.flow_control) == (
        "Ticket printer", "/dev/ttyUSB1", 32, "rtscts",
    )  # fmt: skip
    assert (sign.url, sign.sign_driver, sign.chime, sign.template) == (
        "socket://10.0.0.9:4001", "escpos", False, "{ticket} to {counter}",
    )  # fmt: skip
    stored = json.loads((tmp_path / "station.json").read_text(encoding="utf-8"))
    assert {d["role"] for d in stored["devices"]} == {"ticket_printer", "now_serving"}
    rules = json.loads((tmp_path / "queue.json").read_text(encoding="utf-8"))
    assert rules == {"counter_name": "Counter 3"}  # queue rules only
    assert QueueSettings.load(tmp_path / "queue.json").counter_name == "Counter 3"
    again = StationConfig.load(tmp_path)  # nothing moves twice
    assert [d.name for d in again.devices] == [d.name for d in config.devices]


def test_a_device_already_set_up_wins_over_an_older_queue_json_entry(tmp_path):
    from counterapp.domain.devices import DeviceRole, DeviceSettings

    mine = DeviceSettings("Front tickets", role=DeviceRole.TICKET_PRINTER.value, url="COM4")
    StationConfig(data_dir=tmp_path, devices=[mine]).save()
    (tmp_path / "queue.json").write_text(
        json.dumps({"ticket_printer": {"url": "/dev/ttyUSB1"}}), encoding="utf-8"
    )
    config = StationConfig.load(tmp_path)
    assert [(d.name, d.url) for d in config.devices] == [("Front tickets", "COM4")]
    assert "ticket_printer" not in json.loads((tmp_path / "queue.json").read_text("utf-8"))


def test_the_lobby_refills_with_its_columns_still_fitting_their_text(qtbot, tmp_path, station_db):
    """A busy lobby is laid out again at every change (ui.fit.refilling sizes its columns
    once per refill): a longer name arriving still fits its column, and the columns keep
    sizing themselves to what they hold."""
    from PySide6.QtWidgets import QHeaderView

    ctx = make_ctx(tmp_path, station_db)
    queue = LocalQueue(station_db, QueueSettings.load())
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    actor = Actor(staff_id=gail.id, username="gail", role="greeter", station_code="WHB-01")
    for _ in range(30):
        queue.issue(actor, request_id=uuid7(), category="T", visitor_name="Ann Lee")
    window = greeter(qtbot, ctx)
    assert window.waiting.rowCount() == 30
    header = window.waiting.horizontalHeader()
    short = header.sectionSize(4)
    long_name = "Marguerite-Geneviève Tremblay-Desrosiers"
    queue.issue(actor, request_id=uuid7(), category="C", visitor_name=long_name)
    window.refresh()
    qtbot.waitUntil(lambda: window.waiting.rowCount() == 31, timeout=10_000)
    assert window.waiting.item(30, 4).text() == long_name
    qtbot.waitUntil(lambda: header.sectionSize(4) >= window.waiting.sizeHintForColumn(4))
    assert header.sectionSize(4) > short
    for col in (0, 1, 2, 4):
        assert header.sectionResizeMode(col) == QHeaderView.ResizeMode.ResizeToContents


def test_after_device_settings_are_saved_the_signs_failures_come_from_the_new_lanes(
    qtbot, tmp_path, station_db
):
    """Saving Device settings replaces the device lanes: the old ones stop, and the
    queue panel hears the now-serving sign's jobs from the new ones (a failed call on
    the sign is still told to the associate)."""
    ctx = make_ctx(tmp_path, station_db, now_serving={"driver": "escpos", "url": "/dev/ttyUSB96"})
    desk = associate(qtbot, ctx)
    panel = desk.queue_panel
    assert panel is not None and panel.sq is not None and panel.bridge is not None
    old = desk.devices.lanes
    assert panel.bridge.device_lanes is old
    desk.devices.apply_settings(ctx.config.device_list())
    assert old.stopped
    assert desk.devices.lanes is not old
    assert panel.bridge.device_lanes is desk.devices.lanes
    assert not old._job_listeners  # nothing listens to the stopped lanes any more
    gail = login(UnitOfWork(station_db), "gail", "greeter")
    panel.sq.backend.issue(panel.sq.actor(gail), request_id=uuid7(), category="T")
    focus(qtbot, desk)
    qtbot.keyClick(desk, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not panel.sign_status.isHidden(), timeout=10_000)
    assert "now-serving sign did not show the call" in panel.sign_status.text()
