"""Registrations: find a participant, cancel their seat or waitlist place by
the program's refund rule (a supervisor approves money going back); the seats
freed are offered to the waitlist (issue 16): the associate sees who, takes
the offer into the visit (paid like any line) or declines it."""

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

from counterapp.domain.clock import DATE_TIME, format_site_time
from counterapp.services.approval import SupervisorApproval
from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import ReceiptRoute
from counterapp.services.registrations import (
    CancelRegistration,
    CancelResult,
    RegistrationView,
    cancel_registration,
    find_registrations,
)
from counterapp.services.waitlist import OfferView, decline_offer, open_offers
from ui.context import StationContext
from ui.keyrules import mark_primary
from ui.language import format_cents
from ui.messages import error_text
from ui.ops import OpRunner


class RegistrationsDialog(QDialog):
    cancelled = Signal(object)  # CancelResult
    results_shown = Signal()
    offers_shown = Signal()
    offer_taken = Signal(object)  # OfferView: its program's line joins the visit

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
        self._keep_message = False
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
        self.results.setAccessibleDescription(
            self.tr(
                "Registrations matching the name or receipt number, with their program and status"
            )
        )
        self.results.setWordWrap(True)  # the status and receipt stay readable beside the offers
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Registrations found on the left, the waitlist's offers on the right.
        columns = QHBoxLayout()
        found_column, offers_column = QVBoxLayout(), QVBoxLayout()
        found_column.addWidget(search_label)
        found_column.addWidget(self.search)
        found_column.addWidget(self.results, 1)
        columns.addLayout(found_column, 3)
        columns.addLayout(offers_column, 2)
        v.addLayout(columns, 1)
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
        offers_label = QLabel(self.tr("Seats &offered to the waitlist:"), self)
        self.offers = QListWidget(self)
        self.offers.setObjectName("waitlistOffers")
        self.offers.setAccessibleName(self.tr("Seats offered to the waitlist"))
        self.offers.setAccessibleDescription(
            self.tr("Freed seats offered to the waitlist: who, the program, until when")
        )
        self.offers.setWordWrap(True)  # who, the program and until when, all readable
        self.offers.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        offers_label.setBuddy(self.offers)
        offers_column.addWidget(offers_label)
        offers_column.addWidget(self.offers, 1)
        self.take_button = QPushButton(self.tr("&Take the offer into the visit"), self)
        self.take_button.setObjectName("takeOffer")
        self.take_button.setAccessibleName(self.tr("Take the chosen offer into the visit"))
        self.take_button.clicked.connect(self.take_chosen_offer)
        self.decline_button = QPushButton(self.tr("&Decline the offer"), self)
        self.decline_button.setObjectName("declineOffer")
        self.decline_button.setAccessibleName(self.tr("Decline the chosen offer"))
        self.decline_button.clicked.connect(self.decline_chosen_offer)
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
        for b in (self.take_button, self.decline_button):
            b.setAutoDefault(False)
            offers_column.addWidget(b)
        for b in (self.cancel_button, close):
            b.setAutoDefault(False)
            v.addWidget(b)
        order = (
            self.search, self.results, self.offers, self.take_button, self.decline_button,
            self.reason, self.supervisor, self.secret, self.to_cash, self.cancel_button, close,
        )  # fmt: skip
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.search.setFocus()
        self.load_offers()

    # --- the waitlist's offers ------------------------------------------------------

    def load_offers(self) -> None:
        uow, staff, now = self.ctx.uow, self._staff, self.ctx.clock()
        self._runner.run(
            lambda: open_offers(uow(), staff, now=now),
            self._show_offers,
            self._failed,
        )

    def _show_offers(self, offers: list[OfferView]) -> None:
        self.offers.clear()
        for o in offers:
            until = format_site_time(o.expires_at, DATE_TIME)
            item = QListWidgetItem(
                self.tr("%1 · %2\nholds the seat until %3")
                .replace("%1", o.participant_name)
                .replace("%2", o.program)
                .replace("%3", until)
            )
            item.setData(Qt.ItemDataRole.UserRole, o)
            item.setToolTip(item.text())
            self.offers.addItem(item)
        if offers:
            self.offers.setCurrentRow(0)
        has = bool(offers)
        self.take_button.setEnabled(has)
        self.decline_button.setEnabled(has)
        self.offers_shown.emit()

    def _chosen_offer(self) -> OfferView | None:
        item = self.offers.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def take_chosen_offer(self) -> None:
        offer = self._chosen_offer()
        if offer is None:
            self.say(self.tr("Choose an offer first."), error=True)
            return
        self.offer_taken.emit(offer)

    def decline_chosen_offer(self) -> None:
        offer = self._chosen_offer()
        if offer is None or self._busy:
            return
        staff, now = self._staff, self.ctx.clock()
        self._busy = True
        self._runner.run(
            lambda: decline_offer(self.ctx.uow(), staff, offer.id, now=now),
            self._declined,
            self._failed,
        )

    def _declined(self, offered_to: list[str]) -> None:
        self._busy = False
        if offered_to:
            self.say(
                self.tr("Declined; the seat is now offered to %1.").replace(
                    "%1", ", ".join(offered_to)
                )
            )
        else:
            self.say(self.tr("Declined; nobody else is waiting for a seat."))
        self.load_offers()

    def find_registrations(self) -> None:
        text, read = self.search.text(), self.ctx.read
        self._runner.run(
            lambda: find_registrations(read(), text),
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
            if not self._keep_message:  # what a cancellation said stays until the next search
                self.say("")
            self._keep_message = False
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
            lambda: cancel_registration(self.ctx.uow(), cmd, now=now),
            self._done,
            self._failed,
            changes=changes(Change.RECORDS),
        )

    def _done(self, result: CancelResult) -> None:
        self._busy = False
        self.cancel_button.setEnabled(True)
        self.secret.clear()
        text = self.tr("Cancelled; %1 goes back.").replace("%1", format_cents(result.refund_cents))
        if result.offered_to:
            text += " " + self.tr("The seat is offered to %1.").replace(
                "%1", ", ".join(result.offered_to)
            )
        self.say(text)
        self._keep_message = True
        self.cancelled.emit(result)
        self.find_registrations()
        self.load_offers()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.cancel_button.setEnabled(True)
        self.secret.clear()
        self.say(error_text(exc), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
