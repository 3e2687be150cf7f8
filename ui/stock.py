"""Numbered stock at this station: what is left of each kind (licence forms,
dog tags) and recording a spoiled form, which is never issued afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.issuing import SpoilForm, StockLeft, spoil_next_form, stock_left
from ui.context import StationContext
from ui.messages import error_text
from ui.ops import OpRunner


class StockDialog(QDialog):
    spoiled = Signal(str)  # the number recorded as spoiled
    loaded = Signal()

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._runner = runner
        self._staff = staff
        self.setWindowTitle(self.tr("Numbered stock"))
        self.setAccessibleName(self.tr("Numbered stock"))
        v = QVBoxLayout(self)
        label = QLabel(self.tr("&Stock at this station:"), self)
        self.kinds = QListWidget(self)
        self.kinds.setObjectName("stockKinds")
        self.kinds.setAccessibleName(self.tr("Stock at this station"))
        self.kinds.setAccessibleDescription(
            self.tr("Each kind of numbered form or tag, with how many are left and the next number")
        )
        label.setBuddy(self.kinds)
        v.addWidget(label)
        v.addWidget(self.kinds, 1)
        reason_label = QLabel(self.tr("&Why is the next form spoiled?"), self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("spoilReason")
        self.reason.setAccessibleName(self.tr("Why the form is spoiled"))
        self.reason.setMaxLength(200)
        self.reason.returnPressed.connect(self.spoil)
        reason_label.setBuddy(self.reason)
        v.addWidget(reason_label)
        v.addWidget(self.reason)
        self.message = QLabel(self)
        self.message.setObjectName("stockMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        row = QHBoxLayout()
        self.spoil_button = QPushButton(self.tr("Record the next form as s&poiled"), self)
        self.spoil_button.setObjectName("spoilForm")
        self.spoil_button.setAccessibleName(self.tr("Record the next form as spoiled"))
        self.spoil_button.clicked.connect(self.spoil)
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.reject)
        for b in (self.spoil_button, close):
            b.setAutoDefault(False)
        row.addStretch(1)
        row.addWidget(close)
        row.addWidget(self.spoil_button)
        v.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        read = self.ctx.read
        self._runner.run(lambda: stock_left(read()), self._show, self._failed)

    def _show(self, stock: list[StockLeft]) -> None:
        row = max(self.kinds.currentRow(), 0)
        self.kinds.clear()
        for s in stock:
            text = (
                self.tr("%1: next %2, %3 left")
                .replace("%1", s.label)
                .replace("%2", s.next_number)
                .replace("%3", str(s.left))
                if s.left
                else self.tr("%1: none left; ask head office for a block").replace("%1", s.label)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s.stock_kind)
            self.kinds.addItem(item)
        if self.kinds.count():
            self.kinds.setCurrentRow(min(row, self.kinds.count() - 1))
        self.loaded.emit()

    def spoil(self) -> None:
        item = self.kinds.currentItem()
        if item is None:
            self.say(self.tr("Choose the kind of form first."), error=True)
            return
        cmd = SpoilForm(self._staff, str(item.data(Qt.ItemDataRole.UserRole)), self.reason.text())
        now = self.ctx.clock()
        self.spoil_button.setEnabled(False)
        self._runner.run(
            lambda: spoil_next_form(self.ctx.uow(), cmd, now=now),
            self._spoiled,
            self._failed,
            changes=changes(Change.STOCK),
        )

    def _spoiled(self, number: str) -> None:
        self.spoil_button.setEnabled(True)
        self.reason.clear()
        self.say(self.tr("Form %1 is recorded as spoiled.").replace("%1", number))
        self.spoiled.emit(number)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self.spoil_button.setEnabled(True)
        self.say(error_text(exc), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
