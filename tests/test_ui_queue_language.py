"""The visitor's language from the greeter's ticket to the lobby sign and the visit
(issue 13), through the real windows offscreen: the sign's bytes are read back from
a simulated sign on a socket, the receipt from the completed sale."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counterapp.db.uow import UnitOfWork
from counterapp.ids import uuid7
from counterapp.services.auth import login
from devices.simulator import SocketPrinterSimulator
from tests.test_ui_queue import associate, focus, greeter, make_ctx


def sell_meeting_room(qtbot, desk):
    qtbot.keyClicks(desk.search, "meeting room")
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    with qtbot.waitSignal(desk.sale_completed, timeout=15_000) as sold:
        desk.fill_exact()
        qtbot.keyClick(desk.amount, Qt.Key.Key_Return)
    return sold.args[0].receipt


def test_a_french_ticket_from_the_greeter_is_called_in_french_and_its_visit_is_french(
    qtbot, tmp_path, station_db
):
    sign = SocketPrinterSimulator(on_line=lambda _line: None)
    try:
        ctx = make_ctx(
            tmp_path,
            station_db,
            counter_name="Counter 3",
            now_serving={"driver": "text", "url": sign.url},
        )
        lobby = greeter(qtbot, ctx)  # the greeter's window stays English
        lobby.visitor_language.setCurrentIndex(lobby.visitor_language.findData("fr"))
        qtbot.keyClick(lobby, Qt.Key.Key_T)
        qtbot.keyClick(lobby, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: lobby.issued_label.text() == "T-001", timeout=10_000)
        assert "Ticket T-001 issued." in lobby.message.text()
        lobby.close()

        desk = associate(qtbot, ctx)
        assert desk.visitor_language.currentData() is None  # nothing chosen before the call
        focus(qtbot, desk)
        qtbot.keyClick(desk, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: "T-001 -> Guichet 3" in sign.lines, timeout=10_000)
        assert not any("Counter" in line for line in sign.lines)
        assert desk.visitor_language.currentData() == "fr"  # from the ticket
        assert "Called T-001" in desk.message.text()  # the associate's window stays English
        receipt = sell_meeting_room(qtbot, desk)
        assert receipt.language == "fr"
        assert desk.visitor_language.currentData() is None  # the next visitor afresh
    finally:
        sign.stop()


def test_an_english_ticket_is_called_in_english_and_the_associate_may_change_the_visit(
    qtbot, tmp_path, station_db
):
    sign = SocketPrinterSimulator(on_line=lambda _line: None)
    try:
        ctx = make_ctx(
            tmp_path,
            station_db,
            counter_name="Guichet 3",  # a francophone office's own name for the desk
            now_serving={"driver": "text", "url": sign.url},
        )
        desk = associate(qtbot, ctx)
        panel = desk.queue_panel
        assert panel is not None and panel.sq is not None
        gail = login(UnitOfWork(station_db), "gail", "greeter")
        panel.sq.backend.issue(
            panel.sq.actor(gail), request_id=uuid7(), category="T", language="en"
        )
        focus(qtbot, desk)
        qtbot.keyClick(desk, Qt.Key.Key_F11)
        qtbot.waitUntil(lambda: "T-001 -> Counter 3" in sign.lines, timeout=10_000)
        assert desk.visitor_language.currentData() == "en"
        # The visitor would rather read French: the associate changes it for the visit.
        desk.visitor_language.setCurrentIndex(desk.visitor_language.findData("fr"))
        assert sell_meeting_room(qtbot, desk).language == "fr"
    finally:
        sign.stop()
