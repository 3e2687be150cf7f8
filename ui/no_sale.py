"""Opening the cash drawer without a sale: a supervisor's act, recorded as a no-sale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counterapp.services import device_jobs
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import NO_SALE_REASONS, NoSale
from ui.messages import error_text
from ui.ops import database_lane

if TYPE_CHECKING:
    from ui.devices_hook import WindowDevices


class NoSaleDialog(QDialog):
    """Always a supervisor's approval, and never the signed-in person's own (the one
    approval rule): their user name and their password or PIN."""

    def __init__(self, devices: WindowDevices, printer: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._devices = devices
        self._printer = printer
        self._staff = devices.window.staff
        self._ops = database_lane()
        self._closed = False
        self.setWindowTitle(self.tr("Open the cash drawer"))
        self.setAccessibleName(self.tr("Open the cash drawer without a sale"))

        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.setObjectName("noSaleReason")
        self.reason.setAccessibleName(self.tr("Reason for opening the drawer"))
        for reason in NO_SALE_REASONS:
            self.reason.addItem(self.tr(reason), reason)
        reason_label = QLabel(self.tr("&Reason:"), self)
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        self.supervisor = QLineEdit(self)
        self.supervisor.setObjectName("supervisorUsername")
        self.supervisor.setAccessibleName(self.tr("Supervisor user name"))
        self.password = QLineEdit(self)
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Supervisor password or PIN"))
        sup_label = QLabel(self.tr("&Supervisor:"), self)
        sup_label.setBuddy(self.supervisor)
        pw_label = QLabel(self.tr("&Password or PIN:"), self)
        pw_label.setBuddy(self.password)
        form.addRow(sup_label, self.supervisor)
        form.addRow(pw_label, self.password)
        self.message = QLabel(self)
        self.message.setObjectName("noSaleMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Open drawer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setObjectName("openDrawer")
        self.open_button.setAccessibleName(self.tr("Open the drawer"))
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("The drawer opens on %1 and the opening is recorded as a no-sale.").replace(
                "%1", printer
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.supervisor.setFocus()

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def submit(self) -> None:
        cmd = NoSale(
            self._staff,
            self._printer,
            reason=self.reason.currentData(),
            supervisor_username=self.supervisor.text(),
            supervisor_password=self.password.text(),
        )
        self.password.clear()
        self.open_button.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        uow = self._devices.uow()
        lanes = self._devices.lanes
        printer = self._printer

        def run() -> str:
            job_id = device_jobs.open_drawer_no_sale(uow, cmd)
            lanes.wake(printer)
            return job_id

        self._ops.run(
            run, self._opened, self._failed, changes=changes(Change.DRAWER, Change.DEVICE_JOBS)
        )

    def _opened(self, _job_id: str) -> None:
        self._devices.window.say(self.tr("Cash drawer opening (no sale recorded)."))
        if not self._closed:
            self.accept()

    def _failed(self, exc: Exception) -> None:
        if self._closed:
            return
        self.open_button.setEnabled(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(error_text(exc))
