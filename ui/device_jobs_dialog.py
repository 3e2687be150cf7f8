"""The print queue: every recent device job, why a job failed or was not confirmed,
send it again (Alt+R) or to another device of the same role."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.clock import TIME_SECONDS, format_site_time
from counterapp.domain.devices import DeviceRole
from counterapp.services import device_jobs
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import (
    JobInfo,
    JobState,
    PrintReceipt,
    RetryJob,
    role_of_kind,
)
from counterapp.services.errors import ServiceError
from counterapp.services.sales import stored_receipt
from ui.fit import refilling
from ui.keyrules import mark_primary
from ui.messages import error_text
from ui.ops import database_lane, on_changes

if TYPE_CHECKING:
    from ui.devices_hook import WindowDevices

_CTX = "DeviceJobsDialog"
KIND_LABELS = {
    "receipt": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Receipt"),
    "drawer_kick": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Cash drawer"),
    "test_print": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Test print"),
    "test_display": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Test display"),
    "ticket": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Queue ticket"),
    "now_serving": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Now-serving call"),
    "raw": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Raw bytes"),
    "z_report": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Z report"),
    "drawer_slip": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Drawer slip (pickup, paid-out, deposit)"),
    "display": QT_TRANSLATE_NOOP("DeviceJobsDialog", "Customer display"),
}


def kind_label(kind: str) -> str:
    """A job kind as people read it ("Z report"), never the raw name (``z_report``)."""
    if kind in KIND_LABELS:
        return _t(KIND_LABELS[kind])
    return _t(kind.replace("_", " ").capitalize())


STATE_LABELS = {
    JobState.QUEUED: QT_TRANSLATE_NOOP("DeviceJobsDialog", "Waiting"),
    JobState.PRINTING: QT_TRANSLATE_NOOP("DeviceJobsDialog", "Sending"),
    JobState.DONE: QT_TRANSLATE_NOOP("DeviceJobsDialog", "Done"),
    JobState.SENT: QT_TRANSLATE_NOOP("DeviceJobsDialog", "Sent, not confirmed"),
    JobState.FAILED: QT_TRANSLATE_NOOP("DeviceJobsDialog", "Failed"),
}


def _t(text: object) -> str:
    return QCoreApplication.translate(_CTX, str(text))


class DeviceJobsDialog(QDialog):
    COLUMNS = (
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "Time"),
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "Device"),
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "What"),
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "Number"),
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "State"),
        QT_TRANSLATE_NOOP("DeviceJobsDialog", "Reason"),
    )

    def __init__(self, devices: WindowDevices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._devices = devices
        self._ops = database_lane()
        self.jobs: list[JobInfo] = []
        self.setWindowTitle(self.tr("Print queue"))
        self.setAccessibleName(self.tr("Print queue"))
        self.resize(900, 420)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("jobsTable")
        self.table.setAccessibleName(self.tr("Device jobs, newest first"))
        self.table.setAccessibleDescription(
            self.tr("Print and display jobs: the device, what it was, its state, why it failed")
        )
        self.table.setHorizontalHeaderLabels([_t(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in range(len(self.COLUMNS) - 1):  # what a job is shows whole; the reason wraps
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.retry_button.setObjectName("retryJob")
        self.retry_button.setAccessibleName(self.tr("Retry the selected job on its device"))
        self.retry_button.clicked.connect(lambda: self.retry(None))
        target_label = QLabel(self.tr("Send &to:"), self)
        self.target = QComboBox(self)
        self.target.setObjectName("sendTo")
        self.target.setAccessibleName(self.tr("Printer to send the selected job to"))
        target_label.setBuddy(self.target)
        self.send_button = mark_primary(QPushButton(self.tr("&Send"), self))
        self.send_button.setObjectName("sendJob")
        self.send_button.setAccessibleName(self.tr("Send the selected job to the chosen printer"))
        self.send_button.clicked.connect(lambda: self.retry(self.target.currentData()))
        self.refresh_button = QPushButton(self.tr("Re&fresh"), self)
        self.refresh_button.setAccessibleName(self.tr("Refresh the list"))
        self.refresh_button.clicked.connect(self.refresh)
        self._roles = {d.name: d.role for d in devices.devices}
        self._fill_targets(None)

        reprint_label = QLabel(self.tr("Re&print receipt no.:"), self)
        self.reprint_number = QLineEdit(self)
        self.reprint_number.setObjectName("reprintNumber")
        self.reprint_number.setAccessibleName(self.tr("Receipt number to reprint"))
        self.reprint_number.setPlaceholderText("WHB-01-000042")
        self.reprint_number.returnPressed.connect(self.reprint)
        reprint_label.setBuddy(self.reprint_number)
        self.reprint_button = QPushButton(self.tr("Reprint (C&OPY) to the chosen printer"), self)
        self.reprint_button.setObjectName("reprintReceipt")
        self.reprint_button.setAccessibleName(self.tr("Reprint the receipt, marked COPY"))
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_button.setEnabled(
            any(r == DeviceRole.RECEIPT_PRINTER for r in self._roles.values())
        )

        self.message = QLabel(self)
        self.message.setObjectName("queueMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Print queue message"))

        row = QHBoxLayout()
        row.addWidget(self.retry_button)
        row.addSpacing(24)
        row.addWidget(target_label)
        row.addWidget(self.target)
        row.addWidget(self.send_button)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        reprint_row = QHBoxLayout()
        reprint_row.addWidget(reprint_label)
        reprint_row.addWidget(self.reprint_number, 1)
        reprint_row.addWidget(self.reprint_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(reprint_row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._closed = False
        self._bridge = devices.bridge
        self._bridge.job_changed.connect(self._job_changed)
        self._selection_changed()
        # Whatever stored, retried or moved a job (here, a sale, a drawer action) shows.
        on_changes(self, (Change.DEVICE_JOBS,), lambda _c: self._job_changed(None))
        self.refresh()
        self.table.setFocus()

    def done(self, result: int) -> None:
        # Late answers from the background lanes must not reach widgets being deleted.
        if not self._closed:  # done() may come twice (Close, then the window closing)
            self._closed = True
            self._bridge.job_changed.disconnect(self._job_changed)
        super().done(result)

    def refresh(self) -> None:
        uow = self._devices.uow()
        self._ops.run(lambda: device_jobs.list_jobs(uow), self._loaded, self._failed)

    def _loaded(self, jobs: list[JobInfo]) -> None:
        if self._closed:
            return
        selected = self.selected()
        self.jobs = jobs
        with refilling(self.table):
            self.table.setRowCount(len(jobs))
            for row, job in enumerate(jobs):
                when = format_site_time(job.created_at, TIME_SECONDS)  # the site's clock
                values = (
                    when,
                    job.device,
                    kind_label(job.kind),
                    job.reference,
                    _t(STATE_LABELS[job.state]),
                    job.reason,
                )
                for col, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, job.id)
                    if col == len(values) - 1:
                        item.setToolTip(value)
                    self.table.setItem(row, col, item)
        if selected is not None:
            for row, job in enumerate(jobs):
                if job.id == selected.id:
                    self.table.selectRow(row)
        elif jobs:
            failed = next((r for r, j in enumerate(jobs) if j.state is JobState.FAILED), 0)
            self.table.selectRow(failed)
        self._selection_changed()

    def _job_changed(self, _info: JobInfo | None) -> None:
        if self._closed:
            return
        self.refresh()

    def selected(self) -> JobInfo | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.jobs) or not self.table.selectedItems():
            return None
        return self.jobs[row]

    def _fill_targets(self, job: JobInfo | None) -> None:
        """Devices a job may be sent to: those of its role (receipt printers for a
        receipt …); with no job chosen, the receipt printers (for a reprint)."""
        want = role_of_kind(job.kind) if job is not None else DeviceRole.RECEIPT_PRINTER
        chosen = self.target.currentData()
        self.target.clear()
        for name, role in self._roles.items():
            if want is None or role == want:
                self.target.addItem(name, name)
        index = self.target.findData(chosen)
        if index >= 0:
            self.target.setCurrentIndex(index)

    def _selection_changed(self) -> None:
        job = self.selected()
        can = job is not None and job.can_retry
        self._fill_targets(job)
        self.retry_button.setEnabled(can)
        self.retry_button.setText(
            self.tr("&Reprint") if job is not None and job.state is JobState.SENT
            else self.tr("&Retry")
        )  # fmt: skip
        self.send_button.setEnabled(can and self.target.count() > 0)

    def retry(self, device: str | None) -> None:
        job = self.selected()
        if job is None:
            return
        cmd = RetryJob(job.id, device, dict(self._roles))
        uow = self._devices.uow()
        lanes = self._devices.lanes
        target = device or job.device

        def run() -> JobInfo:
            info = device_jobs.retry_job(uow, cmd)
            lanes.wake(target)
            return info

        self._ops.run(run, self._retried, self._failed, changes=changes(Change.DEVICE_JOBS))

    def _retried(self, info: JobInfo) -> None:
        if self._closed:
            return
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(
            self.tr("Sent again to %1.").replace("%1", info.device)
            if info.reference == ""
            else self.tr("%1 sent again to %2.")
            .replace("%1", info.reference)
            .replace("%2", info.device)
        )

    def reprint(self) -> None:
        """Any receipt of this station, by number, marked COPY, to the printer chosen above."""
        number = self.reprint_number.text().strip().upper()
        device = self.target.currentData()
        if not number or not device:
            self._failed(ServiceError(self.tr("Type the receipt number to reprint.")))
            return
        if self._roles.get(str(device)) != DeviceRole.RECEIPT_PRINTER:
            device = next(
                (n for n, r in self._roles.items() if r == DeviceRole.RECEIPT_PRINTER), None
            )
        if device is None:
            self._failed(ServiceError(self.tr("No receipt printer set up.")))
            return
        uow_factory = self._devices.uow
        lanes = self._devices.lanes
        staff_id = self._devices.window.staff.id

        def run() -> str:
            receipt = stored_receipt(uow_factory(), number, copy=True)
            device_jobs.print_receipt(
                uow_factory(), PrintReceipt(receipt, device, staff_id=staff_id)
            )
            lanes.wake(device)
            return number

        self._ops.run(run, self._reprinted, self._failed, changes=changes(Change.DEVICE_JOBS))

    def _reprinted(self, number: str) -> None:
        if self._closed:
            return
        self.reprint_number.clear()
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(self.tr("Receipt %1 queued as a COPY.").replace("%1", number))

    def _failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(error_text(exc))
