"""The Drawer menu of the station window: open a shift with a counted float,
pickups, paid-outs, the blind count and sign-off, reprints, end of day.

``install_drawer_menu(window)`` is the one hook the station window calls.
Every service call runs on the window's database lane, every print on its
device lane; widget values are read before the work is handed over.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.cash_count import CAD_DENOMINATIONS, MAX_PIECES, CashCount, CountError
from counterapp.domain.clock import site_day
from counterapp.domain.gl import GlAccounts
from counterapp.domain.money import AmountError
from counterapp.services import drawer
from counterapp.services.approval import ApprovalNeeded, SupervisorApproval
from counterapp.services.changes import Change, changes
from printing.drawer_reports import (
    day_summary_pdf,
    save_shift_documents,
    slip_title,
    write_file,
)
from ui.approval import ApprovalDialog
from ui.keyrules import mark_primary
from ui.language import current_language, format_cents, parse_amount
from ui.messages import error_text
from ui.ops import database_lane

if TYPE_CHECKING:
    from ui.station_window import StationWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("Drawer", text)


def _message(exc: BaseException) -> str:
    return error_text(exc)


def reports_dir(window: StationWindow) -> Path:
    cfg = window.ctx.config
    return Path(cfg.drawer.reports_dir) if cfg.drawer.reports_dir else cfg.data_dir / "reports"


# --- the count by denomination -------------------------------------------------------------


class CashCountWidget(QWidget):
    """Pieces (and rolls, for coins) per Canadian denomination, with a running total."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, rolls: bool = True) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Denomination"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("Pieces"), self), 0, 1)
        if rolls:
            grid.addWidget(QLabel(self.tr("Rolls"), self), 0, 2)
        grid.addWidget(QLabel(self.tr("Amount"), self), 0, 3)
        self.pieces: dict[str, QSpinBox] = {}
        self.rolls: dict[str, QSpinBox] = {}
        self._amounts: dict[str, QLabel] = {}
        for row, d in enumerate(CAD_DENOMINATIONS, start=1):
            label = QLabel(_tr(d.label), self)
            spin = QSpinBox(self)
            spin.setRange(0, MAX_PIECES)  # no negative, no fractional quantity can be typed
            spin.setAccessibleName(self.tr("%1, pieces").replace("%1", _tr(d.label)))
            spin.setAccessibleDescription(
                self.tr("How many single notes or coins of this kind you count")
            )
            spin.setObjectName(f"pieces_{d.code}")
            label.setBuddy(spin)
            spin.valueChanged.connect(self._update)
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            self.pieces[d.code] = spin
            if rolls and d.roll_pieces:
                roll = QSpinBox(self)
                roll.setRange(0, 9_999)
                roll.setAccessibleName(
                    self.tr("%1, rolls of %2")
                    .replace("%1", _tr(d.label))
                    .replace("%2", str(d.roll_pieces))
                )
                roll.setAccessibleDescription(self.tr("How many full rolls of this coin you count"))
                roll.setObjectName(f"rolls_{d.code}")
                roll.valueChanged.connect(self._update)
                grid.addWidget(roll, row, 2)
                self.rolls[d.code] = roll
            amount = QLabel(format_cents(0), self)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(amount, row, 3)
            self._amounts[d.code] = amount
        grid.addWidget(QLabel(self.tr("Total"), self), len(CAD_DENOMINATIONS) + 1, 0)
        self.total_label = QLabel(format_cents(0), self)
        self.total_label.setObjectName("countTotal")
        self.total_label.setAccessibleName(self.tr("Total counted"))
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.total_label.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.total_label, len(CAD_DENOMINATIONS) + 1, 3)
        # Tab goes down the pieces column, then down the rolls: never from a
        # coin's pieces to its rolls and back (ten loonies into "$2 rolls").
        order = [*self.pieces.values(), *self.rolls.values()]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def count(self) -> CashCount:
        return CashCount.of(
            {code: spin.value() for code, spin in self.pieces.items()},
            {code: spin.value() for code, spin in self.rolls.items()},
        )

    def _update(self) -> None:
        count = self.count()
        for code, label in self._amounts.items():
            label.setText(format_cents(count.cents_of(code)))
        self.total_label.setText(format_cents(count.total_cents))
        self.changed.emit()

    def first_field(self) -> QSpinBox:
        return self.pieces[CAD_DENOMINATIONS[0].code]


def _buttons(dialog: QDialog, ok_text: str, ok_name: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setAccessibleName(ok_name)
    ok.setDefault(True)
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setAccessibleName(_tr("Cancel"))
    box.rejected.connect(dialog.reject)
    return box, ok


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("dialogMessage")
    label.setWordWrap(True)
    label.setAccessibleName(_tr("Message"))
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    return label


# --- open --------------------------------------------------------------------------------------


class OpenShiftDialog(QDialog):
    opened = Signal(object)  # ShiftInfo

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Open drawer"))
        self.setAccessibleName(self.tr("Open drawer: count the float"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Count the opening float in drawer %1 by denomination.").replace(
                    "%1", window.ctx.config.drawer.code
                ),
                self,
            )
        )
        self.counter = CashCountWidget(self)
        layout.addWidget(self.counter)
        self.confirm = QCheckBox(self.tr("I &counted this float myself"), self)
        self.confirm.setAccessibleName(self.tr("I counted this float myself"))
        layout.addWidget(self.confirm)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        self.buttons, self.ok = _buttons(self, self.tr("&Open drawer"), self.tr("Open drawer"))
        self.ok.clicked.connect(self.submit)
        layout.addWidget(self.buttons)
        self.counter.first_field().setFocus()

    def submit(self) -> None:
        if not self.confirm.isChecked():
            self.message.setText(self.tr("Confirm that you counted the float yourself."))
            return
        try:
            count = self.counter.count()
        except CountError as exc:
            self.message.setText(_message(exc))
            return
        cfg = self.window_.ctx.config.drawer
        cmd = drawer.OpenShift(
            self.window_.staff, count, cfg.code, cfg.pickup_limit_cents, cfg.reason_threshold_cents
        )
        self.ok.setEnabled(False)
        database_lane().run(
            lambda: drawer.open_shift(self.window_.ctx.uow(), cmd),
            self._done,
            self._failed,
            changes=changes(Change.DRAWER),
        )

    def _done(self, info: drawer.ShiftInfo) -> None:
        self.opened.emit(info)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.message.setText(_message(exc))


# --- pickups and paid-outs ---------------------------------------------------------------------


class PickupDialog(QDialog):
    recorded = Signal(object)  # MovementResult

    def __init__(self, window: StationWindow, status: drawer.DrawerStatus | None) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Cash pickup"))
        self.setAccessibleName(self.tr("Cash pickup to the safe"))
        layout = QVBoxLayout(self)
        if status is not None:
            layout.addWidget(
                QLabel(
                    self.tr("Cash in the drawer: %1 (pickup limit %2).")
                    .replace("%1", format_cents(status.cash_in_drawer_cents))
                    .replace("%2", format_cents(status.shift.pickup_limit_cents)),
                    self,
                )
            )
        layout.addWidget(QLabel(self.tr("Count what goes to the safe:"), self))
        self.counter = CashCountWidget(self, rolls=False)
        layout.addWidget(self.counter)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        self.buttons, self.ok = _buttons(
            self, self.tr("&Record and print slip"), self.tr("Record the pickup")
        )
        self.ok.clicked.connect(self.submit)
        layout.addWidget(self.buttons)
        self.counter.first_field().setFocus()

    def submit(self) -> None:
        try:
            cmd = drawer.RecordPickup(
                self.window_.staff, self.counter.count(), self.window_.devices.receipt_route()
            )
        except CountError as exc:
            self.message.setText(_message(exc))
            return
        self.ok.setEnabled(False)
        database_lane().run(
            lambda: drawer.record_pickup(self.window_.ctx.uow(), cmd),
            self._done,
            self._failed,
            changes=changes(Change.DRAWER, Change.DEVICE_JOBS),
        )

    def _done(self, result: drawer.MovementResult) -> None:
        self.recorded.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.message.setText(_message(exc))


class PaidOutDialog(QDialog):
    recorded = Signal(object)  # MovementResult

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Paid-out"))
        self.setAccessibleName(self.tr("Paid-out from the drawer"))
        form = QFormLayout()
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName(self.tr("Amount paid out"))
        self.amount.setAccessibleDescription(
            self.tr("Dollars and cents taken out of the drawer, for example 12.50")
        )
        self.amount.setPlaceholderText(format_cents(0, symbol=False))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("What the paid-out is for"))
        self.reason.setMaxLength(200)
        self.gl_account = QLineEdit(self)
        self.gl_account.setAccessibleName(self.tr("GL account to charge (optional)"))
        self.gl_account.setMaxLength(32)
        for text, field in (
            (self.tr("&Amount:"), self.amount),
            (self.tr("&Reason:"), self.reason),
            (self.tr("&GL account (optional):"), self.gl_account),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        self.buttons, self.ok = _buttons(
            self, self.tr("Record and &print slip"), self.tr("Record the paid-out")
        )
        self.ok.clicked.connect(lambda: self.submit())  # clicked(bool) is not an approval
        layout.addWidget(self.buttons)
        self.amount.setFocus()

    def submit(self, approval: SupervisorApproval | None = None) -> None:
        try:
            cents = parse_amount(self.amount.text())
        except AmountError as exc:
            self.message.setText(_message(exc))
            return
        cmd = drawer.RecordPaidOut(
            self.window_.staff, cents, self.reason.text(), self.gl_account.text(), approval,
            self.window_.devices.receipt_route(),
        )  # fmt: skip
        self.ok.setEnabled(False)
        database_lane().run(
            lambda: drawer.record_paid_out(self.window_.ctx.uow(), cmd),
            self._done,
            self._failed,
            changes=changes(Change.DRAWER, Change.DEVICE_JOBS),
        )

    def _done(self, result: drawer.MovementResult) -> None:
        self.recorded.emit(result)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok.setEnabled(True)
        self.message.setText(_message(exc))
        if isinstance(exc, ApprovalNeeded):  # the one approval rule: a supervisor, not you
            dialog = ApprovalDialog(_message(exc), self)
            dialog.setObjectName("approvalDialog")
            self.approval_dialog: ApprovalDialog | None = dialog

            def done(result: int) -> None:
                self.approval_dialog = None
                dialog.deleteLater()
                if result == QDialog.DialogCode.Accepted:
                    self.submit(dialog.approval())

            dialog.finished.connect(done)
            dialog.open()


# --- close: blind count, then expected, then sign-off --------------------------------------------


OTHER_TENDERS = (
    ("debit", QT_TRANSLATE_NOOP("Drawer", "&Debit batch total:")),
    ("credit", QT_TRANSLATE_NOOP("Drawer", "&Credit batch total:")),
    ("etransfer", QT_TRANSLATE_NOOP("Drawer", "&e-Transfer total:")),
    ("money_order", QT_TRANSLATE_NOOP("Drawer", "&Money orders total:")),
)


class CloseShiftDialog(QDialog):
    """Page 1: the blind count. Page 2 (only after the count is recorded):
    expected against counted, over/short, reason, supervisor sign-off."""

    closed = Signal(object)  # CloseResult

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.result_: drawer.CountResult | None = None
        self.setWindowTitle(self.tr("Close drawer"))
        self.setAccessibleName(self.tr("Close drawer: blind count and sign-off"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._count_page())
        self.pages.addWidget(self._sign_off_page())
        self.message = _message_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        # Enter in a field does that field's job (add the cheque, sign off),
        # never presses whichever button a dialog would pick as its default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.counter.first_field().setFocus()

    # page 1
    def _count_page(self) -> QWidget:
        page = QWidget(self)
        v = QVBoxLayout(page)
        intro = QLabel(
            self.tr(
                "Count everything in the drawer. The expected figures appear "
                "only after your count is recorded, and the count cannot be changed then."
            ),
            page,
        )
        intro.setWordWrap(True)  # a longer language wraps rather than widening the dialog
        v.addWidget(intro)
        h = QHBoxLayout()
        self.counter = CashCountWidget(page)
        h.addWidget(self.counter)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Cheques in the drawer:"), page))
        row = QHBoxLayout()
        self.cheque_ref = QLineEdit(page)
        self.cheque_ref.setAccessibleName(self.tr("Cheque number"))
        self.cheque_ref.setPlaceholderText(self.tr("Cheque no."))
        self.cheque_ref.setMaxLength(40)
        self.cheque_amount = QLineEdit(page)
        self.cheque_amount.setAccessibleName(self.tr("Cheque amount"))
        self.cheque_amount.setAccessibleDescription(
            self.tr("The amount written on the cheque, in dollars and cents")
        )
        self.cheque_amount.setPlaceholderText(format_cents(0, symbol=False))
        self.cheque_amount.returnPressed.connect(self.add_cheque)
        self.add_cheque_button = QPushButton(self.tr("&Add cheque"), page)
        self.add_cheque_button.setAccessibleName(self.tr("Add the cheque"))
        self.add_cheque_button.clicked.connect(self.add_cheque)
        row.addWidget(self.cheque_ref)
        row.addWidget(self.cheque_amount)
        row.addWidget(self.add_cheque_button)
        right.addLayout(row)
        self.cheque_list = QListWidget(page)
        self.cheque_list.setAccessibleName(self.tr("Cheques counted (Delete removes)"))
        self.cheque_list.setAccessibleDescription(
            self.tr("Each cheque counted in the drawer with its number and amount")
        )
        self.cheque_list.installEventFilter(self)
        right.addWidget(self.cheque_list)
        form = QFormLayout()
        self.other: dict[str, QLineEdit] = {}
        for kind, text in OTHER_TENDERS:
            field = QLineEdit(page)
            field.setAccessibleName(_tr(str(text)).replace("&", "").rstrip(":\u00a0 "))
            field.setAccessibleDescription(
                self.tr("The total of this tender's slips in the drawer, in dollars and cents")
            )
            field.setPlaceholderText(format_cents(0, symbol=False))
            label = QLabel(_tr(str(text)), page)
            label.setBuddy(field)
            form.addRow(label, field)
            self.other[kind] = field
        right.addLayout(form)
        h.addLayout(right)
        v.addLayout(h)
        self.submit_button = mark_primary(QPushButton(self.tr("&Record my count"), page))
        self.submit_button.setAccessibleName(self.tr("Record my count"))
        self.submit_button.clicked.connect(self.submit_count)
        cancel = QPushButton(self.tr("Cancel"), page)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.submit_button)
        v.addLayout(buttons)
        self._cheques: list[drawer.ChequeCount] = []
        return page

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            obj is self.cheque_list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
        ):
            row = self.cheque_list.currentRow()
            if 0 <= row < len(self._cheques):
                del self._cheques[row]
                self.cheque_list.takeItem(row)
            return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def add_cheque(self) -> None:
        try:
            cents = parse_amount(self.cheque_amount.text())
        except AmountError as exc:
            self.message.setText(_message(exc))
            return
        ref = self.cheque_ref.text().strip()
        self._cheques.append(drawer.ChequeCount(ref, cents))
        self.cheque_list.addItem(f"{ref or self.tr('(no number)')}  {format_cents(cents)}")
        self.cheque_ref.clear()
        self.cheque_amount.clear()
        self.message.clear()
        self.cheque_ref.setFocus()

    def submit_count(self) -> None:
        if self.cheque_amount.text().strip():
            self.message.setText(self.tr("Add the cheque you typed (or clear it) first."))
            return
        other: dict[str, int] = {}
        try:
            cash = self.counter.count()
            for kind, field in self.other.items():
                if field.text().strip():
                    other[kind] = parse_amount(field.text(), allow_zero=True)
        except (CountError, AmountError) as exc:
            self.message.setText(_message(exc))
            return
        cmd = drawer.SubmitCount(self.window_.staff, cash, tuple(self._cheques), other)
        self.submit_button.setEnabled(False)
        database_lane().run(
            lambda: drawer.submit_count(self.window_.ctx.uow(), cmd),
            self._counted,
            self._count_failed,
            changes=changes(Change.DRAWER),
        )

    def _count_failed(self, exc: Exception) -> None:
        self.submit_button.setEnabled(True)
        self.message.setText(_message(exc))

    def _counted(self, result: drawer.CountResult) -> None:
        self.result_ = result
        self.message.clear()
        self.table.setRowCount(len(result.variances))
        for row, v in enumerate(result.variances):
            cells = (
                _tr(drawer.TENDER_NAMES.get(v.kind, v.kind)),
                format_cents(v.expected_cents),
                format_cents(v.counted_cents),
                format_cents(v.over_short_cents),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        cents = result.over_short_cents
        if cents > 0:
            text = self.tr("Over by %1").replace("%1", format_cents(cents))
        elif cents < 0:
            text = self.tr("Short by %1").replace("%1", format_cents(-cents))
        else:
            text = self.tr("Balanced")
        self.over_short.setText(text)
        self.reason_label.setText(
            self.tr("&Reason (required: more than %1):").replace(
                "%1", format_cents(result.reason_threshold_cents)
            )
            if result.reason_required
            else self.tr("&Reason (optional):")
        )
        self.pages.setCurrentIndex(1)
        (self.reason if result.reason_required else self.supervisor).setFocus()

    # page 2
    def _sign_off_page(self) -> QWidget:
        page = QWidget(self)
        v = QVBoxLayout(page)
        self.table = QTableWidget(0, 4, page)
        self.table.setObjectName("expectedVsCounted")
        self.table.setAccessibleName(self.tr("Expected against counted, per tender"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tender"), self.tr("Expected"), self.tr("Counted"), self.tr("Over/short")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table)
        self.over_short = QLabel(page)
        self.over_short.setObjectName("overShort")
        self.over_short.setAccessibleName(self.tr("Over or short"))
        self.over_short.setStyleSheet("font-size: 18pt; font-weight: bold;")
        v.addWidget(self.over_short)
        form = QFormLayout()
        self.reason = QLineEdit(page)
        self.reason.setAccessibleName(self.tr("Reason for the over or short"))
        self.reason.setMaxLength(200)
        self.reason_label = QLabel(self.tr("&Reason:"), page)
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, self.reason)
        self.supervisor = QLineEdit(page)
        self.supervisor.setAccessibleName(self.tr("Supervisor user name"))
        self.supervisor_password = QLineEdit(page)
        self.supervisor_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.supervisor_password.setAccessibleName(self.tr("Supervisor password"))
        self.supervisor_password.returnPressed.connect(self.sign_off)
        for text, field in (
            (self.tr("&Supervisor:"), self.supervisor),
            (self.tr("&Password:"), self.supervisor_password),
        ):
            label = QLabel(text, page)
            label.setBuddy(field)
            form.addRow(label, field)
        v.addLayout(form)
        self.sign_off_button = mark_primary(QPushButton(self.tr("Supervisor &sign-off"), page))
        self.sign_off_button.setAccessibleName(self.tr("Supervisor sign-off"))
        self.sign_off_button.clicked.connect(self.sign_off)
        later = QPushButton(self.tr("Sign off &later"), page)
        later.setAccessibleName(self.tr("Sign off later"))
        later.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(later)
        buttons.addWidget(self.sign_off_button)
        v.addLayout(buttons)
        return page

    def review(self, result: drawer.CountResult) -> None:
        """A drawer counted earlier and left for sign-off: straight to page 2."""
        self._counted(result)

    def sign_off(self) -> None:
        if self.result_ is None:
            return
        approval = drawer.SupervisorApproval(
            self.supervisor.text(), self.supervisor_password.text()
        )
        cmd = drawer.SignOff(self.result_.shift_id, approval, self.reason.text())
        self.supervisor_password.clear()
        self.sign_off_button.setEnabled(False)
        database_lane().run(
            lambda: drawer.sign_off(self.window_.ctx.uow(), cmd),
            self._signed,
            self._sign_failed,
            changes=changes(Change.DRAWER),
        )

    def _sign_failed(self, exc: Exception) -> None:
        self.sign_off_button.setEnabled(True)
        self.message.setText(_message(exc))

    def _signed(self, result: drawer.CloseResult) -> None:
        self.closed.emit(result)
        self.accept()


# --- reprint and end of day ------------------------------------------------------------------


class ReprintDialog(QDialog):
    def __init__(self, window: StationWindow, shifts: list[drawer.ClosedShift]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Reprint Z report or deposit slip"))
        self.setAccessibleName(self.tr("Reprint Z report or deposit slip"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&Closed shifts, newest first:"), self)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Closed shifts"))
        self.list.setAccessibleDescription(
            self.tr(
                "Each closed shift: when it closed, the drawer, who worked it and its over or short"
            )
        )
        label.setBuddy(self.list)
        for s in shifts:
            item = QListWidgetItem(
                f"{s.closed_at}  {self.tr('drawer')} {s.drawer_code}  {s.associate}  "
                f"{format_cents(s.over_short_cents)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, s.shift_id)
            self.list.addItem(item)
        if shifts:
            self.list.setCurrentRow(0)
        layout.addWidget(label)
        layout.addWidget(self.list)
        self.message = _message_label(self)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("&Print Z report"), self)
        self.print_button.setAccessibleName(self.tr("Print the Z report on the receipt printer"))
        self.print_button.clicked.connect(lambda: self._reprint(to_printer=True))
        self.pdf_button = QPushButton(self.tr("&Save PDFs (Z and deposit)"), self)
        self.pdf_button.setAccessibleName(self.tr("Save the Z report and deposit slip as PDF"))
        self.pdf_button.clicked.connect(lambda: self._reprint(to_printer=False))
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.list.setFocus()

    def _reprint(self, *, to_printer: bool) -> None:
        item = self.list.currentItem()
        if item is None:
            self.message.setText(self.tr("Choose a shift first."))
            return
        shift_id = str(item.data(Qt.ItemDataRole.UserRole))
        folder = reports_dir(self.window_)
        w = self.window_
        language = current_language()

        def work() -> tuple[dict[str, Any], tuple[Path, Path] | None]:
            z, deposit = drawer.stored_documents(w.ctx.uow(), shift_id)
            return z, None if to_printer else save_shift_documents(folder, z, deposit, language)

        def done(result: tuple[dict[str, Any], tuple[Path, Path] | None]) -> None:
            z, paths = result
            if paths is None:
                print_z_report(w, z)
                self.message.setText(self.tr("Sent to the receipt printer (marked COPY)."))
            else:
                self.message.setText(
                    self.tr("Saved: %1").replace("%1", ", ".join(str(p) for p in paths))
                )

        database_lane().run(work, done, lambda exc: self.message.setText(_message(exc)))


class EndOfDayDialog(QDialog):
    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("End of day"))
        self.setAccessibleName(self.tr("End of day: summary and GL export"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        today = site_day(window.ctx.clock())  # the site's business day, not the PC's
        self.day = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(self.tr("Business day"))
        label = QLabel(self.tr("&Day:"), self)
        label.setBuddy(self.day)
        form.addRow(label, self.day)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("dialogMessage")
        self.message.setAccessibleName(self.tr("Message"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("&Create summary PDF and GL CSV"), self)
        self.run_button.setAccessibleName(self.tr("Create the end-of-day summary and GL export"))
        self.run_button.clicked.connect(self.run)
        close = QPushButton(self.tr("Close"), self)
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(self.run_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.paths: tuple[Path, Path] | None = None

    def run(self) -> None:
        qd = self.day.date()
        day = date(qd.year(), qd.month(), qd.day())
        folder = reports_dir(self.window_)
        w = self.window_
        self.run_button.setEnabled(False)
        language = current_language()

        def work() -> tuple[dict[str, Any], Path, Path]:
            accounts = GlAccounts.with_overrides(w.ctx.config.drawer.gl_accounts)
            summary = drawer.day_summary(w.ctx.uow(), day, accounts=accounts)
            export = drawer.gl_export(w.ctx.uow(), day, accounts=accounts)
            stem = f"{summary['station_code']}-{day.isoformat()}"
            pdf = write_file(folder / f"end-of-day-{stem}.pdf", day_summary_pdf(summary, language))
            csv_path = write_file(folder / f"GL-{stem}.csv", export.csv)
            return summary, pdf, csv_path

        def done(result: tuple[dict[str, Any], Path, Path]) -> None:
            summary, pdf, csv_path = result
            self.run_button.setEnabled(True)
            self.paths = (pdf, csv_path)
            text = self.tr("Saved %1 and %2. Debits %3 = credits %4.")
            text = (
                text.replace("%1", str(pdf))
                .replace("%2", str(csv_path))
                .replace("%3", format_cents(summary["gl_debits_cents"]))
                .replace("%4", format_cents(summary["gl_credits_cents"]))
            )
            if summary["open_shifts"]:
                text += " " + self.tr("%n shift(s) still open.", "", summary["open_shifts"])
            self.message.setText(text)

        def failed(exc: Exception) -> None:
            self.run_button.setEnabled(True)
            self.message.setText(_message(exc))

        database_lane().run(work, done, failed, changes=changes(Change.DRAWER))


# --- printing on the window's device lane ------------------------------------------------------


def _print(window: StationWindow, kind: str, document: dict[str, Any], what: str) -> None:
    """Through the station's device queue (``devices.station_devices`` renders it for
    the printer it goes to); a failure stays in the print queue to retry."""

    def failed(exc: Exception) -> None:
        window.say(
            _tr("%1 did not print: %2. Reprint it from the Drawer menu.")
            .replace("%1", what)
            .replace("%2", _message(exc)),
            error=True,
        )

    if window.devices.queue_job(kind, document, reference=what, on_failure=failed):
        window.printer_status.setText(_tr("Printing %1…").replace("%1", what))
    else:
        window.printer_status.setText(_tr("No receipt printer set up"))


def print_z_report(window: StationWindow, z: dict[str, Any]) -> None:
    _print(window, "z_report", {"z": z, "language": current_language()}, _tr("Z report"))


def print_slip(window: StationWindow, slip: dict[str, Any]) -> None:
    language = current_language()
    _print(window, "drawer_slip", {"slip": slip, "language": language}, slip_title(slip, language))


# --- the menu ----------------------------------------------------------------------------------


class DrawerMenu:
    """The Drawer menu and what its actions open; one per station window."""

    def __init__(self, window: StationWindow) -> None:
        self.window = window
        self.dialog: QDialog | None = None  # the one open, for tests and focus
        self.last_close: drawer.CloseResult | None = None
        self.last_paths: tuple[Path, Path] | None = None
        menu = window.menuBar().addMenu(_tr("&Drawer"))
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("open", _tr("&Open shift (count the float)"), "Ctrl+Shift+O", self.open_shift),
            ("pickup", _tr("Cash &pickup to the safe"), "Ctrl+Shift+K", self.pickup),
            ("paid_out", _tr("Pai&d-out"), "Ctrl+Shift+D", self.paid_out),
            ("close", _tr("&Close shift (blind count)"), "Ctrl+Shift+C", self.close_shift),
            ("reprint", _tr("&Reprint Z report / deposit slip"), "Ctrl+Shift+R", self.reprint),
            ("end_of_day", _tr("&End of day and GL export"), "Ctrl+Shift+E", self.end_of_day),
        ):
            action = QAction(text, window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
            window.addAction(action)  # the shortcut works wherever the focus is in the window
            self.actions[key] = action
        window.sale_completed.connect(self._after_sale)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._finished(dialog))
        dialog.open()

    def _finished(self, dialog: QDialog) -> None:
        dialog.deleteLater()
        # Back to the counter, ready for the next visitor.
        self.window.activateWindow()
        self.window.search.setFocus()
        self.window.search.selectAll()

    def open_shift(self) -> None:
        dialog = OpenShiftDialog(self.window)
        dialog.opened.connect(
            lambda info: self.window.say(
                _tr("Drawer %1 is open with a float of %2.")
                .replace("%1", info.drawer_code)
                .replace("%2", format_cents(info.float_cents))
            )
        )
        self._show(dialog)

    def lead_to_open_shift(self, why: str) -> None:
        """A payment was refused for want of an open drawer: say so and open the
        float count; once the drawer is open the visit is there to tender again."""
        self.window.say(why, error=True)
        if isinstance(self.dialog, OpenShiftDialog) and self.dialog.isVisible():
            return
        dialog = OpenShiftDialog(self.window)
        dialog.message.setText(
            _tr("No payment is taken outside a drawer: count your float to open one.")
        )
        dialog.opened.connect(
            lambda info: self.window.say(
                _tr("Drawer %1 is open with a float of %2. Take the payment again.")
                .replace("%1", info.drawer_code)
                .replace("%2", format_cents(info.float_cents))
            )
        )
        self._show(dialog)

    def pickup(self) -> None:
        w = self.window
        staff_id = w.staff.id
        database_lane().run(
            lambda: drawer.drawer_status(w.ctx.uow(), staff_id),
            self._open_pickup,
            w._show_error,
        )

    def _open_pickup(self, status: drawer.DrawerStatus | None) -> None:
        if status is None:
            self.window.say(_tr("You have no open drawer; open a shift first."), error=True)
            return
        dialog = PickupDialog(self.window, status)
        dialog.recorded.connect(self._moved)
        self._show(dialog)

    def paid_out(self) -> None:
        dialog = PaidOutDialog(self.window)
        dialog.recorded.connect(self._moved)
        self._show(dialog)

    def _moved(self, result: drawer.MovementResult) -> None:
        what = _tr("Pickup") if result.kind == "pickup" else _tr("Paid-out")
        self.window.say(
            _tr("%1 %2 of %3 recorded; the drawer should now hold %4.")
            .replace("%1", what)
            .replace("%2", str(result.seq))
            .replace("%3", format_cents(result.amount_cents))
            .replace("%4", format_cents(result.cash_in_drawer_cents))
        )
        if result.print_jobs:  # queued in the movement's own commit
            self.window.devices.lanes.wake()
            self.window.printer_status.setText(
                _tr("Printing %1…").replace("%1", slip_title(result.slip, current_language()))
            )
        else:
            print_slip(self.window, result.slip)

    def close_shift(self) -> None:
        w = self.window
        # A visit on the screen is a sale still open: it would land after the count.
        if w.model.rowCount() or w.tender_list.count() or w._submitting:
            w.say(
                _tr("Finish or clear the visit on the screen before closing the drawer."),
                error=True,
            )
            return
        staff_id = w.staff.id
        database_lane().run(
            lambda: (
                drawer.current_shift(w.ctx.uow(), staff_id),
                drawer.awaiting_sign_off(w.ctx.uow()),
            ),
            self._open_close,
            w._show_error,
        )

    def _open_close(self, found: tuple[drawer.ShiftInfo | None, list[drawer.ShiftInfo]]) -> None:
        mine, waiting = found
        w = self.window
        if mine is not None and mine.status == "open":
            dialog = CloseShiftDialog(w)
            dialog.closed.connect(self._closed)
            self._show(dialog)
            return
        # Counted and waiting: the associate's own, or, for a supervisor signed
        # in at the counter, the oldest drawer waiting there.
        target = mine
        if target is None and w.staff.role.value in drawer.SUPERVISOR_ROLES:
            target = next((s for s in waiting if s.staff_id != w.staff.id), None)
        if target is None:
            w.say(_tr("You have no open drawer to close."), error=True)
            return
        shift_id = target.id
        database_lane().run(
            lambda: drawer.stored_count(w.ctx.uow(), shift_id), self._review, w._show_error
        )

    def _review(self, result: drawer.CountResult) -> None:
        dialog = CloseShiftDialog(self.window)
        dialog.review(result)
        dialog.closed.connect(self._closed)
        self._show(dialog)

    def _closed(self, result: drawer.CloseResult) -> None:
        self.last_close = result
        w = self.window
        folder = reports_dir(w)
        w.say(_tr("Shift closed and locked. Saving the Z report and deposit slip…"))
        print_z_report(w, result.z_report)
        database_lane().run(
            lambda: save_shift_documents(
                folder, result.z_report, result.deposit, current_language()
            ),
            self._saved,
            w._show_error,
        )

    def _saved(self, paths: tuple[Path, Path]) -> None:
        self.last_paths = paths
        self.window.say(
            _tr("Shift closed and locked. Z report: %1. Deposit slip: %2.")
            .replace("%1", str(paths[0]))
            .replace("%2", str(paths[1]))
        )

    def reprint(self) -> None:
        w = self.window
        database_lane().run(
            lambda: drawer.closed_shifts(w.ctx.uow()),
            lambda shifts: self._show(ReprintDialog(w, shifts)),
            w._show_error,
        )

    def end_of_day(self) -> None:
        self._show(EndOfDayDialog(self.window))

    def _after_sale(self, _result: object) -> None:
        """Prompt for a pickup once the drawer holds more cash than its limit."""
        w = self.window
        staff_id = w.staff.id
        database_lane().run(
            lambda: drawer.drawer_status(w.ctx.uow(), staff_id), self._prompt_pickup
        )

    def _prompt_pickup(self, status: drawer.DrawerStatus | None) -> None:
        if status is None or not status.pickup_due:
            return
        prompt = (
            _tr("The drawer holds %1, over its %2 limit: make a cash pickup (Ctrl+Shift+K).")
            .replace("%1", format_cents(status.cash_in_drawer_cents))
            .replace("%2", format_cents(status.shift.pickup_limit_cents))
        )
        # After the sale's own message (the change to give), never instead of it.
        message = self.window.message
        message.setText(f"{message.text()}  {prompt}".strip())
        self.window.statusBar().showMessage(prompt)


def install_drawer_menu(window: StationWindow) -> DrawerMenu:
    """The hook the station window calls once."""
    return DrawerMenu(window)
