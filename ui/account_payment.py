"""Paying against an account: find it as you type, see what is owing, enter the amount.

Digits search by number (a barcode scanner types the number and Enter, which
takes the first match straight to the amount); words search the holder's name
and the address. Look-ups run on the database lane; a result that arrives
after the associate typed more is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
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

from counterapp.domain.accounts import ACCOUNT_KINDS, looks_like_number, luhn_ok, normalise
from counterapp.domain.money import AmountError
from counterapp.services.accounts import AccountView, find_accounts, owing_text, paid_message
from counterapp.services.auth import StaffIdentity
from counterapp.services.catalogue import ServiceInfo
from counterapp.services.sales import preview_lines
from ui.context import StationContext
from ui.language import format_cents, parse_amount
from ui.messages import error_text, message_text
from ui.ops import OpRunner
from ui.visit_model import VisitLine, VisitModel

SEARCH_DELAY_MS = 120  # a pause in typing; a scanner's burst is one search


class AccountPaymentDialog(QDialog):
    line_ready = Signal(object)  # VisitLine, checked by the service layer
    results_shown = Signal()

    def __init__(
        self,
        ctx: StationContext,
        runner: OpRunner,
        staff: StaffIdentity,
        services: list[ServiceInfo],
        visit: VisitModel,
        parent: QWidget | None = None,
        *,
        kinds: tuple[str, ...] = (),
        initial_text: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._runner = runner
        self._staff = staff
        self._payment_services = [s for s in services if s.kind == "payment" and s.account_kind]
        self._visit = visit
        self._kinds = kinds
        self._seq = 0
        self._enter_pending = False
        self._accounts: list[AccountView] = []
        self.account: AccountView | None = None

        self.setWindowTitle(self.tr("Pay an account"))
        self.setAccessibleName(self.tr("Pay an account"))
        self.resize(760, 560)
        v = QVBoxLayout(self)
        label = QLabel(self.tr("Account &number, name or address:"), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("accountSearch")
        self.search.setAccessibleName(self.tr("Account number, name or address"))
        self.search.setPlaceholderText(self.tr("Roll or ticket number, or scan the bill"))
        self.search.setClearButtonEnabled(True)
        label.setBuddy(self.search)
        self.results = QListWidget(self)
        self.results.setObjectName("accountResults")
        self.results.setAccessibleName(self.tr("Matching accounts"))
        self.results.setAccessibleDescription(
            self.tr("Accounts matching the number, name or address typed; Enter chooses one")
        )
        self.details = QLabel(self)
        self.details.setObjectName("accountDetails")
        self.details.setAccessibleName(self.tr("The chosen account"))
        self.details.setWordWrap(True)
        self.details.setStyleSheet("font-size: 14pt;")
        form = QFormLayout()
        self.amount = QLineEdit(self)
        self.amount.setObjectName("paymentAmount")
        self.amount.setAccessibleName(self.tr("Amount the visitor pays"))
        self.amount.setAccessibleDescription(
            self.tr("Dollars and cents paid on the chosen account, for example 120 or 120.50")
        )
        self.amount.setPlaceholderText(format_cents(0, symbol=False))
        amount_label = QLabel(self.tr("&Amount paid:"), self)
        amount_label.setBuddy(self.amount)
        form.addRow(amount_label, self.amount)
        self.message = QLabel(self)
        self.message.setObjectName("accountMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("A&dd to visit"), self)
        self.add_button.setObjectName("addPayment")
        self.add_button.setAccessibleName(self.tr("Add the payment to the visit"))
        self.add_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        for button in (self.add_button, self.cancel_button):
            # Enter belongs to the fields (look-up, then amount), not to a default button.
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.add_button)
        v.addWidget(label)
        v.addWidget(self.search)
        v.addWidget(self.results, 1)
        v.addWidget(self.details)
        v.addLayout(form)
        v.addWidget(self.message)
        v.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._look_up)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._search_enter)
        self.search.installEventFilter(self)
        self.results.currentRowChanged.connect(self._choose_row)
        self.results.itemActivated.connect(lambda _i: self._take_current())
        self.amount.returnPressed.connect(self.add_payment)
        self.add_button.clicked.connect(self.add_payment)
        self.cancel_button.clicked.connect(self.reject)
        self.search.setFocus()
        if initial_text:
            self.search.setText(initial_text)

    # ----- look-up ------------------------------------------------------
    def _look_up(self) -> None:
        text = self.search.text()
        self._seq += 1
        seq = self._seq
        hint = self._number_hint(text)
        if hint:
            self.say(hint, error=True)
        elif not text.strip():
            self.say("")
        kinds, read = self._kinds, self.ctx.read
        self._runner.run(
            lambda: find_accounts(read(), text, kinds=kinds),
            lambda found: self._show_results(seq, found),
            self._failed,
        )

    def _number_hint(self, text: str) -> str:
        """A full-length number whose check digit is wrong, said before the look-up."""
        if not looks_like_number(text):
            return ""
        number = normalise(text)
        specs = [k for k in ACCOUNT_KINDS.values() if not self._kinds or k.code in self._kinds]
        lengths = {k.digits for k in specs}
        if len(number) in lengths and not luhn_ok(number):
            return self.tr(
                "%1 is not a valid account number (the check digit does not match): "
                "check it against the bill."
            ).replace("%1", number)
        if len(number) > max(lengths):
            return self.tr("That number is longer than any account number.")
        return ""

    def _show_results(self, seq: int, found: list[AccountView]) -> None:
        if seq != self._seq:
            return  # the associate typed more since
        self._accounts = found
        self.results.blockSignals(True)
        self.results.clear()
        for acct in found:
            who = acct.holder_name or acct.address
            where = acct.address if acct.holder_name else ""
            status = self.tr("paid") if acct.is_paid else format_cents(acct.balance_cents)
            text = f"{acct.label.capitalize()} {acct.display_number} · {who}"
            if where:
                text += f" · {where}"
            item = QListWidgetItem(f"{text} · {status}")
            item.setData(Qt.ItemDataRole.UserRole, acct)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if found:
            self.results.setCurrentRow(0)
            self._choose_row(0)
        else:
            self._choose(None)
            if self.search.text().strip() and not self._number_hint(self.search.text()):
                self.say(self.tr("No account matches; check the number or try the name."))
        self.results_shown.emit()
        if self._enter_pending:
            self._enter_pending = False
            self._take_current()

    def _failed(self, exc: Exception) -> None:
        self.say(error_text(exc), error=True)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            obj is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = self.results.currentRow() + step
            if 0 <= row < self.results.count():
                self.results.setCurrentRow(row)
            return True
        return super().eventFilter(obj, event)

    def _search_enter(self) -> None:
        if self._timer.isActive() or self._runner.busy:
            # A scanner's Enter arrives before its number was looked up.
            self._timer.stop()
            self._enter_pending = True
            self._look_up()
            return
        self._take_current()

    def _take_current(self) -> None:
        if self.account is None:
            if self.search.text().strip():
                self.say(self.tr("No account matches; check the number or try the name."), True)
            return
        if not self.add_button.isEnabled():
            return
        self.amount.setFocus()
        self.amount.selectAll()

    # ----- the chosen account ---------------------------------------------
    def _choose_row(self, row: int) -> None:
        self._choose(self._accounts[row] if 0 <= row < len(self._accounts) else None)

    def service_for(self, acct: AccountView) -> ServiceInfo | None:
        by_code = {s.code: s for s in self._payment_services}
        if acct.service_code in by_code:
            return by_code[acct.service_code]
        return next((s for s in self._payment_services if s.account_kind == acct.kind), None)

    def _choose(self, acct: AccountView | None) -> None:
        self.account = acct
        if acct is None:
            self.details.clear()
            self.add_button.setEnabled(False)
            return
        lines = [f"{acct.label.capitalize()} {acct.display_number}"]
        lines += [x for x in (acct.holder_name, acct.address) if x]
        lines.append(message_text(owing_text(acct)))
        in_visit = sum(r.amount_cents or 0 for r in self._visit.payments_on(acct.id))
        if in_visit:
            lines.append(self.tr("Already in this visit: %1").replace("%1", format_cents(in_visit)))
        self.details.setText("\n".join(lines))
        svc = self.service_for(acct)
        refused = ""
        if svc is None:
            refused = self.tr("No payment service in the catalogue takes this kind of account.")
        elif acct.is_paid:
            refused = message_text(paid_message(acct))
        overpay = svc is not None and bool(svc.rules.get("overpay", False))
        if refused and overpay and svc is not None:
            refused = ""  # paid up, but this account takes payments ahead (tax)
        self.add_button.setEnabled(not refused)
        if refused:
            self.say(refused, error=True)
            return
        self.say("")
        owing = acct.balance_cents - in_visit
        self.amount.setText(format_cents(owing, symbol=False) if owing > 0 else "")

    # ----- adding the line ---------------------------------------------------
    def add_payment(self) -> None:
        acct = self.account
        if acct is None:
            self.say(self.tr("Find the account first."), error=True)
            return
        svc = self.service_for(acct)
        if svc is None or not self.add_button.isEnabled():
            return
        try:
            cents = parse_amount(self.amount.text())
        except AmountError as exc:
            self.say(error_text(exc), error=True)
            self.amount.setFocus()
            self.amount.selectAll()
            return
        line = VisitLine(svc, 1, account=acct, payment_cents=cents)
        lines = (*self._visit.payments_on(acct.id), line.request())
        staff, read, now = self._staff, self.ctx.read, self.ctx.clock()
        self.add_button.setEnabled(False)
        self._runner.run(
            lambda: preview_lines(read(), staff, lines, now=now),
            lambda _priced: self._accepted(line),
            self._refused,
        )

    def _accepted(self, line: VisitLine) -> None:
        self.line_ready.emit(line)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.add_button.setEnabled(True)
        self.say(error_text(exc), error=True)
        self.amount.setFocus()
        self.amount.selectAll()

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
