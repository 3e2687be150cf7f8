"""The station window's devices: the job queue, the status line, the pole display.

``WindowDevices(window)`` is the one hook the station window creates; it
owns everything device-related so ``ui/station_window.py`` stays small:

- a transaction's receipt (and the drawer kick for cash) is queued by the
  service in the transaction's own commit (``receipt_route()`` goes on the
  command); the window follows it (``follow_receipt``) and hears how it
  ended through its ``print_finished`` signal. Receipts with no transaction
  (an intake slip) are queued with ``print_receipt``;
- a job the device took without a status answer ends "sent, not confirmed",
  said so on the status line with Ctrl+P one key away;
- a status label per device, from the queue's status queries and job results;
- the pole display follows the visit (``ui.pole_feed.PoleFeed``);
- a "Devices" menu: print queue (retry / send elsewhere), no-sale drawer
  opening, device settings, check devices now.

The queue (``counterapp.device_lanes.DeviceLanes``) runs on its own threads;
``DeviceLanesBridge`` turns its callbacks into Qt signals delivered on the UI
thread. Database writes (enqueueing) run on the database lane (``ui.ops``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from counterapp.device_lanes import DeviceLanes
from counterapp.domain.devices import DeviceRole, DeviceSettings, DeviceState, DeviceStatus
from counterapp.domain.receipt import Receipt
from counterapp.services import device_jobs
from counterapp.services.auth import Role
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import JobInfo, JobState, PrintReceipt, ReceiptRoute
from ui.fit import add_status_part
from ui.messages import error_text
from ui.ops import database_lane

if TYPE_CHECKING:
    from ui.context import StationContext
    from ui.station_window import StationWindow


def started_device_lanes(ctx: StationContext) -> DeviceLanes:
    """The station's one device job queue (``counterapp.bootstrap``), running."""
    queue = ctx.devices()
    queue.start()
    return queue


class DeviceLanesBridge(QObject):
    """The queue's callbacks (on its threads) as signals (delivered on this object's thread)."""

    job_changed = Signal(object)  # JobInfo
    status_changed = Signal(str, object)  # device name, DeviceStatus

    def __init__(self, queue: DeviceLanes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lanes = queue
        self._job = self.job_changed.emit
        self._status = self.status_changed.emit
        queue.on_job(self._job)
        queue.on_status(self._status)

    def detach(self) -> None:
        self.lanes.remove_listeners(self._job, self._status)


STATE_COLOURS = {
    DeviceState.ONLINE: "#1b5e20",
    DeviceState.PAPER_LOW: "#8a5a00",
    DeviceState.SENT: "#8a5a00",
    DeviceState.UNKNOWN: "#555555",
}


STATE_WORDS = {
    DeviceState.ONLINE: QT_TRANSLATE_NOOP("DeviceStatus", "ready"),
    DeviceState.PAPER_LOW: QT_TRANSLATE_NOOP("DeviceStatus", "paper low"),
    DeviceState.PAPER_OUT: QT_TRANSLATE_NOOP("DeviceStatus", "out of paper"),
    DeviceState.COVER_OPEN: QT_TRANSLATE_NOOP("DeviceStatus", "cover open"),
    DeviceState.ERROR: QT_TRANSLATE_NOOP("DeviceStatus", "error"),
    DeviceState.OFFLINE: QT_TRANSLATE_NOOP("DeviceStatus", "offline"),
    DeviceState.SENT: QT_TRANSLATE_NOOP("DeviceStatus", "sent, not confirmed"),
    DeviceState.UNKNOWN: QT_TRANSLATE_NOOP("DeviceStatus", "state unknown"),
}


#: The names the set-up gives devices (counterapp.setup, domain.devices, the first-run
#: wizard, the demo): shown in the window's language. A name the administrator typed
#: shows as typed.
DEFAULT_DEVICE_NAMES = (
    QT_TRANSLATE_NOOP("DeviceName", "Receipt printer"),
    QT_TRANSLATE_NOOP("DeviceName", "Ticket printer"),
    QT_TRANSLATE_NOOP("DeviceName", "Customer display"),
    QT_TRANSLATE_NOOP("DeviceName", "Now-serving sign"),
)


def device_label(name: str) -> str:
    """A device's name as the window shows it."""
    if name in DEFAULT_DEVICE_NAMES:
        return QCoreApplication.translate("DeviceName", name)
    return name


def device_status_line(name: str, status: DeviceStatus) -> str:
    """ "Receipt printer: ready" — the status line's words for one device."""
    return (
        QCoreApplication.translate("DeviceStatus", "%1: %2")
        .replace("%1", device_label(name))
        .replace("%2", status_text(status))
    )


def status_text(status: DeviceStatus) -> str:
    """A device's status as the status line says it (translated, context "DeviceStatus")."""
    text = QCoreApplication.translate("DeviceStatus", str(STATE_WORDS[status.state]))
    if status.drawer_open:
        text += ", " + QCoreApplication.translate("DeviceStatus", "drawer open")
    return text


class WindowDevices(QObject):
    """Devices for one station window. Create it once the window's widgets exist."""

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lanes: DeviceLanes = window.ctx.devices()
        self._ops = database_lane()
        self._waiting_receipts: set[str] = set()
        self._ended: dict[str, JobInfo] = {}  # receipt no. → its job's end, heard before asked
        self.status_labels: dict[str, QLabel] = {}
        self.bridge = DeviceLanesBridge(self.lanes, self)
        self.bridge.job_changed.connect(self._job_changed)
        self.bridge.status_changed.connect(self._status_changed)
        self._build_status_labels()
        self._build_menu()
        from ui.pole_feed import PoleFeed

        self.pole = PoleFeed(self, self.device_for(DeviceRole.POLE_DISPLAY))
        window.installEventFilter(self)
        self.lanes.start()

    # -- devices ----------------------------------------------------------------------

    @property
    def devices(self) -> list[DeviceSettings]:
        return [d for d in self.window.ctx.config.device_list() if d.enabled]

    def device_for(self, role: DeviceRole) -> DeviceSettings | None:
        return next((d for d in self.devices if d.role == role), None)

    def uow(self) -> Any:
        return self.window.ctx.uow()

    # -- receipts ---------------------------------------------------------------------

    def receipt_route(self) -> ReceiptRoute | None:
        """Where this station's receipts go, for a transaction's command (None: no printer)."""
        printer = self.device_for(DeviceRole.RECEIPT_PRINTER)
        if printer is None:
            return None
        return ReceiptRoute(printer.name, printer.kick_drawer_on_cash)

    def follow_receipt(self, receipt_no: str, queued: bool) -> None:
        """A receipt its transaction already queued (``queued``, in the same commit): wake
        the printer's lane and say how it ends on the window."""
        window = self.window
        printer = self.device_for(DeviceRole.RECEIPT_PRINTER)
        if printer is None or not queued:
            text = self.tr("No receipt printer set up")
            window.printer_status.setText(text)
            window.print_finished.emit(text)
            return
        ended = self._ended.pop(receipt_no, None)
        if ended is not None:  # the lane was quicker than this call
            self._waiting_receipts.add(receipt_no)
            self._job_changed(ended)
            return
        self._waiting_receipts.add(receipt_no)
        window.printer_status.setText(self.tr("Printing %1…").replace("%1", receipt_no))
        self.lanes.wake(printer.name)

    def print_receipt(self, receipt: Receipt, *, kick: bool) -> None:
        """Queue ``receipt`` (and the drawer kick before it, when ``kick``) on the receipt
        printer; the window's ``print_finished`` says how it ended."""
        window = self.window
        printer = self.device_for(DeviceRole.RECEIPT_PRINTER)
        if printer is None:
            text = self.tr("No receipt printer set up")
            window.printer_status.setText(text)
            window.print_finished.emit(text)
            return
        cmd = PrintReceipt(
            receipt,
            printer.name,
            kick_drawer=kick and printer.kick_drawer_on_cash,
            staff_id=window.staff.id,
        )
        self._waiting_receipts.add(receipt.receipt_no)
        window.printer_status.setText(self.tr("Printing %1…").replace("%1", receipt.receipt_no))
        self._ops.run(
            lambda: device_jobs.print_receipt(self.uow(), cmd),
            lambda _ids: self.lanes.wake(printer.name),
            lambda exc: self._not_queued(receipt.receipt_no, exc),
            changes=changes(Change.DEVICE_JOBS),
        )

    def queue_job(
        self,
        kind: str,
        document: dict[str, Any],
        *,
        role: DeviceRole = DeviceRole.RECEIPT_PRINTER,
        reference: str = "",
        on_failure: Callable[[Exception], None] | None = None,
    ) -> bool:
        """Queue a ``kind`` job (``drawer_kick``, a report, a ticket …) for this station's
        first device with ``role``; False when the station has none. How the job ends
        shows in the print queue and, for failures, on the window."""
        device = self.device_for(role)
        if device is None:
            return False
        name, staff_id = device.name, self.window.staff.id

        def run() -> None:
            device_jobs.enqueue(
                self.uow(),
                device_jobs.EnqueueJob(
                    name, kind, document, reference=reference, max_attempts=2, staff_id=staff_id
                ),
            )
            self.lanes.wake(name)

        self._ops.run(
            run,
            None,
            on_failure or (lambda exc: self.window.say(error_text(exc), error=True)),
            changes=changes(Change.DEVICE_JOBS),
        )
        return True

    def kick_drawer(self, reference: str = "") -> bool:
        """Open the cash drawer on the receipt printer (a pickup, a count): through the queue.
        A no-sale is ``device_jobs.open_drawer_no_sale``, which also records it."""
        return self.queue_job("drawer_kick", {}, reference=reference)

    def _not_queued(self, receipt_no: str, exc: Exception) -> None:
        self._waiting_receipts.discard(receipt_no)
        self._receipt_failed(receipt_no, error_text(exc))

    def _receipt_failed(self, receipt_no: str, reason: str) -> None:
        window = self.window
        printer = self.device_for(DeviceRole.RECEIPT_PRINTER)
        status = self.lanes.statuses().get(printer.name) if printer else None
        if printer is not None and status is not None and status.state is not DeviceState.ONLINE:
            window.printer_status.setText(device_status_line(printer.name, status))
        else:
            window.printer_status.setText(self.tr("Printer problem"))
        window.printer_status.setStyleSheet("color: #b00020;")
        window.say(
            self.tr(
                "Receipt %1 did not print: %2. The sale is saved; press Ctrl+P to reprint "
                "or Ctrl+Shift+P to retry it or send it to another printer."
            )
            .replace("%1", receipt_no)
            .replace("%2", reason),
            error=True,
        )
        window.print_finished.emit(reason)

    def _job_changed(self, info: JobInfo) -> None:
        if info.kind == "drawer_kick" and info.state is JobState.FAILED:
            self.window.say(
                self.tr("The cash drawer did not open: %1").replace("%1", info.reason), error=True
            )
            return
        if info.kind != "receipt":
            return
        if info.reference not in self._waiting_receipts:
            if info.state in (JobState.DONE, JobState.SENT, JobState.FAILED):
                self._ended[info.reference] = info
                while len(self._ended) > 20:
                    self._ended.pop(next(iter(self._ended)))
            return
        if info.state is JobState.DONE:
            self._waiting_receipts.discard(info.reference)
            self.window.printer_status.setText(self.tr("Printed %1").replace("%1", info.reference))
            self.window.printer_status.setStyleSheet("color: #1b5e20;")
            self.window.print_finished.emit("")
        elif info.state is JobState.SENT:
            self._waiting_receipts.discard(info.reference)
            self.window.printer_status.setText(
                self.tr("Sent %1, not confirmed").replace("%1", info.reference)
            )
            self.window.printer_status.setToolTip(info.reason)
            self.window.printer_status.setStyleSheet("color: #8a5a00;")
            self.window.say(
                self.tr(
                    "Receipt %1 was sent, but the printer did not confirm it (%2). If it did "
                    "not come out, press Ctrl+P to reprint it."
                )
                .replace("%1", info.reference)
                .replace("%2", info.reason)
            )
            self.window.print_finished.emit(info.reason)
        elif info.state is JobState.FAILED:
            self._waiting_receipts.discard(info.reference)
            self._receipt_failed(info.reference, info.reason)
        elif info.state is JobState.QUEUED and info.reason:
            self.window.printer_status.setText(
                self.tr("Trying %1 again…").replace("%1", info.reference)
            )

    # -- status line ------------------------------------------------------------------

    def _build_status_labels(self) -> None:
        bar = self.window.statusBar()
        receipt = self.device_for(DeviceRole.RECEIPT_PRINTER)
        for device in self.devices:
            if receipt is not None and device.name == receipt.name:
                continue  # the window's own printer label tells the receipt printer's jobs
            label = QLabel(self.window)
            label.setObjectName(f"deviceStatus:{device.name}")
            label.setAccessibleName(self.tr("%1 status").replace("%1", device_label(device.name)))
            add_status_part(bar, label)
            self.status_labels[device.name] = label
        for name, status in self.lanes.statuses().items():
            self._status_changed(name, status)

    def _status_changed(self, name: str, status: DeviceStatus) -> None:
        text = device_status_line(name, status)
        colour = STATE_COLOURS.get(status.state, "#b00020")
        label = self.status_labels.get(name)
        receipt = self.device_for(DeviceRole.RECEIPT_PRINTER)
        if label is None and receipt is not None and name == receipt.name:
            label = self.window.printer_status
            if self._waiting_receipts and status.state is DeviceState.ONLINE:
                return  # "Printing …" says more than "ready" while a receipt is on its way
        if label is None:
            return
        label.setText(text)
        label.setToolTip(status.detail)
        label.setStyleSheet(f"color: {colour};")

    # -- menu -------------------------------------------------------------------------

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(self.tr("Dev&ices"))
        menu.setObjectName("devicesMenu")

        def action(text: str, slot: Callable[[], None], keys: str = "") -> QAction:
            act = QAction(text, self.window)
            if keys:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(slot)
            menu.addAction(act)
            self.window.addAction(act)  # the shortcut works with the menu closed
            return act

        self.queue_action = action(self.tr("Print &queue…"), self.show_queue, "Ctrl+Shift+P")
        self.no_sale_action = action(
            self.tr("Open the cash &drawer (no sale)…"), self.open_drawer, "Ctrl+Shift+N"
        )
        self.check_action = action(self.tr("&Check devices now"), self.lanes.check_status)
        self.settings_action = action(self.tr("Device &settings…"), self.show_settings)
        self.settings_action.setEnabled(self.window.staff.role in (Role.SUPERVISOR, Role.ADMIN))

    def show_queue(self) -> None:
        from ui.device_jobs_dialog import DeviceJobsDialog

        dialog = DeviceJobsDialog(self, self.window)
        dialog.setObjectName("deviceJobsDialog")
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def open_drawer(self) -> None:
        from ui.no_sale import NoSaleDialog

        printer = self.device_for(DeviceRole.RECEIPT_PRINTER)
        if printer is None:
            self.window.say(self.tr("No receipt printer set up, so no cash drawer."), error=True)
            return
        dialog = NoSaleDialog(self, printer.name, self.window)
        dialog.setObjectName("noSaleDialog")
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def show_settings(self) -> None:
        from ui.device_settings import DeviceSettingsDialog

        dialog = DeviceSettingsDialog(self.window.ctx.config, self.window)
        dialog.setObjectName("deviceSettingsDialog")
        dialog.saved.connect(self.apply_settings)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def apply_settings(self, devices: list[DeviceSettings]) -> None:
        """New device settings were saved: restart the queue on them (jobs stay queued)."""
        ctx = self.window.ctx
        ctx.config.devices = list(devices)
        old = self.lanes
        self.bridge.detach()
        old.stop(timeout_s=0.5)
        self.lanes = ctx.devices(restart=True)
        self.bridge = DeviceLanesBridge(self.lanes, self)
        self.bridge.job_changed.connect(self._job_changed)
        self.bridge.status_changed.connect(self._status_changed)
        bar = self.window.statusBar()
        for label in self.status_labels.values():
            bar.removeWidget(label)
            label.deleteLater()
        self.status_labels.clear()
        self._build_status_labels()
        self.pole.set_device(self.device_for(DeviceRole.POLE_DISPLAY))
        self.check_action.triggered.disconnect()
        self.check_action.triggered.connect(self.lanes.check_status)
        self.lanes.start()
        panel = self.window.queue_panel  # its now-serving sign's jobs: on the new lanes
        if panel is not None and panel.bridge is not None:
            panel.bridge.follow_device_lanes()
        self.window.say(self.tr("Device settings saved and in use."))

    # -- closing ----------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        self.pole.stop()
        self.bridge.detach()
        self.lanes.stop(timeout_s=1.0)
