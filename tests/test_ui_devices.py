"""The window's devices, driven through the real widgets offscreen: a receipt that
does not print is retried or sent elsewhere from the print queue, the pole display
follows the visit, the settings screen checks before it saves, a no-sale needs a
supervisor."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counterapp.config import StationConfig
from counterapp.db.models import AuditEntry, Sale
from counterapp.db.uow import UnitOfWork
from counterapp.domain.devices import DeviceRole, DeviceSettings
from counterapp.services.auth import login
from devices.simulator import CUT_LINE, DRAWER_LINE, PoleDisplaySimulator, PrinterSimulator
from tests.drawer_support import add_flat_fee_services, open_drawers
from ui.context import StationContext
from ui.device_jobs_dialog import DeviceJobsDialog
from ui.device_settings import DeviceSettingsDialog
from ui.no_sale import NoSaleDialog
from ui.station_window import StationWindow


@pytest.fixture
def printer() -> Iterator[PrinterSimulator]:
    with PrinterSimulator(on_line=None) as sim:
        yield sim


@pytest.fixture
def pole() -> Iterator[PoleDisplaySimulator]:
    with PoleDisplaySimulator(on_line=None) as sim:
        yield sim


def receipt_printer(url: str, name: str = "Receipt printer", **kw: object) -> DeviceSettings:
    return DeviceSettings(name, url=url, write_timeout_s=1.0, read_timeout_s=0.3, **kw)  # type: ignore[arg-type]


def open_window(
    qtbot, tmp_path: Path, station_db, devices, user=("alex", "counter"), *, drawer: bool = True
):
    config = StationConfig(data_dir=tmp_path, devices=list(devices))
    add_flat_fee_services(station_db)  # TST-15: a $15.00 dog licence with no form
    ctx = StationContext(config, station_db)
    who = login(UnitOfWork(station_db), *user)
    if drawer:
        open_drawers(station_db, who, at=datetime.now(UTC))  # no money outside a drawer
    window = StationWindow(ctx, who)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.results.count() > 0)
    return window


def sell_dog_licence(qtbot, window: StationWindow) -> str:
    qtbot.keyClicks(window.search, "TST-15")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_F8)  # exact amount, cash
    with qtbot.waitSignal(window.print_finished, timeout=10_000) as printed:
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    return str(printed.args[0])


def active(kind: type):
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, f"no {kind.__name__} open"
    return found[0]


def test_paper_out_keeps_the_sale_and_the_receipt_prints_after_a_retry(
    qtbot, tmp_path, station_db, printer
) -> None:
    printer.status_mode = "paper_out"
    window = open_window(qtbot, tmp_path, station_db, [receipt_printer(printer.url)])
    reason = sell_dog_licence(qtbot, window)

    assert reason == "Receipt printer: out of paper"
    assert "The sale is saved" in window.message.text()
    assert window.printer_status.text() == "Receipt printer: out of paper"
    assert printer.wait_for(DRAWER_LINE)  # the drawer opened for the cash all the same
    with station_db() as s:
        receipt_no = s.scalars(select(Sale.receipt_no)).one()

    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = active(DeviceJobsDialog)
    qtbot.waitUntil(lambda: dialog.selected() is not None and dialog.retry_button.isEnabled())
    assert dialog.selected().reference == receipt_no
    assert dialog.table.item(dialog.table.currentRow(), 5).text() == "Receipt printer: out of paper"

    printer.status_mode = "ok"  # paper loaded
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert printer.wait_for(CUT_LINE)
    assert f"Receipt {receipt_no}" in printer.lines
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "Done")
    dialog.close()


def test_a_receipt_is_sent_to_another_printer_laid_out_for_its_paper(
    qtbot, tmp_path, station_db, printer
) -> None:
    devices = [
        receipt_printer("/dev/ttyDOESNOTEXIST"),
        receipt_printer(printer.url, name="Back office printer", columns=32),
    ]
    window = open_window(qtbot, tmp_path, station_db, devices)
    reason = sell_dog_licence(qtbot, window)
    assert reason == "Receipt printer: port /dev/ttyDOESNOTEXIST does not exist"

    window.devices.show_queue()
    dialog = active(DeviceJobsDialog)
    qtbot.waitUntil(lambda: dialog.selected() is not None and dialog.selected().kind == "receipt")
    dialog.target.setCurrentIndex(dialog.target.findData("Back office printer"))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert printer.wait_for(CUT_LINE)
    paper = [line for line in printer.lines if not line.startswith("[QR: ")]  # codes, not text
    assert max(len(line) for line in paper) == 32
    qtbot.waitUntil(lambda: "sent again to Back office printer" in dialog.message.text())
    dialog.close()


def test_the_pole_display_follows_the_visit(qtbot, tmp_path, station_db, printer, pole) -> None:
    devices = [
        receipt_printer(printer.url),
        DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20,
                       welcome="Welcome to Service Whitby"),
    ]  # fmt: skip
    window = open_window(qtbot, tmp_path, station_db, devices)
    assert pole.wait_for_screen("Welcome to Service", "Whitby")

    qtbot.keyClicks(window.search, "TST-15")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert pole.wait_for_screen("Dog licence   $15.00", "TOTAL         $15.00")

    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClicks(window.amount, "20")
    with qtbot.waitSignal(window.sale_completed, timeout=10_000):
        qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert pole.wait_for_screen("TENDERED      $20.00", "CHANGE         $5.00")
    assert window.devices.status_labels["Pole"].text() == "Pole: ready"


def test_device_settings_are_checked_before_they_are_saved(
    qtbot, tmp_path, station_db, printer
) -> None:
    config = StationConfig(data_dir=tmp_path, devices=[receipt_printer(printer.url)])
    dialog = DeviceSettingsDialog(config)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1 and dialog.name.text() == "Receipt printer"

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.url.setCurrentText("")
    dialog.save()
    assert "Device 1: set the port" in dialog.message.text()
    assert not (tmp_path / "station.json").exists()  # nothing saved while anything is wrong

    dialog.name.setText("Pole")
    dialog.role.setCurrentIndex(dialog.role.findData("pole_display"))
    dialog.url.setCurrentText("COM7")
    dialog.columns.setValue(20)
    dialog.list.setCurrentRow(0)  # back to the printer: the test uses the form's settings
    qtbot.mouseClick(dialog.test_print_button, Qt.MouseButton.LeftButton)
    assert printer.wait_for(CUT_LINE)
    assert printer.lines[0] == "TEST PRINT"
    qtbot.waitUntil(lambda: "Test sent" in dialog.message.text())

    with qtbot.waitSignal(dialog.saved, timeout=5_000) as saved:
        dialog.save()
    assert [d.name for d in saved.args[0]] == ["Receipt printer", "Pole"]
    stored = json.loads((tmp_path / "station.json").read_text(encoding="utf-8"))
    assert [(d["name"], d["role"], d["url"]) for d in stored["devices"]] == [
        ("Receipt printer", "receipt_printer", printer.url),
        ("Pole", "pole_display", "COM7"),
    ]


def test_an_associate_opens_the_drawer_only_with_a_supervisor(
    qtbot, tmp_path, station_db, printer
) -> None:
    window = open_window(qtbot, tmp_path, station_db, [receipt_printer(printer.url)])
    assert not window.devices.settings_action.isEnabled()  # settings are for supervisors
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = active(NoSaleDialog)
    assert dialog.needs_supervisor
    qtbot.keyClicks(dialog.supervisor, "sam")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not right" in dialog.message.text())
    assert DRAWER_LINE not in printer.lines

    qtbot.keyClicks(dialog.password, "supervisor")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert printer.wait_for(DRAWER_LINE)
    qtbot.waitUntil(lambda: "no sale recorded" in window.message.text())
    with station_db() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "drawer.no_sale")).all()
    assert len(entries) == 1


def test_any_receipt_is_reprinted_as_a_copy_on_any_printer(
    qtbot, tmp_path, station_db, printer
) -> None:
    with PrinterSimulator(on_line=None) as back_office:
        devices = [
            receipt_printer(printer.url),
            receipt_printer(back_office.url, name="Back office printer", columns=32),
        ]
        window = open_window(qtbot, tmp_path, station_db, devices)
        assert sell_dog_licence(qtbot, window) == ""
        with station_db() as s:
            receipt_no = s.scalars(select(Sale.receipt_no)).one()

        window.devices.show_queue()
        dialog = active(DeviceJobsDialog)
        dialog.target.setCurrentIndex(dialog.target.findData("Back office printer"))
        qtbot.keyClicks(dialog.reprint_number, receipt_no.lower())
        qtbot.keyClick(dialog.reprint_number, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: f"Receipt {receipt_no} queued as a COPY" in dialog.message.text())
        assert back_office.wait_for(CUT_LINE)
        assert "*** COPY ***".center(32).rstrip() in back_office.lines
        assert f"Receipt {receipt_no}" in back_office.lines

        qtbot.keyClicks(dialog.reprint_number, "WHB-01-999999")
        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "No receipt WHB-01-999999" in dialog.message.text())
        dialog.close()


def test_a_supervisor_moves_the_printer_to_another_port_and_the_next_receipt_prints_there(
    qtbot, tmp_path, station_db, printer
) -> None:
    window = open_window(
        qtbot, tmp_path, station_db, [receipt_printer("/dev/ttyDOESNOTEXIST")],
        user=("sam", "supervisor"),
    )  # fmt: skip
    assert window.devices.settings_action.isEnabled()
    window.devices.show_settings()
    dialog = active(DeviceSettingsDialog)
    dialog.url.setCurrentText(printer.url)
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        dialog.save()
    qtbot.waitUntil(lambda: "Device settings saved" in window.message.text())
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    assert sell_dog_licence(qtbot, window) == ""
    assert printer.wait_for(CUT_LINE)
    assert StationConfig.load(tmp_path).devices[0].url == printer.url


def test_the_pole_display_shows_what_is_still_due_between_tenders(
    qtbot, tmp_path, station_db, printer, pole
) -> None:
    devices = [
        receipt_printer(printer.url),
        DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20),
    ]
    window = open_window(qtbot, tmp_path, station_db, devices)
    qtbot.keyClicks(window.search, "TST-15")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClicks(window.amount, "10")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)
    assert pole.wait_for_screen("TOTAL         $15.00", "DUE            $5.00")


def test_other_features_open_the_drawer_through_the_queue(
    qtbot, tmp_path, station_db, printer
) -> None:
    window = open_window(qtbot, tmp_path, station_db, [receipt_printer(printer.url)])
    assert window.devices.kick_drawer(reference="pickup")
    assert printer.wait_for(DRAWER_LINE)
    assert not window.devices.queue_job("ticket", {}, role=DeviceRole.TICKET_PRINTER)


def test_the_pole_display_never_shows_a_state_the_sale_did_not_reach(
    qtbot, tmp_path, station_db, printer, pole
) -> None:
    """Issue 10: the display said DUE $0.00 for a tender the station then refused."""
    devices = [
        receipt_printer(printer.url),
        DeviceSettings("Pole", role=DeviceRole.POLE_DISPLAY.value, url=pole.url, columns=20),
    ]
    window = open_window(qtbot, tmp_path, station_db, devices, drawer=False)
    qtbot.keyClicks(window.search, "TST-15")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert pole.wait_for_screen("Dog licence   $15.00", "TOTAL         $15.00")
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.keyClicks(window.amount, "20")
    qtbot.keyClick(window.amount, Qt.Key.Key_Return)  # refused: no open drawer
    qtbot.waitUntil(lambda: "no open drawer" in window.message.text(), timeout=10_000)
    qtbot.wait(500)  # any frame the refusal queued has been written
    assert pole.screen[1].strip() in ("TOTAL         $15.00", "DUE           $15.00")
    assert not any("DUE            $0.00" in line for line in pole.lines), pole.lines
