"""The station window: find services, build the visit, take tenders, finish.

Keyboard first (see ``SHORTCUTS``); every service call runs off the UI
thread through ``OpRunner``; printing runs on its own lane so a hung printer
never delays the next visitor.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.money import AmountError, cash_round, format_cents, parse_amount
from counterapp.domain.receipt import Receipt
from counterapp.domain.tender import ShortTender, TenderError, TenderInput, TenderKind, settle
from counterapp.services import catalogue
from counterapp.services.auth import StaffIdentity
from counterapp.services.catalogue import ServiceInfo
from counterapp.services.sales import (
    TENDER_LABELS,
    CompleteSale,
    SaleResult,
    complete_sale,
    stored_receipt,
)
from counterapp.sync.client import SyncStatus
from printing.escpos_receipt import render_receipt
from ui.checklist import ChecklistDialog
from ui.context import StationContext
from ui.messages import error_text
from ui.ops import OpRunner
from ui.visit_model import VisitLine, VisitModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("StationWindow", text)


SHORTCUTS: list[tuple[str, str]] = [
    ("F2", "Find a service"),
    ("Enter", "Add the highlighted service / add the tender"),
    ("F4", "Go to the visit lines (Delete removes, + and - change quantity)"),
    ("F9", "Go to the tender amount"),
    ("F8", "Fill the amount due for the chosen tender"),
    ("Alt+K", "Choose the tender kind"),
    ("Ctrl+P", "Reprint the last receipt (marked COPY)"),
    ("Ctrl+N", "Start a new visit (clears the current one)"),
    ("Ctrl+Shift+H", "Send to head office now (and show the sync status)"),
    ("F1", "Show these shortcuts"),
]


class StationWindow(QMainWindow):
    sale_completed = Signal(object)  # SaleResult
    print_finished = Signal(str)  # "" when printed, else the reason it failed
    sync_status_changed = Signal(object)  # SyncStatus, emitted from the pusher's thread

    def __init__(self, ctx: StationContext, staff: StaffIdentity) -> None:
        super().__init__()
        self.ctx = ctx
        self.staff = staff
        self._db = OpRunner("database", self)
        self._devices = OpRunner("devices", self)
        self._services: list[ServiceInfo] = []
        self._tenders: list[TenderInput] = []
        self._submitting = False
        self.last_result: SaleResult | None = None

        self.setWindowTitle(self.tr("counterapp — %1").replace("%1", staff.display_name))
        self.setAccessibleName(self.tr("Counter station"))
        self.resize(1200, 760)
        base = self.font()
        base.setPointSize(max(base.pointSize(), 12))  # arm's length
        self.setFont(base)

        central = QWidget(self)
        self.setCentralWidget(central)
        root = QVBoxLayout(central)
        root.addWidget(self._build_header())
        body = QHBoxLayout()
        root.addLayout(body, 1)
        body.addWidget(self._build_search(), 3)
        body.addWidget(self._build_visit(), 5)
        body.addWidget(self._build_tender(), 4)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setMinimumHeight(48)
        self.message.setStyleSheet("font-size: 14pt; padding: 6px;")
        root.addWidget(self.message)
        self.statusBar().showMessage(self.tr("F1 shows the keyboard shortcuts."))
        self.printer_status = QLabel(self)
        self.printer_status.setObjectName("printerStatus")
        self.printer_status.setAccessibleName(self.tr("Receipt printer status"))
        self.statusBar().addPermanentWidget(self.printer_status)
        self.sync_status = QLabel(self)
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.setAccessibleName(self.tr("Head-office sync status"))
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync_status_changed.connect(self._show_sync_status)
        if ctx.pusher is not None:
            ctx.pusher.on_status(self.sync_status_changed.emit)  # queued onto the UI thread
            if not ctx.pusher.running:
                ctx.pusher.start()
        else:
            self.sync_status.setText(self.tr("Standalone (no server)"))
        self._install_shortcuts()
        self._refresh_totals()
        self._load_catalogue()

    # ----- layout -------------------------------------------------------
    def _build_header(self) -> QWidget:
        w = QFrame(self)
        w.setFrameShape(QFrame.Shape.StyledPanel)
        h = QHBoxLayout(w)
        self.site_label = QLabel(self)
        self.site_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.staff_label = QLabel(
            self.tr("Signed in: %1 (%2)")
            .replace("%1", self.staff.display_name)
            .replace("%2", self.staff.role.value),
            self,
        )
        h.addWidget(self.site_label)
        h.addStretch(1)
        h.addWidget(self.staff_label)
        return w

    def _build_search(self) -> QWidget:
        w = QWidget(self)
        v = QVBoxLayout(w)
        label = QLabel(self.tr("&Find a service (F2):"), w)
        self.search = QLineEdit(w)
        self.search.setObjectName("serviceSearch")
        self.search.setAccessibleName(self.tr("Find a service"))
        self.search.setPlaceholderText(self.tr("Type a name, code or keyword"))
        self.search.setClearButtonEnabled(True)
        label.setBuddy(self.search)
        self.results = QListWidget(w)
        self.results.setObjectName("serviceResults")
        self.results.setAccessibleName(self.tr("Matching services"))
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._add_current)
        self.results.itemActivated.connect(lambda _item: self._add_current())
        self.search.installEventFilter(self)
        v.addWidget(label)
        v.addWidget(self.search)
        v.addWidget(self.results, 1)
        return w

    def _build_visit(self) -> QWidget:
        w = QWidget(self)
        v = QVBoxLayout(w)
        label = QLabel(self.tr("&Visit (F4):"), w)
        self.model = VisitModel()
        self.table = QTableView(w)
        self.table.setObjectName("visitLines")
        self.table.setAccessibleName(self.tr("Visit lines"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        digit = self.table.fontMetrics().horizontalAdvance("$00,000.00 ")
        for col, width in (
            (1, self.table.fontMetrics().horizontalAdvance(" Qty ")),
            (2, digit),
            (3, digit),
            (4, digit),
        ):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        self.table.verticalHeader().setVisible(False)
        self.table.installEventFilter(self)
        label.setBuddy(self.table)
        self.model.rowsInserted.connect(self._visit_changed)
        self.model.rowsRemoved.connect(self._visit_changed)
        self.model.dataChanged.connect(self._visit_changed)
        self.model.modelReset.connect(self._visit_changed)
        self.remove_button = QPushButton(self.tr("&Remove line"), w)
        self.remove_button.setAccessibleName(self.tr("Remove the selected line"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.new_visit_button = QPushButton(self.tr("&New visit (Ctrl+N)"), w)
        self.new_visit_button.setAccessibleName(self.tr("New visit"))
        self.new_visit_button.clicked.connect(self.new_visit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_visit_button)
        v.addWidget(label)
        v.addWidget(self.table, 1)
        v.addLayout(buttons)
        return w

    def _build_tender(self) -> QWidget:
        w = QFrame(self)
        w.setFrameShape(QFrame.Shape.StyledPanel)
        g = QGridLayout(w)
        big = QFont(self.font())
        big.setPointSize(28)
        big.setBold(True)
        g.addWidget(QLabel(self.tr("Total"), w), 0, 0)
        self.total_label = QLabel(w)
        self.total_label.setObjectName("total")
        self.total_label.setAccessibleName(self.tr("Visit total"))
        self.total_label.setFont(big)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        g.addWidget(self.total_label, 0, 1)
        g.addWidget(QLabel(self.tr("Still due"), w), 1, 0)
        self.due_label = QLabel(w)
        self.due_label.setObjectName("due")
        self.due_label.setAccessibleName(self.tr("Still due"))
        self.due_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        g.addWidget(self.due_label, 1, 1)
        self.cash_due_label = QLabel(w)
        self.cash_due_label.setObjectName("cashDue")
        self.cash_due_label.setAccessibleName(self.tr("Due in cash, rounded"))
        self.cash_due_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        g.addWidget(self.cash_due_label, 2, 1)

        kind_label = QLabel(self.tr("Tender &kind:"), w)
        self.kind = QComboBox(w)
        self.kind.setObjectName("tenderKind")
        self.kind.setAccessibleName(self.tr("Tender kind"))
        for kind, label in TENDER_LABELS.items():
            self.kind.addItem(_tr(label), kind)
        kind_label.setBuddy(self.kind)
        g.addWidget(kind_label, 3, 0)
        g.addWidget(self.kind, 3, 1)

        amount_label = QLabel(self.tr("&Amount (F9):"), w)
        self.amount = QLineEdit(w)
        self.amount.setObjectName("tenderAmount")
        self.amount.setAccessibleName(self.tr("Amount tendered"))
        self.amount.setPlaceholderText("0.00")
        self.amount.returnPressed.connect(self.add_tender)
        amount_label.setBuddy(self.amount)
        g.addWidget(amount_label, 4, 0)
        g.addWidget(self.amount, 4, 1)

        ref_label = QLabel(self.tr("&Reference:"), w)
        self.reference = QLineEdit(w)
        self.reference.setObjectName("tenderReference")
        self.reference.setAccessibleName(self.tr("Tender reference (cheque number, approval code)"))
        self.reference.returnPressed.connect(self.add_tender)
        ref_label.setBuddy(self.reference)
        g.addWidget(ref_label, 5, 0)
        g.addWidget(self.reference, 5, 1)

        self.tender_button = QPushButton(self.tr("&Tender"), w)
        self.tender_button.setObjectName("tenderButton")
        self.tender_button.setAccessibleName(self.tr("Tender"))
        self.tender_button.clicked.connect(self.add_tender)
        self.exact_button = QPushButton(self.tr("E&xact (F8)"), w)
        self.exact_button.setAccessibleName(self.tr("Fill the amount due"))
        self.exact_button.clicked.connect(self.fill_exact)
        row = QHBoxLayout()
        row.addWidget(self.exact_button)
        row.addWidget(self.tender_button)
        g.addLayout(row, 6, 0, 1, 2)

        self.tender_list = QListWidget(w)
        self.tender_list.setObjectName("tenders")
        self.tender_list.setAccessibleName(self.tr("Tenders taken"))
        g.addWidget(self.tender_list, 7, 0, 1, 2)

        self.change_label = QLabel(w)
        self.change_label.setObjectName("change")
        self.change_label.setAccessibleName(self.tr("Change to give"))
        self.change_label.setFont(big)
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        g.addWidget(self.change_label, 8, 0, 1, 2)
        g.setRowStretch(7, 1)
        return w

    def _install_shortcuts(self) -> None:
        def bind(keys: str | QKeySequence.StandardKey, slot: object) -> None:
            sc = QShortcut(QKeySequence(keys), self)
            sc.activated.connect(slot)

        bind("F2", lambda: self._focus_field(self.search))
        bind("F4", self._focus_visit)
        bind("F9", lambda: self._focus_field(self.amount))
        bind("F8", self.fill_exact)
        bind("Ctrl+P", self.reprint_last)
        bind("Ctrl+N", self.new_visit)
        bind("F1", self.show_shortcuts)
        bind("Ctrl+Shift+H", self.sync_now)

    @staticmethod
    def _focus_field(field: QLineEdit) -> None:
        field.setFocus()
        field.selectAll()

    # ----- catalogue ----------------------------------------------------
    def _load_catalogue(self) -> None:
        self._db.run(
            lambda: (catalogue.list_services(self.ctx.uow()), self._site_name()),
            self._catalogue_loaded,
            self._show_error,
        )

    def _site_name(self) -> str:
        from sqlalchemy import select

        from counterapp.db.models import Station

        with self.ctx.uow() as uow:
            st = uow.session.scalars(select(Station)).first()
            return f"{st.site_name} · {st.code}" if st else ""

    def _catalogue_loaded(self, loaded: tuple[list[ServiceInfo], str]) -> None:
        self._services, site = loaded
        self.site_label.setText(site)
        self._filter(self.search.text())
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.results.clear()
        for svc in catalogue.search(self._services, text):
            if svc.kind == "payment":
                fee = self.tr("amount from the account")
            else:
                fee = format_cents(svc.fee_cents) if svc.fee_cents else self.tr("no charge")
            item = QListWidgetItem(f"{svc.name}\n   {svc.category} · {fee}")
            item.setData(Qt.ItemDataRole.UserRole, svc)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if obj is self.table:
                row = self.table.currentIndex().row()
                if key == Qt.Key.Key_Delete:
                    self._remove_selected()
                    return True
                if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                    self.model.change_quantity(row, +1)
                    return True
                if key == Qt.Key.Key_Minus:
                    self.model.change_quantity(row, -1)
                    return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    # ----- visit --------------------------------------------------------
    def _add_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.say(self.tr("No service matches; try another word."), error=True)
            return
        self.add_service(item.data(Qt.ItemDataRole.UserRole))

    def add_service(self, svc: ServiceInfo) -> None:
        if self._tenders:
            self.say(
                self.tr("Tenders are already taken; finish or start a new visit first."), error=True
            )
            return
        if svc.requires_commissioner and not self.staff.is_commissioner:
            self.say(
                self.tr("%1: only staff holding a commissioner appointment may do this.").replace(
                    "%1", svc.name
                ),
                error=True,
            )
            return
        if svc.kind == "payment":
            # Account payments take their amount from an account look-up, which
            # comes with the transactions issue; the foundation sells fee items.
            self.say(
                self.tr("%1 needs an account look-up, not available at this station yet.").replace(
                    "%1", svc.name
                ),
                error=True,
            )
            return
        if svc.checklist:
            dialog = ChecklistDialog(svc, self)
            dialog.setObjectName("checklistDialog")
            dialog.accepted.connect(lambda: self._add_line(VisitLine(svc, 1, dialog.ticked())))
            dialog.finished.connect(lambda _r: dialog.deleteLater())
            dialog.open()
            return
        self._add_line(VisitLine(svc))

    def _add_line(self, line: VisitLine) -> None:
        self.model.add(line)
        self.table.selectRow(self.model.rowCount() - 1)
        self.say(self.tr("Added %1.").replace("%1", line.service.name))
        self.search.setFocus()
        self.search.selectAll()

    def _remove_selected(self) -> None:
        if self._tenders:
            self.say(
                self.tr("Tenders are already taken; start a new visit to change the lines."),
                error=True,
            )
            return
        self.model.remove(self.table.currentIndex().row())

    def _focus_visit(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _visit_changed(self, *_args: object) -> None:
        self._refresh_totals()

    def new_visit(self) -> None:
        if self._submitting:
            return
        self.model.clear()
        self._tenders = []
        self.tender_list.clear()
        self.amount.clear()
        self.reference.clear()
        self.change_label.clear()
        self._refresh_totals()
        self.search.clear()
        self.search.setFocus()

    # ----- tender -------------------------------------------------------
    def _paid_cents(self) -> int:
        return sum(t.amount_cents for t in self._tenders)

    def _refresh_totals(self) -> None:
        total = self.model.total_cents()
        remaining = max(0, total - self._paid_cents())
        self.total_label.setText(format_cents(total))
        self.due_label.setText(format_cents(remaining))
        rounded = cash_round(remaining)
        self.cash_due_label.setText(
            self.tr("In cash: %1").replace("%1", format_cents(rounded))
            if rounded != remaining
            else ""
        )

    def fill_exact(self) -> None:
        remaining = self.model.total_cents() - self._paid_cents()
        if remaining <= 0:
            return
        kind = TenderKind(self.kind.currentData())
        due = cash_round(remaining) if kind is TenderKind.CASH else remaining
        self.amount.setText(format_cents(due, symbol=False).replace(",", ""))
        self.amount.setFocus()

    def add_tender(self) -> None:
        """Take what is in the amount field; complete the sale once paid."""
        if self._submitting:
            return  # a double press while the sale is being saved
        if not self.model.lines:
            self.say(self.tr("The visit is empty: add a service first."), error=True)
            return
        kind = TenderKind(self.kind.currentData())
        amount_text, reference = self.amount.text(), self.reference.text().strip()
        try:
            cents = parse_amount(amount_text)
        except AmountError as exc:
            self.say(error_text(exc), error=True)
            self.amount.setFocus()
            self.amount.selectAll()
            return
        candidate = [*self._tenders, TenderInput(kind, cents, reference)]
        try:
            settlement = settle(self.model.total_cents(), candidate)
        except ShortTender as short:
            self._tenders = candidate
            self.tender_list.addItem(f"{self.kind.currentText()}  {format_cents(cents)}")
            self.amount.clear()
            self.reference.clear()
            self._refresh_totals()
            self.say(self.tr("Taken. Still due: %1").replace("%1", format_cents(short.still_due)))
            return
        except TenderError as exc:
            self.say(error_text(exc), error=True)
            return
        self._tenders = candidate
        self.tender_list.addItem(f"{self.kind.currentText()}  {format_cents(cents)}")
        self.amount.clear()
        self.reference.clear()
        self._refresh_totals()
        self._submit(settlement.change_cents)

    def _submit(self, change_cents: int) -> None:
        cmd = CompleteSale(self.staff, self.model.requests(), tuple(self._tenders))
        self._submitting = True
        self._set_busy(True)
        self.say(self.tr("Saving the sale…"))
        self._db.run(lambda: complete_sale(self.ctx.uow(), cmd), self._sale_done, self._sale_failed)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.tender_button, self.exact_button, self.amount, self.reference, self.kind):
            w.setEnabled(not busy)

    def _sale_done(self, result: SaleResult) -> None:
        self._submitting = False
        self._set_busy(False)
        self.last_result = result
        change = result.settlement.change_cents
        self.model.clear()
        self._tenders = []
        self.tender_list.clear()
        self._refresh_totals()
        self.change_label.setText(
            self.tr("Change %1").replace("%1", format_cents(change)) if change else ""
        )
        self.say(
            self.tr("Sale %1 complete.").replace("%1", result.receipt_no)
            + (
                " " + self.tr("Give %1 in change.").replace("%1", format_cents(change))
                if change
                else ""
            )
        )
        self.sale_completed.emit(result)
        self._print(result.receipt, kick=result.open_drawer)
        if self.ctx.pusher is not None:
            self.ctx.pusher.push_now()
        self.search.setFocus()

    def _sale_failed(self, exc: Exception) -> None:
        # Nothing was written; the visit stays as it was, less the last tender.
        self._submitting = False
        self._set_busy(False)
        if self._tenders:
            self._tenders.pop()
            self.tender_list.takeItem(self.tender_list.count() - 1)
        self._refresh_totals()
        self.say(error_text(exc), error=True)

    # ----- receipt ------------------------------------------------------
    def _print(self, receipt: Receipt, *, kick: bool) -> None:
        printer = self.ctx.receipt_printer
        if printer is None:
            self.printer_status.setText(self.tr("No receipt printer set up"))
            self.print_finished.emit(self.tr("No receipt printer set up"))
            return
        columns = self.ctx.config.receipt_printer.columns
        kick = kick and self.ctx.config.receipt_printer.kick_drawer_on_cash
        self.printer_status.setText(self.tr("Printing %1…").replace("%1", receipt.receipt_no))
        self._devices.run(
            lambda: printer.print_and_kick(render_receipt(receipt, columns=columns), kick),
            lambda _r: self._printed(receipt.receipt_no),
            lambda exc: self._print_failed(receipt.receipt_no, exc),
        )

    def _printed(self, receipt_no: str) -> None:
        self.printer_status.setText(self.tr("Printed %1").replace("%1", receipt_no))
        self.print_finished.emit("")

    def _print_failed(self, receipt_no: str, exc: Exception) -> None:
        reason = error_text(exc)
        self.printer_status.setText(self.tr("Printer problem"))
        self.say(
            self.tr("Receipt %1 did not print: %2. The sale is saved; press Ctrl+P to reprint.")
            .replace("%1", receipt_no)
            .replace("%2", reason),
            error=True,
        )
        self.print_finished.emit(reason)

    def reprint_last(self) -> None:
        if self.last_result is None:
            self.say(self.tr("No receipt to reprint yet."), error=True)
            return
        receipt_no = self.last_result.receipt_no
        self._db.run(
            lambda: stored_receipt(self.ctx.uow(), receipt_no, copy=True),
            lambda receipt: self._print(receipt, kick=False),
            self._show_error,
        )

    # ----- sync ---------------------------------------------------------
    def sync_now(self) -> None:
        """Push (and let the pusher pull) now instead of at the next interval."""
        if self.ctx.pusher is None:
            self.sync_status.setText(self.tr("Standalone (no server)"))
            return
        self.sync_status.setText(self.tr("Head office: sending…"))
        self.ctx.pusher.push_now()

    def _show_sync_status(self, status: SyncStatus) -> None:
        if status.offline_since is not None:
            since = QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(status.offline_since.timestamp())),
                QLocale.FormatType.ShortFormat,
            )
            text = (
                self.tr("Head office: offline since %1, %n waiting — %2", "", status.pending)
                .replace("%1", since)
                .replace("%2", status.last_error or "")
            )
        elif status.last_error:
            text = self.tr("Head office: error, %n waiting — %1", "", status.pending).replace(
                "%1", status.last_error
            )
        elif status.pending:
            text = self.tr("Head office: %n waiting", "", status.pending)
        else:
            text = self.tr("Head office: up to date")
        self.sync_status.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.ctx.pusher is not None:
            self.ctx.pusher.stop()
        self._devices.wait(2_000)
        self._db.wait(10_000)
        super().closeEvent(event)

    # ----- messages -----------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            "font-size: 14pt; padding: 6px;"
            + ("color: #b00020; font-weight: bold;" if error else "color: #1b5e20;")
        )
        self.message.setProperty("isError", error)

    def _show_error(self, exc: Exception) -> None:
        self.say(error_text(exc), error=True)

    def show_shortcuts(self) -> None:
        lines = [f"{keys}: {_tr(what)}" for keys, what in SHORTCUTS]
        self.say("  ·  ".join(lines))
