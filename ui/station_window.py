"""The station window: find services, build the visit, take tenders, finish.

Keyboard first (see ``SHORTCUTS``); every service call runs off the UI
thread on the application's one database lane (``ui.ops.database_lane``),
saying what it changed; receipts, the drawer and the pole display go
through the device job queue (``ui.devices_hook``), so a hung printer never
delays the next visitor.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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

from counterapp.domain.accounts import looks_like_number, normalise
from counterapp.domain.money import AmountError, cash_round
from counterapp.domain.receipt import Receipt
from counterapp.domain.tender import ShortTender, TenderError, TenderInput, TenderKind, settle
from counterapp.services import catalogue, site
from counterapp.services.approval import SupervisorApproval
from counterapp.services.auth import StaffIdentity
from counterapp.services.catalogue import ServiceInfo
from counterapp.services.changes import Change, changes
from counterapp.services.corrections import reprint_receipt
from counterapp.services.drawer import NoOpenShift
from counterapp.services.errors import ServiceError
from counterapp.services.intake import IntakeResult
from counterapp.services.registrations import CancelResult
from counterapp.services.sales import (
    TENDER_LABELS,
    ApprovalNeeded,
    CompleteSale,
    SaleResult,
    complete_sale,
)
from counterapp.services.waitlist import OfferView
from counterapp.sync.client import SyncStatus
from ui.account_payment import AccountPaymentDialog
from ui.approval import ApprovalDialog
from ui.checklist import ChecklistDialog
from ui.context import StationContext
from ui.corrections import CorrectionsDialog
from ui.desk import (
    IdleLock,
    OpenVisitDialog,
    ParkedVisit,
    RecallDialog,
    parked_visits,
    settle_open_visit,
)
from ui.devices_hook import WindowDevices
from ui.display import install_display_menu
from ui.drawer import install_drawer_menu
from ui.fit import ElidedLabel, add_status_part, fit_to_screen
from ui.intake import IntakeDialog
from ui.keys import ShortcutsDialog, add_action
from ui.knowledge import install_knowledge
from ui.language import current_language, format_cents, parse_amount
from ui.language_menu import (
    CarriedVisit,
    install_language_menu,
    load_site_visitor_language,
    restore_visit,
    visitor_language_box,
)
from ui.messages import error_text, message_text
from ui.ops import database_lane
from ui.queue_panel import install_queue_panel
from ui.registrations import RegistrationsDialog
from ui.service_form import ServiceFormDialog
from ui.stock import StockDialog
from ui.visit_model import VisitLine, VisitModel
from ui.walk_ins import install_walk_ins


def _tr(text: str) -> str:
    return QCoreApplication.translate("StationWindow", text)


def CONTEXT_KEYS() -> list[tuple[str, str]]:  # noqa: N802
    """Keys that belong to a field, not to the window (so they are no action)."""
    return [
        (_tr("Enter"), _tr("Add the highlighted service / take the tender")),
        (_tr("Alt+K"), _tr("Choose the tender kind")),
        (_tr("Delete, +, −"), _tr("In the visit lines: remove a line, change its quantity")),
    ]


class StationWindow(QMainWindow):
    sale_completed = Signal(object)  # SaleResult
    correction_completed = Signal(object)  # SaleResult of a void or refund
    print_finished = Signal(str)  # "" when printed (confirmed), else why not or not confirmed
    sync_status_changed = Signal(object)  # SyncStatus, emitted from the pusher's thread

    def __init__(self, ctx: StationContext, staff: StaffIdentity) -> None:
        super().__init__()
        self.ctx = ctx
        self.staff = staff
        # The one database lane (shared with the dialogs this window opens).
        self.lane = database_lane()
        self._services: list[ServiceInfo] = []
        self._tenders: list[TenderInput] = []
        self._submitting = False
        self.last_result: SaleResult | None = None
        self.account_dialog: AccountPaymentDialog | None = None
        self.corrections_dialog: CorrectionsDialog | None = None
        self.form_dialog: ServiceFormDialog | None = None
        self.stock_dialog: StockDialog | None = None
        self.intake_dialog: IntakeDialog | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.registrations_dialog: RegistrationsDialog | None = None
        self.open_visit_dialog: OpenVisitDialog | None = None
        self.recall_dialog: RecallDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.is_closing = False
        self.next_identity: StaffIdentity | None = None  # who signed in at the lock
        self._locked_actions: list[QAction] = []
        self._sync_callback = self.sync_status_changed.emit

        self.switch_user = False  # True when the window closed to let someone else sign in
        self._closing_settled = False
        self.parked_visits: list[ParkedVisit] = parked_visits(ctx)

        self.setWindowTitle(self.tr("counterapp — %1").replace("%1", staff.display_name))
        self.setAccessibleName(self.tr("Counter station"))
        # The font is the application's (ui.app.READABLE_POINT_SIZE, arm's length);
        # the window starts at most the size of the screen it opens on.
        fit_to_screen(self, 1280, 760)

        central = QWidget(self)
        self.setCentralWidget(central)
        root = QVBoxLayout(central)
        root.addWidget(self._build_header())
        body = QHBoxLayout()
        root.addLayout(body, 1)
        body.addWidget(self._build_search(), 3)
        body.addWidget(self._build_visit(), 6)  # the widest: service names wrap least
        body.addWidget(self._build_tender(), 4)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setMinimumSize(1, 48)  # wraps; a long message never widens the window
        self.message.setStyleSheet("font-size: 14pt; padding: 6px;")
        root.addWidget(self.message)
        self.statusBar().showMessage(self.tr("F1 shows the keyboard shortcuts."))
        self.printer_status = ElidedLabel("", self)
        self.printer_status.setObjectName("printerStatus")
        self.printer_status.setAccessibleName(self.tr("Receipt printer status"))
        add_status_part(self.statusBar(), self.printer_status, 1)
        self.sync_status = ElidedLabel("", self, min_chars=12)
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.setAccessibleName(self.tr("Head-office sync status"))
        add_status_part(self.statusBar(), self.sync_status, 2)
        self.sync_status_changed.connect(self._show_sync_status)
        if ctx.pusher is not None:
            ctx.pusher.on_status(self._sync_callback)  # queued onto the UI thread
            if not ctx.pusher.running:
                ctx.pusher.start()
            # The next user's window says where delivery stands now, not after the next
            # push (it was blank after a switch of user).
            self._show_sync_status(ctx.pusher.status)
        else:
            self.sync_status.setText(self.tr("Standalone (no server)"))
        self._install_shortcuts()
        self.drawer_menu = install_drawer_menu(self)  # open/close shift, pickups, Z, GL
        self._refresh_totals()
        self._load_catalogue()
        self.queue_panel = install_queue_panel(self)  # the walk-in queue dock (issue 5)
        if self.queue_panel is not None:
            toggle = self.queue_panel.toggleViewAction()
            toggle.setText(self.tr("Walk-in &queue panel (show or hide)"))
            toggle.setShortcut(QKeySequence("Ctrl+Shift+Q"))
            self.counter_menu.insertAction(self.shortcuts_action, toggle)
            self.addAction(toggle)
        self.devices = WindowDevices(self)  # device queue, status line, pole display, menu
        self.knowledge = install_knowledge(self)  # Questions menu: knowledge base (issue 16)
        self.walk_ins = install_walk_ins(self)  # quick serve a walk-in with no ticket (issue 16)
        self.lock = IdleLock(self)  # locks after the site's idle time; Ctrl+Shift+L now
        self.carried_visit: CarriedVisit | None = None  # set when the language changes
        self.language_menu = install_language_menu(self)  # Counter ▸ Language (issue 13)
        self.display_menu = install_display_menu(self, self.counter_menu)  # Counter ▸ Display
        self.site_visitor_language = "en"  # the site's usual visitor language, once read
        load_site_visitor_language(self)

    # ----- layout -------------------------------------------------------
    def _build_header(self) -> QWidget:
        w = QFrame(self)
        w.setFrameShape(QFrame.Shape.StyledPanel)
        h = QHBoxLayout(w)
        self.site_label = ElidedLabel("", self)
        self.site_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.staff_label = ElidedLabel(
            self.tr("Signed in: %1 (%2)")
            .replace("%1", self.staff.display_name)
            .replace("%2", _tr(self.staff.role.value)),  # ui.core_labels
            self,
        )
        self.staff_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        h.addWidget(self.site_label, 3)
        h.addWidget(self.staff_label, 2)
        return w

    def _build_search(self) -> QWidget:
        w = QWidget(self)
        v = QVBoxLayout(w)
        label = QLabel(self.tr("&Find a service (F2):"), w)
        label.setWordWrap(True)  # a longer caption (French, large text) wraps, never widens
        self.search = QLineEdit(w)
        self.search.setObjectName("serviceSearch")
        self.search.setAccessibleName(self.tr("Find a service"))
        self.search.setPlaceholderText(self.tr("Type a name, code or keyword"))
        self.search.setClearButtonEnabled(True)
        label.setBuddy(self.search)
        self.results = QListWidget(w)
        self.results.setObjectName("serviceResults")
        self.results.setAccessibleName(self.tr("Matching services"))
        self.results.setAccessibleDescription(
            self.tr("Services matching the search; Enter adds the chosen one to the visit")
        )
        self.results.setWordWrap(True)
        self.results.setMinimumWidth(self.results.fontMetrics().horizontalAdvance("M" * 9))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._add_current)
        self.results.itemActivated.connect(lambda _item: self._add_current())
        self.search.installEventFilter(self)
        self.search_note = QLabel(w)
        self.search_note.setObjectName("searchNote")
        self.search_note.setAccessibleName(self.tr("Search result note"))
        self.search_note.setWordWrap(True)
        self.search_note.setMinimumWidth(1)
        self.search_note.hide()
        v.addWidget(label)
        v.addWidget(self.search)
        v.addWidget(self.search_note)
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
        self.table.setAccessibleDescription(
            self.tr("Services and payments of this visit; Delete removes, + and - change quantity")
        )
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
        # A long service name wraps onto a second line instead of "Residen…" (the
        # money columns keep room for $99,999.99, so the name's column is narrow at
        # 1366 px); rows follow their content.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.installEventFilter(self)
        label.setBuddy(self.table)
        self.model.rowsInserted.connect(self._visit_changed)
        self.model.rowsRemoved.connect(self._visit_changed)
        self.model.dataChanged.connect(self._visit_changed)
        self.model.modelReset.connect(self._visit_changed)
        self.remove_button = QPushButton(self.tr("&Remove line"), w)
        self.remove_button.setAccessibleName(self.tr("Remove the selected line"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.pay_button = QPushButton(self.tr("Pay an account (F3)"), w)
        self.pay_button.setObjectName("payAccount")
        self.pay_button.setAccessibleName(self.tr("Pay an account"))
        self.pay_button.clicked.connect(lambda: self.pay_account())
        self.corrections_button = QPushButton(self.tr("Receipts && corrections (F7)"), w)
        self.corrections_button.setObjectName("openCorrections")
        self.corrections_button.setAccessibleName(self.tr("Receipts and corrections"))
        self.corrections_button.clicked.connect(self.open_corrections)
        self.new_visit_button = QPushButton(self.tr("New visit (Ctrl+N)"), w)
        self.new_visit_button.setAccessibleName(self.tr("New visit"))
        self.new_visit_button.clicked.connect(self.new_visit)
        buttons = QGridLayout()  # two by two: a row of four does not fit 1366 px
        buttons.addWidget(self.pay_button, 0, 0)
        buttons.addWidget(self.corrections_button, 0, 1)
        buttons.addWidget(self.remove_button, 1, 0)
        buttons.addWidget(self.new_visit_button, 1, 1)
        for a, b in (
            (self.pay_button, self.remove_button),
            (self.remove_button, self.corrections_button),
            (self.corrections_button, self.new_visit_button),
        ):
            QWidget.setTabOrder(a, b)  # down each column, as the eye reads the grid
        v.addWidget(label)
        v.addWidget(self.table, 1)
        v.addLayout(buttons)
        return w

    def _build_tender(self) -> QWidget:
        w = QFrame(self)
        w.setFrameShape(QFrame.Shape.StyledPanel)
        g = QGridLayout(w)
        big = QFont(self.font())
        big.setPointSize(24)
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
        self.kind.installEventFilter(self)  # Enter on the tender kind takes the tender
        g.addWidget(kind_label, 3, 0)
        g.addWidget(self.kind, 3, 1)

        amount_label = QLabel(self.tr("&Amount (F9):"), w)
        self.amount = QLineEdit(w)
        self.amount.setObjectName("tenderAmount")
        self.amount.setAccessibleName(self.tr("Amount tendered"))
        self.amount.setAccessibleDescription(
            self.tr(
                "Dollars and cents handed over, for example 20 or 20.50; F8 fills in what is due"
            )
        )
        self.amount.setPlaceholderText(format_cents(0, symbol=False))
        self.amount.returnPressed.connect(self.add_tender)
        amount_label.setBuddy(self.amount)
        g.addWidget(amount_label, 4, 0)
        g.addWidget(self.amount, 4, 1)

        ref_label = QLabel(self.tr("R&eference:"), w)
        self.reference = QLineEdit(w)
        self.reference.setObjectName("tenderReference")
        self.reference.setAccessibleName(self.tr("Tender reference (cheque number, approval code)"))
        self.reference.returnPressed.connect(self.add_tender)
        ref_label.setBuddy(self.reference)
        g.addWidget(ref_label, 5, 0)
        for caption in (kind_label, amount_label, ref_label):
            caption.setWordWrap(True)  # "Mode de / paiement :" wraps when the window is narrow
        g.addWidget(self.reference, 5, 1)

        self.tender_button = QPushButton(self.tr("&Tender"), w)
        self.tender_button.setObjectName("tenderButton")
        self.tender_button.setAccessibleName(self.tr("Tender"))
        self.tender_button.clicked.connect(self.add_tender)
        self.exact_button = QPushButton(self.tr("Exact (F8)"), w)
        self.exact_button.setAccessibleName(self.tr("Fill the amount due"))
        self.exact_button.clicked.connect(self.fill_exact)
        row = QHBoxLayout()
        row.addWidget(self.exact_button)
        row.addWidget(self.tender_button)
        QWidget.setTabOrder(self.exact_button, self.tender_button)
        g.addLayout(row, 7, 0, 1, 2)
        # The receipt's language (issue 13), across the column: its text shows whole.
        self.visitor_language = visitor_language_box(w)
        g.addWidget(self.visitor_language, 6, 0, 1, 2)
        QWidget.setTabOrder(self.reference, self.visitor_language)
        QWidget.setTabOrder(self.visitor_language, self.exact_button)

        self.tender_list = QListWidget(w)
        self.tender_list.setObjectName("tenders")
        self.tender_list.setAccessibleName(self.tr("Tenders taken"))
        self.tender_list.setAccessibleDescription(
            self.tr("The payments taken for this visit so far, each with its kind and amount")
        )
        g.addWidget(self.tender_list, 8, 0, 1, 2)

        self.change_label = QLabel(w)
        self.change_label.setObjectName("change")
        self.change_label.setAccessibleName(self.tr("Change to give"))
        self.change_label.setFont(big)
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        g.addWidget(self.change_label, 9, 0, 1, 2)
        g.setRowStretch(8, 1)
        # Figures reserve room for $99,999.99 and wrap beyond it: a bigger total
        # or a longer "Hand back …" never widens the window.
        reserve = QFontMetrics(big).horizontalAdvance("$99,999.99")
        for figure in (self.total_label, self.change_label):
            figure.setMinimumWidth(reserve)
            figure.setWordWrap(True)
        for small in (self.due_label, self.cash_due_label):
            small.setMinimumWidth(small.fontMetrics().horizontalAdvance("In cash: $99,999.99"))
            small.setWordWrap(True)
        return w

    def _install_shortcuts(self) -> None:
        """Every key is an action declared here once (F1 reads them back)."""
        menu = self.menuBar().addMenu(self.tr("&Counter"))
        menu.setObjectName("counterMenu")
        self.counter_menu = menu

        def act(text: str, slot: object, keys: str | tuple[str, ...], name: str,
                in_menu: bool = False) -> QAction:  # fmt: skip
            return add_action(self, text, slot, keys, menu=menu if in_menu else None, name=name)  # type: ignore[arg-type]

        act(
            self.tr("New visit (clears the current one)"),
            self.new_visit,
            "Ctrl+N",
            "newVisit",
            True,
        )
        act(self.tr("Park this visit (someone recalls it later)"), self.park_visit, "F5",
            "parkVisit", True)  # fmt: skip
        act(self.tr("Recall a parked visit"), self.recall_parked, "Shift+F5", "recallParked", True)
        menu.addSeparator()
        act(self.tr("Sign out / switch user"), self.sign_out, "Ctrl+L", "signOut", True)
        act(self.tr("Lock the station"), self.lock_now, "Ctrl+Shift+L", "lockStation", True)
        menu.addSeparator()
        self.shortcuts_action = act(
            self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1", "shortcuts", True
        )
        act(self.tr("Find a service"), lambda: self._focus_field(self.search), "F2", "find")
        act(self.tr("Pay an account: tax roll, utility, ticket, invoice, membership"),
            self.pay_account, "F3", "payAccount")  # fmt: skip
        act(self.tr("Go to the visit lines (Delete removes, + and - change quantity)"),
            self._focus_visit, "F4", "focusVisit")  # fmt: skip
        act(self.tr("Go to the tender amount"), lambda: self._focus_field(self.amount), "F9",
            "focusAmount")  # fmt: skip
        act(self.tr("Fill the amount due for the chosen tender"), self.fill_exact, "F8", "exact")
        act(self.tr("Reprint the last receipt (marked COPY)"), self.reprint_last, "Ctrl+P",
            "reprintLast")  # fmt: skip
        act(self.tr("Receipts and corrections: void, refund, reprint"), self.open_corrections,
            "F7", "corrections")  # fmt: skip
        act(self.tr("Numbered stock: what is left, record a spoiled form"), self.open_stock,
            "Ctrl+Shift+S", "stock")  # fmt: skip
        act(self.tr("Intake: a request or complaint, stamp a letter, look up a reference"),
            lambda: self.open_intake(), "F6", "intake")  # fmt: skip
        act(self.tr("Registrations: find a participant, cancel by the program's rule"),
            self.open_registrations, "Ctrl+Shift+G", "registrations")  # fmt: skip
        act(self.tr("Send to head office now"), self.sync_now, "Ctrl+Shift+H", "syncNow")

    @staticmethod
    def _focus_field(field: QLineEdit) -> None:
        field.setFocus()
        field.selectAll()

    # ----- catalogue ----------------------------------------------------
    def _load_catalogue(self) -> None:
        now = self.ctx.clock()
        self.lane.run(
            lambda: (
                catalogue.list_services(self.ctx.uow(), now=now),
                site.station_label(self.ctx.uow()),
            ),
            self._catalogue_loaded,
            self._show_error,
        )

    def _catalogue_loaded(self, loaded: tuple[list[ServiceInfo], str]) -> None:
        self._services, site = loaded
        self.site_label.setText(site)
        self._filter(self.search.text())
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.results.clear()
        for svc in catalogue.search(self._services, text):
            # The price as the core's fee rule gives it (a range and why, when it depends).
            fee = message_text(svc.price_label) or format_cents(svc.fee_cents)
            language = current_language()  # head office's names in the window's language
            item = QListWidgetItem(
                f"{svc.name_in(language)}\n   {svc.category_in(language)} · {fee}"
            )
            item.setData(Qt.ItemDataRole.UserRole, svc)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        # An empty list says nothing by itself: say there is no match, and what to try.
        none = bool(text.strip()) and not self.results.count() and bool(self._services)
        self.search_note.setText(
            self.tr("No service matches “%1”. Try another word, or F3 to pay an account.").replace(
                "%1", text.strip()
            )
            if none
            else ""
        )
        self.search_note.setVisible(none)

    def eventFilter(self, obj: object, event: object) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if obj is self.kind and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.kind.view().isVisible():
                    return False  # Enter chooses in the open list
                if self.amount.text().strip() or self.model.total_cents() == 0:
                    self.add_tender()
                else:
                    self._focus_field(self.amount)  # the next step: how much
                return True
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
        typed = self.search.text()
        if looks_like_number(typed) and len(normalise(typed)) >= 6:
            # A number typed or scanned into the service search is an account.
            self.pay_account(initial_text=typed)
            return
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
                    "%1", svc.name_in(current_language())
                ),
                error=True,
            )
            return
        if svc.kind == "payment":
            self.pay_account(kinds=(svc.account_kind,) if svc.account_kind else ())
            return
        if svc.rules.get("intake"):
            self.open_intake(kind=str(svc.rules["intake"]), department=svc.department)
            return
        if svc.checklist:
            dialog = ChecklistDialog(svc, self)
            dialog.setObjectName("checklistDialog")
            dialog.accepted.connect(lambda: self._fill_form(svc, dialog.ticked()))
            dialog.finished.connect(lambda _r: dialog.deleteLater())
            dialog.open()
            return
        self._fill_form(svc, ())

    def _fill_form(self, svc: ServiceInfo, ticked: tuple[str, ...]) -> None:
        """Services whose catalogue rules ask for a form (a log entry, applicants,
        a dog) open it; the line joins the visit priced by the service layer."""
        if not svc.rules.get("fields"):
            self._add_line(VisitLine(svc, 1, ticked))
            return
        form = ServiceFormDialog(self.ctx, self.lane, self.staff, svc, ticked, self)
        form.setObjectName("serviceFormDialog")
        form.line_ready.connect(self._add_line)
        form.finished.connect(lambda _r: self._form_closed(form))
        self.form_dialog = form
        form.open()

    def _form_closed(self, form: ServiceFormDialog) -> None:
        if self.form_dialog is form:
            self.form_dialog = None
        form.deleteLater()

    def pay_account(self, *, kinds: tuple[str, ...] = (), initial_text: str = "") -> None:
        """Open the account look-up; the payment joins the visit once the service layer agrees."""
        if self._tenders:
            self.say(
                self.tr("Tenders are already taken; finish or start a new visit first."), error=True
            )
            return
        dialog = AccountPaymentDialog(
            self.ctx,
            self.lane,
            self.staff,
            self._services,
            self.model,
            self,
            kinds=kinds,
            initial_text=initial_text,
        )
        dialog.setObjectName("accountPaymentDialog")
        dialog.line_ready.connect(self._add_line)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.account_dialog = dialog
        dialog.open()

    def add_services_by_code(self, codes: list[str]) -> list[str]:
        """Add catalogue services by code (a called ticket's); returns the codes not found."""
        by_code = {s.code: s for s in self._services}
        for code in codes:
            if code in by_code:
                self.add_service(by_code[code])
        return [code for code in codes if code not in by_code]

    def _add_line(self, line: VisitLine) -> None:
        if not self.model.lines and not self._tenders:
            self._clear_last_sale()  # the first line starts the next visit
        self.model.add(line)
        self.table.selectRow(self.model.rowCount() - 1)
        self.say(self.tr("Added %1.").replace("%1", line.description))
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

    @property
    def has_tenders(self) -> bool:
        return bool(self._tenders)

    def new_visit(self) -> None:
        """Start over: the open visit is parked or discarded by choice, never silently."""
        if self._submitting:
            return

        def fresh() -> None:
            self.discard_visit()
            self._clear_last_sale()
            self.search.clear()
            self.search.setFocus()

        settle_open_visit(self, self.tr("Start a new visit: what happens to this one?"), fresh)

    def discard_visit(self) -> None:
        self.model.clear()
        self.visitor_language.setCurrentIndex(0)  # the next visitor: the site's usual language
        self._tenders = []
        self.tender_list.clear()
        self.amount.clear()
        self.reference.clear()
        self._refresh_totals()

    def _clear_last_sale(self) -> None:
        """What belonged to the last sale (its change, its message) goes; the
        tender kind is back to the default."""
        self.change_label.clear()
        self.message.clear()
        self.message.setProperty("isError", False)
        self.kind.setCurrentIndex(0)

    def park_visit(self) -> None:
        """F5: set the visit aside; anyone at this station recalls it (Shift+F5)."""
        if not self.model.lines:
            self.say(self.tr("There is no visit to park."), error=True)
            return
        if self._tenders:
            self.say(
                self.tr("Tenders are taken: finish the sale, or discard and hand the money back."),
                error=True,
            )
            return
        ticket = ""
        if self.queue_panel is not None and self.queue_panel.current is not None:
            ticket = self.queue_panel.current.label
        self.parked_visits.append(
            ParkedVisit(list(self.model.lines), self.staff.display_name, self.ctx.clock(), ticket)
        )
        self.discard_visit()
        self._clear_last_sale()
        self.say(self.tr("Visit parked; Shift+F5 recalls it."))
        self.search.setFocus()

    def recall_parked(self) -> None:
        if not self.parked_visits:
            self.say(self.tr("No visit is parked at this station."), error=True)
            return
        if self.model.lines or self._tenders:
            self.say(self.tr("Finish or park this visit before recalling another."), error=True)
            return
        dialog = RecallDialog(self.parked_visits, self)
        dialog.setObjectName("recallDialog")
        self.recall_dialog = dialog

        def done(result: int) -> None:
            self.recall_dialog = None
            dialog.deleteLater()
            index = dialog.chosen()
            if result != QDialog.DialogCode.Accepted or index is None:
                return
            visit = self.parked_visits.pop(index)
            self._clear_last_sale()
            for line in visit.lines:
                self.model.add(line)
            self.say(
                self.tr("Recalled the visit parked by %1: %2.")
                .replace("%1", visit.parked_by)
                .replace("%2", format_cents(visit.total_cents))
            )
            self.search.setFocus()

        dialog.finished.connect(done)
        dialog.open()

    def restore_visit(self, carried: CarriedVisit) -> None:
        """The visit as it was before the window was rebuilt in another language."""
        restore_visit(self, carried)

    # ----- handing over the desk ---------------------------------------
    def sign_out(self) -> None:
        """Ctrl+L: sign out so someone else can sign in; the open visit by choice."""
        if self._submitting:
            return

        def leave() -> None:
            self.switch_user = True
            self._close_settled()

        settle_open_visit(self, self.tr("Sign out: what happens to this visit?"), leave)

    def _close_settled(self) -> None:
        self._record_session("logout")
        self._closing_settled = True
        self.close()

    def lock_now(self) -> None:
        self.lock.lock()

    def lock_screen(self, locked: bool) -> None:
        """While locked nothing of the visit shows and nothing can be typed into it."""
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(not locked)
            central.setVisible(not locked)
        if self.queue_panel is not None:
            self.queue_panel.widget().setEnabled(not locked)
            self.queue_panel.widget().setVisible(not locked)
        self.menuBar().setEnabled(not locked)
        if locked:
            self._locked_actions = [a for a in self.actions() if a.isEnabled()]
            for action in self._locked_actions:
                action.setEnabled(False)
        else:
            for action in self._locked_actions:
                action.setEnabled(True)
            self._locked_actions = []

    def hand_over_to(self, who: StaffIdentity) -> None:
        """Someone else signed in at the lock: park the visit and switch user."""
        if self.model.lines and not self._tenders:
            self.park_visit()
        elif self._tenders:
            # Tenders taken but not saved: the new user decides (finish, discard) first.
            self.say(
                self.tr("%1's visit has tenders taken; finish it or discard it first.").replace(
                    "%1", self.staff.display_name
                ),
                error=True,
            )
            return
        self.next_identity = who
        self.switch_user = True
        self._close_settled()

    def _record_session(self, action: str) -> None:
        from counterapp.services.auth import record_session

        staff, uow = self.staff, self.ctx.uow
        self.lane.run(
            lambda: record_session(uow(), staff, action),
            lambda _r: None,
            self._show_error,
            changes=changes(Change.SESSION),
        )

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
        self.amount.setText(format_cents(due, symbol=False))
        self.amount.setFocus()

    def add_tender(self) -> None:
        """Take what is in the amount field; complete the sale once paid."""
        if self._submitting:
            return  # a double press while the sale is being saved
        if not self.model.lines:
            self.say(self.tr("The visit is empty: add a service first."), error=True)
            return
        if self.model.total_cents() == 0 and not self._tenders:
            # No charge (a pension certificate, a waitlist place): finish with no tender.
            self._submit(0)
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

    def _submit(self, change_cents: int, approval: SupervisorApproval | None = None) -> None:
        cmd = CompleteSale(
            self.staff, self.model.requests(), tuple(self._tenders), approval,
            receipt_route=self.devices.receipt_route(),
            language=self.visitor_language.currentData(),
        )  # fmt: skip
        self._submitting = True
        self._set_busy(True)
        self.say(self.tr("Saving the sale…"))
        now = self.ctx.clock()
        self.lane.op(lambda: complete_sale(self.ctx.uow(), cmd, now=now)).changes(
            Change.SALES, Change.DRAWER, Change.DEVICE_JOBS, Change.STOCK
        ).success(self._sale_done).failure(self._sale_failed).run_in_background()

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
        self.visitor_language.setCurrentIndex(0)  # the next visitor: the site's usual language
        self._refresh_totals()
        self.kind.setCurrentIndex(0)  # the next visit starts at the default tender
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
        self.devices.follow_receipt(result.receipt_no, bool(result.print_jobs))
        if self.ctx.pusher is not None:
            self.ctx.pusher.push_now()
        self.search.setFocus()

    def _sale_failed(self, exc: Exception) -> None:
        # Nothing was written; the visit stays as it was, less the last tender.
        self._submitting = False
        self._set_busy(False)
        if isinstance(exc, ApprovalNeeded):
            self._ask_approval(error_text(exc))
            return
        if self._tenders:
            self._tenders.pop()
            self.tender_list.takeItem(self.tender_list.count() - 1)
        self._refresh_totals()
        if isinstance(exc, NoOpenShift):  # lead the associate to open their drawer
            self.drawer_menu.lead_to_open_shift(error_text(exc))
            return
        self.say(error_text(exc), error=True)

    def _ask_approval(self, why: str) -> None:
        """A tender over its limit: a supervisor approves here, or the tender is taken back."""
        dialog = ApprovalDialog(why, self)
        dialog.setObjectName("approvalDialog")
        self.approval_dialog = dialog
        self.say(why, error=True)

        def done(result: int) -> None:
            self.approval_dialog = None
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._submit(0, dialog.approval())
            else:
                self._sale_failed(ServiceError(why))

        dialog.finished.connect(done)
        dialog.open()

    # ----- receipt ------------------------------------------------------
    def _print(self, receipt: Receipt, *, kick: bool) -> None:
        self.devices.print_receipt(receipt, kick=kick)

    def open_corrections(self) -> None:
        """Void, refund or reprint a receipt (the last one is filled in)."""
        dialog = CorrectionsDialog(
            self.ctx,
            self.lane,
            self.staff,
            self,
            receipt_no=self.last_result.receipt_no if self.last_result else "",
            receipt_route=self.devices.receipt_route(),
        )
        dialog.setObjectName("correctionsDialog")
        dialog.corrected.connect(self._corrected)
        dialog.reprint_ready.connect(lambda receipt: self._print(receipt, kick=False))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.corrections_dialog = dialog
        dialog.open()

    def open_intake(self, *, kind: str = "request", department: str = "") -> None:
        dialog = IntakeDialog(self.ctx, self.lane, self.staff, self, kind=kind,
                              department=department)  # fmt: skip
        dialog.setObjectName("intakeDialog")
        dialog.recorded.connect(self._intake_recorded)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.intake_dialog = dialog
        dialog.open()

    def _intake_recorded(self, result: IntakeResult) -> None:
        self.say(self.tr("Recorded as %1.").replace("%1", result.reference_no))
        self._print(result.slip, kick=False)

    def open_registrations(self) -> None:
        dialog = RegistrationsDialog(
            self.ctx, self.lane, self.staff, self, receipt_route=self.devices.receipt_route()
        )
        dialog.setObjectName("registrationsDialog")
        dialog.cancelled.connect(self._registration_cancelled)
        dialog.offer_taken.connect(lambda offer: self._take_offer(dialog, offer))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.registrations_dialog = dialog
        dialog.open()

    def _take_offer(self, dialog: RegistrationsDialog, offer: OfferView) -> None:
        """A waitlist offer taken at the desk: the program's line, with the
        waitlist form's answers, joins the visit; paying it takes the seat."""
        svc = next((s for s in self._services if s.code == offer.service_code), None)
        if svc is None or self._tenders:
            dialog.say(self.tr("Finish the visit first, then take the offer."), error=True)
            return
        dialog.accept()
        self._add_line(VisitLine(svc, 1, (), answers=dict(offer.answers)))

    def _registration_cancelled(self, result: CancelResult) -> None:
        if result.refund is not None:
            self._corrected(result.refund)
        else:
            self.say(self.tr("Registration cancelled; no money goes back."))

    def open_stock(self) -> None:
        dialog = StockDialog(self.ctx, self.lane, self.staff, self)
        dialog.setObjectName("stockDialog")
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.stock_dialog = dialog
        dialog.open()

    def _corrected(self, result: SaleResult) -> None:
        cash = -sum(t.applied_cents for t in result.settlement.tenders if t.kind is TenderKind.CASH)
        what = self.tr("Void") if result.receipt.void else self.tr("Refund")
        text = self.tr("%1 %2 saved.").replace("%1", what).replace("%2", result.receipt_no)
        if cash:
            text += " " + self.tr("Hand back %1 in cash.").replace("%1", format_cents(cash))
        # The big figure is the last transaction's: never the previous sale's change.
        self.change_label.setText(
            self.tr("Hand back %1").replace("%1", format_cents(cash)) if cash else ""
        )
        self.say(text)
        self.correction_completed.emit(result)
        self.devices.follow_receipt(result.receipt_no, bool(result.print_jobs))
        if self.ctx.pusher is not None:
            self.ctx.pusher.push_now()

    def reprint_last(self) -> None:
        if self.last_result is None:
            self.say(self.tr("No receipt to reprint yet."), error=True)
            return
        receipt_no, now = self.last_result.receipt_no, self.ctx.clock()
        route = self.devices.receipt_route()
        self.lane.run(
            lambda: reprint_receipt(
                self.ctx.uow(), self.staff, receipt_no, now=now, receipt_route=route
            ),
            lambda _copy: self.devices.follow_receipt(receipt_no, route is not None),
            self._show_error,
            changes=changes(Change.DEVICE_JOBS),
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
        elif status.last_success_at is None:
            text = self.tr("Head office: connecting…")
        else:
            text = self.tr("Head office: up to date")
        self.sync_status.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing_settled:
            # An open visit is never thrown away silently: ask, then close.
            event.ignore()
            if not self._submitting:
                settle_open_visit(
                    self,
                    self.tr("Close the window: what happens to this visit?"),
                    self._close_settled,
                )
            return
        self.is_closing = True
        self.lock.shutdown()
        if self.ctx.pusher is not None:
            self.ctx.pusher.off_status(self._sync_callback)
            if not self.switch_user:
                self.ctx.pusher.stop()
        self.lane.wait(10_000)
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
        """F1: every key of this window, read from its actions."""
        dialog = ShortcutsDialog(self, extra=CONTEXT_KEYS())
        dialog.setObjectName("shortcutsDialog")
        self.shortcuts_dialog = dialog
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
