"""Registrations: find a participant, cancel their seat or waitlist place by
the program's refund rule (a supervisor approves money going back)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.db.uow import UnitOfWork
from counterapp.services.approval import SupervisorApproval
from counterapp.services.auth import StaffIdentity
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.registrations import (
    CancelRegistration,
    CancelResult,
    RegistrationView,
    cancel_registration,
    find_registrations,
)
from ui.context import StationContext
from ui.keyrules import mark_primary
from ui.language import format_cents
from ui.messages import error_text
from ui.ops import OpRunner


class RegistrationsDialog(QDialog):
    cancelled = Signal(object)  # CancelResult
    results_shown = Signal()

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        parent: QWidget | None = None,
        *,
        receipt_route: ReceiptRoute | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._runner = runner
        self._staff = staff
        self._route = receipt_route  # a refund's receipt, in the cancellation's commit
        self._busy = False
        self.setWindowTitle(self.tr("Registrations"))
        self.setAccessibleName(self.tr("Registrations"))
        self.resize(680, 560)
        v = QVBoxLayout(self)
        search_label = QLabel(self.tr("Participant's &name or receipt number:"), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("registrationSearch")
        self.search.setAccessibleName(self.tr("Participant's name or receipt number"))
        self.search.returnPressed.connect(self.find_registrations)
        search_label.setBuddy(self.search)
        self.results = QListWidget(self)
        self.results.setObjectName("registrationResults")
        self.results.setAccessibleName(self.tr("Registrations found"))
        v.addWidget(search_label)
        v.addWidget(self.search)
        v.addWidget(self.results, 1)
        form = QFormLayout()
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaxLength(150)
        self.supervisor = QLineEdit(self)
        self.supervisor.setAccessibleName(self.tr("Supervisor's user name"))
        self.secret = QLineEdit(self)
        self.secret.setAccessibleName(self.tr("Supervisor's password or PIN"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.to_cash = QCheckBox(self.tr("Refund in &cash"), self)
        self.to_cash.setAccessibleName(self.tr("Refund in cash"))
        for text, widget in (
            (self.tr("R&eason:"), self.reason),
            (self.tr("&Supervisor (when money goes back):"), self.supervisor),
            (self.tr("Supervisor's &password or PIN:"), self.secret),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.to_cash)
        v.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("registrationMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        self.cancel_button = mark_primary(QPushButton(self.tr("Cancel the &registration"), self))
        self.cancel_button.setObjectName("cancelRegistration")
        self.cancel_button.setAccessibleName(self.tr("Cancel the chosen registration"))
        self.cancel_button.clicked.connect(self.cancel_chosen)
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.reject)
        for b in (self.cancel_button, close):
            b.setAutoDefault(False)
            v.addWidget(b)
        self.search.setFocus()

    def find_registrations(self) -> None:
        text, factory = self.search.text(), self.ctx.session_factory
        self._runner.run(
            lambda: find_registrations(UnitOfWork(factory, readonly=True), text),
            self._show,
            self._failed,
        )

    def _show(self, found: list[RegistrationView]) -> None:
        self.results.clear()
        for r in found:
            item = QListWidgetItem(
                f"{r.participant_name} · {r.program} · {r.status} · "
                f"{format_cents(r.paid_cents)} · {r.receipt_no} · starts {r.starts}"
            )
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            self.results.setFocus()
            self.say("")
        else:
            self.say(self.tr("No registration matches."))
        self.results_shown.emit()

    def cancel_chosen(self) -> None:
        item = self.results.currentItem()
        if item is None or self._busy:
            return
        reg: RegistrationView = item.data(Qt.ItemDataRole.UserRole)
        approval = (
            SupervisorApproval(self.supervisor.text(), self.secret.text())
            if self.supervisor.text().strip()
            else None
        )
        cmd = CancelRegistration(
            self._staff, reg.id, self.reason.text(), approval, self.to_cash.isChecked(),
            self._route,
        )  # fmt: skip
        now = self.ctx.clock()
        self._busy = True
        self.cancel_button.setEnabled(False)
        self._runner.run(
            lambda: cancel_registration(self.ctx.uow(), cmd, now=now), self._done, self._failed
        )

    def _done(self, result: CancelResult) -> None:
        self._busy = False
        self.cancel_button.setEnabled(True)
        self.secret.clear()
        self.say(
            self.tr("Cancelled; %1 goes back.").replace("%1", format_cents(result.refund_cents))
        )
        self.cancelled.emit(result)
        self.find_registrations()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.cancel_button.setEnabled(True)
        self.secret.clear()
        self.say(error_text(exc), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
