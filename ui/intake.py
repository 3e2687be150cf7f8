"""Intake: take down a request or complaint and route it, stamp a
hand-delivered letter "Received", look up a reference number's status."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.intake import (
    INTAKE_KINDS,
    IntakeResult,
    IntakeStatus,
    RecordIntake,
    categories,
    departments,
    intake_status,
    record_intake,
)
from ui.context import StationContext
from ui.keyrules import mark_primary
from ui.messages import error_text
from ui.ops import OpRunner


class IntakeDialog(QDialog):
    recorded = Signal(object)  # IntakeResult
    status_shown = Signal()

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        parent: QWidget | None = None,
        *,
        kind: str = "request",
        department: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._runner = runner
        self._staff = staff
        self._busy = False
        self._wanted_department = department
        self.setWindowTitle(self.tr("Intake"))
        self.setAccessibleName(self.tr("Intake"))
        self.resize(640, 560)
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        self.kind.setObjectName("intakeKind")
        self.kind.setAccessibleName(self.tr("Kind of intake"))
        for key, (_prefix, label) in INTAKE_KINDS.items():
            self.kind.addItem(self.tr(label), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.category = QComboBox(self)
        self.category.setObjectName("intakeCategory")
        self.category.setAccessibleName(self.tr("Category"))
        self.category.addItem(self.tr("(no category)"), "")
        self.category.currentIndexChanged.connect(self._category_chosen)
        self._category_departments: dict[str, str] = {}
        self.department = QComboBox(self)
        self.department.setObjectName("intakeDepartment")
        self.department.setAccessibleName(self.tr("Owning department"))
        # No department is chosen for the associate: it is derived from the
        # category, or chosen here; never the first one in the list.
        self.department.addItem(self.tr("(choose, or from the category)"), "")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("intakeSubject")
        self.subject.setAccessibleName(self.tr("Subject"))
        self.subject.setMaxLength(120)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("intakeDetails")
        self.details.setAccessibleName(self.tr("Details"))
        self.details.setTabChangesFocus(True)
        self.contact_name = QLineEdit(self)
        self.contact_name.setAccessibleName(self.tr("Visitor's name"))
        self.contact_name.setMaxLength(120)
        self.contact = QLineEdit(self)
        self.contact.setAccessibleName(self.tr("Visitor's phone or e-mail"))
        self.contact.setMaxLength(120)
        # A warm hand-off (issue 16): what the department needs so no one asks again.
        self.documents = QLineEdit(self)
        self.documents.setObjectName("intakeDocuments")
        self.documents.setAccessibleName(self.tr("Documents left or shown, described"))
        self.documents.setPlaceholderText(self.tr("e.g. copy of the survey; 3 photos of the tree"))
        self.documents.setMaxLength(1000)
        self.callback = QLineEdit(self)
        self.callback.setObjectName("intakeCallback")
        self.callback.setAccessibleName(self.tr("How and when to call back"))
        self.callback.setPlaceholderText(self.tr("e.g. phone after 4 pm; e-mail only"))
        self.callback.setMaxLength(120)
        for caption, widget in (
            (self.tr("&Kind:"), self.kind),
            (self.tr("Cate&gory:"), self.category),
            (self.tr("&Department:"), self.department),
            (self.tr("&Subject *:"), self.subject),
            (self.tr("De&tails:"), self.details),
            (self.tr("Visitor's &name:"), self.contact_name),
            (self.tr("Phone or &e-mail:"), self.contact),
            (self.tr("Doc&uments:"), self.documents),
            (self.tr("Call &back:"), self.callback),
        ):
            row_label = QLabel(caption, self)
            row_label.setBuddy(widget)
            form.addRow(row_label, widget)
        v.addLayout(form)
        self.record_button = mark_primary(
            QPushButton(self.tr("&Record and print (Ctrl+Enter)"), self)
        )
        self.record_button.setObjectName("recordIntake")
        self.record_button.setAccessibleName(self.tr("Record and print the slip"))
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record)
        record_key = QShortcut(QKeySequence("Ctrl+Return"), self)
        record_key.activated.connect(self.record)
        v.addWidget(self.record_button)

        look = QHBoxLayout()
        look_label = QLabel(self.tr("&Look up a reference:"), self)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("intakeReference")
        self.reference.setAccessibleName(self.tr("Reference number to look up"))
        self.reference.setPlaceholderText("SR-WHB-01-000042")
        self.reference.returnPressed.connect(self.look_up)
        look_label.setBuddy(self.reference)
        look.addWidget(look_label)
        look.addWidget(self.reference, 1)
        v.addLayout(look)
        self.message = QLabel(self)
        self.message.setObjectName("intakeMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        v.addWidget(self.message)
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        v.addWidget(close)
        read = ctx.read
        runner.run(
            lambda: (
                departments(read()),
                categories(read()),
            ),
            self._departments,
            self._failed,
        )
        self.subject.setFocus()

    def _departments(self, loaded: tuple[list[str], dict[str, str]]) -> None:
        names, cats = loaded
        for name in names:
            self.department.addItem(name, name)  # catalogue data, shown as it is
        self._category_departments = dict(cats)
        for name in cats:
            self.category.addItem(name, name)
        wanted = self.department.findData(self._wanted_department) if self._wanted_department else 0
        self.department.setCurrentIndex(max(0, wanted))

    def _category_chosen(self, _index: int) -> None:
        """A category that names its department routes there (still changeable)."""
        target = self._category_departments.get(str(self.category.currentData() or ""), "")
        if target:
            self.department.setCurrentIndex(max(0, self.department.findData(target)))

    def record(self) -> None:
        if self._busy:
            return  # a double press while it is being saved
        cmd = RecordIntake(
            self._staff,
            str(self.kind.currentData()),
            str(self.department.currentData() or ""),
            self.subject.text(),
            self.details.toPlainText(),
            self.contact_name.text(),
            self.contact.text(),
            category=str(self.category.currentData() or ""),
            documents=self.documents.text(),
            callback=self.callback.text(),
        )
        now = self.ctx.clock()
        self._busy = True
        self.record_button.setEnabled(False)
        self._runner.run(
            lambda: record_intake(self.ctx.uow(), cmd, now=now),
            self._recorded,
            self._failed,
            changes=changes(Change.RECORDS),
        )

    def _recorded(self, result: IntakeResult) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        self.subject.clear()
        self.details.clear()
        self.contact_name.clear()
        self.contact.clear()
        self.documents.clear()
        self.callback.clear()
        self.say(
            self.tr("Recorded as %1; the slip is printing.").replace("%1", result.reference_no)
        )
        self.recorded.emit(result)

    def look_up(self) -> None:
        number, read = self.reference.text(), self.ctx.read
        self._runner.run(
            lambda: intake_status(read(), number),
            self._show_status,
            self._failed_look_up,
        )

    def _show_status(self, status: IntakeStatus) -> None:
        self.say(status.text())
        self.status_shown.emit()

    def _failed_look_up(self, exc: Exception) -> None:
        self._failed(exc)
        self.status_shown.emit()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.record_button.setEnabled(True)
        self.say(error_text(exc), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
