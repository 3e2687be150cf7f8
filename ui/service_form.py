"""The form a service asks for before it can be tendered (catalogue data:
``Service.rules["fields"]``): a commissioner's log entry, a licence's
applicants and IDs, a dog's owner and tag. Required fields are marked; the
service layer checks the answers and prices the line (fees that depend on
the answers or the date) before it joins the visit.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.fees import Field, form_fields
from counterapp.domain.money import AmountError, amount_field_text
from counterapp.domain.money import parse_amount as core_parse_amount
from counterapp.services.auth import StaffIdentity
from counterapp.services.catalogue import ServiceInfo
from counterapp.services.sales import LineRequest, preview_lines
from ui.context import StationContext
from ui.keyrules import mark_primary
from ui.language import current_language, format_cents, parse_amount
from ui.messages import error_text
from ui.ops import OpRunner
from ui.visit_model import VisitLine

PLACEHOLDERS = {
    "count": "0",
    "date": QT_TRANSLATE_NOOP("ServiceFormDialog", "YYYY-MM-DD"),
    "id_digits": QT_TRANSLATE_NOOP("ServiceFormDialog", "last 3 or 4 digits"),
}


def _money_kept(typed: str) -> str:
    """A money answer typed in the window's language, in the core's plain form;
    as typed when it is no amount (the core's check says why)."""
    try:
        return amount_field_text(parse_amount(typed, allow_zero=True), "en")
    except AmountError:
        return typed


def _money_shown(kept: str) -> str:
    try:
        return format_cents(core_parse_amount(kept, allow_zero=True), symbol=False)
    except AmountError:
        return kept


class ServiceFormDialog(QDialog):
    line_ready = Signal(object)  # VisitLine, priced by the service layer

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        service: ServiceInfo,
        checklist_ticked: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._runner = runner
        self._staff = staff
        self.service = service
        self._ticked = checklist_ticked
        self.fields: list[Field] = form_fields(service.rules)
        self._kinds = {f.key: f.kind for f in self.fields}
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        # Head office's names, labels and choices in the window's language (issue 13).
        language = current_language()
        name = service.name_in(language)
        self.setWindowTitle(name)
        self.setAccessibleName(self.tr("Form: %1").replace("%1", name))
        v = QVBoxLayout(self)
        heading = QLabel(self.tr("%1 — fields marked * are required.").replace("%1", name), self)
        heading.setWordWrap(True)
        v.addWidget(heading)
        form = QFormLayout()
        for f in self.fields:
            widget: QLineEdit | QComboBox
            if f.kind == "choice":
                combo = QComboBox(self)
                combo.addItem("", "")
                # Shown in the window's language; the answer kept is the catalogue's
                # English choice (fee rules compare it).
                for shown, choice in zip(f.choices_in(language), f.choices, strict=True):
                    combo.addItem(shown, choice)
                widget = combo
            else:
                line = QLineEdit(self)
                line.setPlaceholderText(self.tr(str(PLACEHOLDERS.get(f.kind, ""))))
                if f.kind == "money":
                    line.setPlaceholderText(format_cents(0, symbol=False))
                line.returnPressed.connect(self.submit)
                widget = line
            widget.setObjectName(f"field_{f.key}")
            widget.setAccessibleName(f.label_in(language))
            label = QLabel(f"{f.label_in(language)}{' *' if f.required else ''}", self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.inputs[f.key] = widget
        v.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("formMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        self.ok = mark_primary(QPushButton(self.tr("&Add to visit"), self))
        self.ok.setObjectName("formOk")
        self.ok.setAccessibleName(self.tr("Add to visit"))
        self.ok.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        for b in (self.ok, cancel):
            b.setAutoDefault(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        v.addLayout(row)
        if self.fields:
            self.inputs[self.fields[0].key].setFocus()

    def set_answer(self, key: str, value: str) -> None:
        widget = self.inputs[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif self._kinds.get(key) == "money":
            widget.setText(_money_shown(value))
        else:
            widget.setText(value)

    def answers(self) -> dict[str, str]:
        """The answers as the core reads them: an amount typed in the window's
        language (``12,50`` in French) handed on in the core's form (``12.50``)."""
        out = {}
        for key, widget in self.inputs.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
            if str(value).strip():
                out[key] = (
                    _money_kept(str(value)) if self._kinds.get(key) == "money" else str(value)
                )
        return out

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return  # a check is already running
        answers = self.answers()
        request = LineRequest(self.service.code, 1, self._ticked, {"answers": answers})
        staff, read, now = self._staff, self.ctx.read, self.ctx.clock()
        self.ok.setEnabled(False)
        self._runner.run(
            lambda: preview_lines(read(), staff, (request,), now=now),
            lambda priced: self._accepted(answers, priced[0].unit_fee_cents),
            self._refused,
        )

    def _accepted(self, answers: dict[str, str], fee_cents: int) -> None:
        self.line_ready.emit(
            VisitLine(self.service, 1, self._ticked, payment_cents=fee_cents, answers=dict(answers))
        )
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.message.setText(error_text(exc))
        self.message.setProperty("isError", True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
