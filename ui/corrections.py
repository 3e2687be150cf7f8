"""Receipts and corrections: find a receipt (type or scan its number), then
void it, refund lines of it, or reprint it marked COPY.

Voids and refunds need a reason and a supervisor, who types their own user
name and password or PIN here at the associate's station; the service layer
checks them. Work runs on the window's database lane; the window prints.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.money import AmountError
from counterapp.i18n import Word
from counterapp.services.approval import SupervisorApproval
from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.corrections import (
    RefundLine,
    RefundSale,
    SaleSummary,
    VoidSale,
    refund_sale,
    refund_summary_text,
    reprint_receipt,
    sale_summary,
    void_sale,
)
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.sales import SaleResult
from ui.context import StationContext
from ui.keyrules import mark_primary
from ui.language import format_cents, parse_amount
from ui.messages import error_text, message_text
from ui.ops import OpRunner


class CorrectionsDialog(QDialog):
    corrected = Signal(object)  # SaleResult of the void or refund
    reprint_ready = Signal(object)  # Receipt marked COPY
    summary_shown = Signal()

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        parent: QWidget | None = None,
        *,
        receipt_no: str = "",
        receipt_route: ReceiptRoute | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._route = receipt_route  # the void's or refund's receipt, in its own commit
        self._runner = runner
        self._staff = staff
        self.summary: SaleSummary | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Receipts and corrections"))
        self.setAccessibleName(self.tr("Receipts and corrections"))
        self.resize(720, 620)

        v = QVBoxLayout(self)
        form = QFormLayout()
        self.receipt_no = QLineEdit(receipt_no, self)
        self.receipt_no.setObjectName("correctionReceiptNo")
        self.receipt_no.setAccessibleName(self.tr("Receipt number"))
        self.receipt_no.setPlaceholderText(self.tr("Type or scan, e.g. WHB-01-000042"))
        self.receipt_no.returnPressed.connect(self.find_receipt)
        label = QLabel(self.tr("Receipt &number:"), self)
        label.setBuddy(self.receipt_no)
        form.addRow(label, self.receipt_no)
        v.addLayout(form)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("correctionSummary")
        self.summary_label.setAccessibleName(self.tr("The receipt found"))
        self.summary_label.setWordWrap(True)
        v.addWidget(self.summary_label)
        lines_label = QLabel(self.tr("&Lines (Space ticks a line to refund):"), self)
        self.lines = QListWidget(self)
        self.lines.setObjectName("correctionLines")
        self.lines.setAccessibleName(self.tr("Lines of the receipt"))
        self.lines.setAccessibleDescription(
            self.tr("Each line of the receipt found; Space ticks a line to refund it")
        )
        lines_label.setBuddy(self.lines)
        v.addWidget(lines_label)
        v.addWidget(self.lines, 1)

        form2 = QFormLayout()
        self.refund_amount = QLineEdit(self)
        self.refund_amount.setObjectName("refundAmount")
        self.refund_amount.setAccessibleName(self.tr("Amount to refund"))
        self.refund_amount.setAccessibleDescription(
            self.tr(
                "Dollars and cents to give back; left blank, all that is left of each ticked line"
            )
        )
        self.refund_amount.setPlaceholderText(
            self.tr("blank: all that is left of each ticked line")
        )
        amount_label = QLabel(self.tr("Refund &amount:"), self)
        amount_label.setBuddy(self.refund_amount)
        form2.addRow(amount_label, self.refund_amount)
        self.to_cash = QCheckBox(self.tr("Refund in &cash (not to the original tenders)"), self)
        self.to_cash.setAccessibleName(self.tr("Refund in cash"))
        form2.addRow("", self.to_cash)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("correctionReason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaxLength(200)
        reason_label = QLabel(self.tr("R&eason:"), self)
        reason_label.setBuddy(self.reason)
        form2.addRow(reason_label, self.reason)
        self.supervisor = QLineEdit(self)
        self.supervisor.setObjectName("supervisorName")
        self.supervisor.setAccessibleName(self.tr("Supervisor's user name"))
        sup_label = QLabel(self.tr("&Supervisor:"), self)
        sup_label.setBuddy(self.supervisor)
        form2.addRow(sup_label, self.supervisor)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("supervisorSecret")
        self.secret.setAccessibleName(self.tr("Supervisor's password or PIN"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        secret_label = QLabel(self.tr("Supervisor's pass&word or PIN:"), self)
        secret_label.setBuddy(self.secret)
        form2.addRow(secret_label, self.secret)
        v.addLayout(form2)

        self.message = QLabel(self)
        self.message.setObjectName("correctionMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        row = QHBoxLayout()
        self.void_button = QPushButton(self.tr("&Void sale"), self)
        self.void_button.setObjectName("voidSale")
        self.void_button.setAccessibleName(self.tr("Void the whole sale"))
        # Enter refunds (it asks for ticked lines); voiding a whole sale is a choice.
        self.refund_button = mark_primary(QPushButton(self.tr("Re&fund ticked lines"), self))
        self.refund_button.setObjectName("refundLines")
        self.refund_button.setAccessibleName(self.tr("Refund the ticked lines"))
        self.reprint_button = QPushButton(self.tr("Re&print (COPY)"), self)
        self.reprint_button.setObjectName("reprintReceipt")
        self.reprint_button.setAccessibleName(self.tr("Reprint the receipt marked COPY"))
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close"))
        for b in (self.void_button, self.refund_button, self.reprint_button, self.close_button):
            b.setAutoDefault(False)
            b.setDefault(False)
            row.addWidget(b)
        v.addLayout(row)
        self.void_button.clicked.connect(self.void)
        self.refund_button.clicked.connect(self.refund)
        self.reprint_button.clicked.connect(self.reprint)
        self.close_button.clicked.connect(self.reject)
        self._enable()
        self.receipt_no.setFocus()
        if receipt_no:
            self.find_receipt()

    # ----- finding the receipt --------------------------------------------------
    def find_receipt(self) -> None:
        number = self.receipt_no.text()
        read = self.ctx.read
        self._runner.run(
            lambda: sale_summary(read(), number),
            self._show_summary,
            self._failed_find,
        )

    def _show_summary(self, summary: SaleSummary) -> None:
        self.summary = summary
        self.summary_label.setText(
            message_text(refund_summary_text(summary))
            + "  "
            + " · ".join(
                f"{message_text(Word(label))} {format_cents(c)}" for label, c in summary.tenders
            )
        )
        self.lines.clear()
        for line_no, description, paid, left in summary.lines:
            item = QListWidgetItem(
                self.tr("%1. %2  %3 (left to refund %4)")
                .replace("%1", str(line_no))
                .replace("%2", description)
                .replace("%3", format_cents(paid))
                .replace("%4", format_cents(left))
            )
            item.setData(Qt.ItemDataRole.UserRole, line_no)
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if left <= 0:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.lines.addItem(item)
        if self.lines.count():
            self.lines.setCurrentRow(0)
        self.say("")
        self._enable()
        self.lines.setFocus()
        self.summary_shown.emit()

    def _failed_find(self, exc: Exception) -> None:
        self.summary = None
        self.lines.clear()
        self.summary_label.clear()
        self._enable()
        self.say(error_text(exc), error=True)
        self.summary_shown.emit()

    def _enable(self) -> None:
        found = self.summary is not None and not self._busy
        voided = self.summary is not None and bool(self.summary.voided_by)
        self.void_button.setEnabled(found and not voided)
        self.refund_button.setEnabled(found and not voided)
        self.reprint_button.setEnabled(found)

    # ----- acting on it -----------------------------------------------------------
    def ticked(self) -> list[int]:
        out = []
        for i in range(self.lines.count()):
            item = self.lines.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _approval(self) -> SupervisorApproval | None:
        if not self.reason.text().strip():
            self.say(self.tr("Say why: a correction needs a reason."), error=True)
            self.reason.setFocus()
            return None
        if not self.supervisor.text().strip() or not self.secret.text():
            self.say(self.tr("A supervisor types their user name and password or PIN."), error=True)
            self.supervisor.setFocus()
            return None
        return SupervisorApproval(self.supervisor.text(), self.secret.text())

    def void(self) -> None:
        if self.summary is None or self._busy:
            return
        approval = self._approval()
        if approval is None:
            return
        cmd = VoidSale(
            self._staff, self.summary.receipt_no, self.reason.text(), approval, self._route
        )
        now = self.ctx.clock()
        self._start(lambda: void_sale(self.ctx.uow(), cmd, now=now))

    def refund(self) -> None:
        if self.summary is None or self._busy:
            return
        ticked = self.ticked()
        if not ticked:
            self.say(self.tr("Tick the lines to refund (Space)."), error=True)
            self.lines.setFocus()
            return
        amount: int | None = None
        if self.refund_amount.text().strip():
            if len(ticked) > 1:
                self.say(
                    self.tr("An amount refunds one line: tick one line, or leave it blank."),
                    error=True,
                )
                return
            try:
                amount = parse_amount(self.refund_amount.text())
            except AmountError as exc:
                self.say(error_text(exc), error=True)
                self.refund_amount.setFocus()
                return
        approval = self._approval()
        if approval is None:
            return
        cmd = RefundSale(
            self._staff,
            self.summary.receipt_no,
            tuple(RefundLine(n, amount) for n in ticked),
            self.reason.text(),
            approval,
            self.to_cash.isChecked(),
            self._route,
        )
        now = self.ctx.clock()
        self._start(lambda: refund_sale(self.ctx.uow(), cmd, now=now))

    def _start(self, fn: object) -> None:
        self._busy = True
        self._enable()
        self.say(self.tr("Checking the approval and saving…"))
        self._runner.run(
            fn,  # type: ignore[arg-type]
            self._done,
            self._failed,
            changes=changes(Change.SALES, Change.DRAWER, Change.DEVICE_JOBS),
        )

    def _done(self, result: SaleResult) -> None:
        self._busy = False
        self.secret.clear()  # never left in the field
        self.corrected.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.secret.clear()
        self._enable()
        self.say(error_text(exc), error=True)

    def reprint(self) -> None:
        if self.summary is None:
            return
        number, staff, now = self.summary.receipt_no, self._staff, self.ctx.clock()
        self._runner.run(
            lambda: reprint_receipt(self.ctx.uow(), staff, number, now=now),
            self._reprint_ready,
            self._failed,
        )

    def _reprint_ready(self, receipt: object) -> None:
        self.reprint_ready.emit(receipt)
        self.say(self.tr("Sent to the printer, marked COPY."))

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
