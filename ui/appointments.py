"""The appointment book (issue 16), for the greeter and the associates.

Choose a day and a category: the slots show what is booked of their capacity;
book the chosen slot by name and contact; the day's appointments can be moved
to the chosen slot, cancelled, checked in to the walk-in queue (today's) or
recorded as a no-show once their slot is over. Everything goes through the
queue backend (the station's own queue, or the site server's), off the UI
thread. Installed by ``install_appointments`` into a window's menu
(Ctrl+Shift+A).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.ids import uuid7
from counterapp.queue.views import AppointmentView, IssuedTicket, SlotView
from counterapp.services.changes import Change, changes
from ui.messages import error_text
from ui.ops import queue_lane

KEY = "Ctrl+Shift+A"
STATUS_WORDS = {
    "booked": "booked",
    "checked_in": "checked in",
    "cancelled": "cancelled",
    "no_show": "no-show",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Appointments", text)


class AppointmentsDialog(QDialog):
    def __init__(
        self,
        sq: Any,
        staff: Any,
        parent: QWidget | None = None,
        *,
        checked_in: Callable[[IssuedTicket], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.sq = sq
        self.staff = staff
        self._checked_in = checked_in
        self._lane = queue_lane(bool(getattr(sq, "shared", False)))
        self._busy = False
        self._generation = 0
        self.slots: list[SlotView] = []
        self.booked: list[AppointmentView] = []
        self.setObjectName("appointmentsDialog")
        self.setWindowTitle(self.tr("Appointments"))
        self.setAccessibleName(self.tr("Appointment book"))
        self.resize(1100, 600)
        zone = sq.settings.zone

        root = QVBoxLayout(self)
        top = QHBoxLayout()
        day_label = QLabel(self.tr("&Day:"), self)
        self.day = QDateEdit(self)
        self.day.setObjectName("appointmentDay")
        self.day.setAccessibleName(self.tr("Day of the appointments"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = datetime.now(zone).date()
        self.day.setDate(QDate(today.year, today.month, today.day))
        day_label.setBuddy(self.day)
        category_label = QLabel(self.tr("Cate&gory:"), self)
        self.category = QComboBox(self)
        self.category.setObjectName("appointmentCategory")
        self.category.setAccessibleName(self.tr("Service category"))
        for c in sq.settings.categories:
            self.category.addItem(f"{c.letter}  {c.name}", c.letter)
        category_label.setBuddy(self.category)
        for w in (day_label, self.day, category_label, self.category):
            top.addWidget(w)
        top.addStretch(1)
        root.addLayout(top)

        body = QGridLayout()
        slots_label = QLabel(self.tr("&Slots (booked of the places):"), self)
        self.slot_list = QListWidget(self)
        self.slot_list.setObjectName("appointmentSlots")
        self.slot_list.setAccessibleName(self.tr("Slots of the day"))
        self.slot_list.setAccessibleDescription(
            self.tr("Each time slot of the chosen day with how many of its places are booked")
        )
        slots_label.setBuddy(self.slot_list)
        body.addWidget(slots_label, 0, 0)
        body.addWidget(self.slot_list, 1, 0)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("appointmentName")
        self.name.setAccessibleName(self.tr("Visitor's name"))
        self.name.setMaxLength(80)
        self.contact = QLineEdit(self)
        self.contact.setObjectName("appointmentContact")
        self.contact.setAccessibleName(self.tr("Visitor's phone or e-mail"))
        self.contact.setMaxLength(120)
        for caption, widget in (
            (self.tr("&Name:"), self.name),
            (self.tr("Con&tact:"), self.contact),
        ):
            label = QLabel(caption, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.book_button = self._button(
            self.tr("&Book the chosen slot"), "bookAppointment", self.book
        )
        form.addRow(self.book_button)
        # Enter in the name or contact books the chosen slot (or says what is missing).
        self.name.returnPressed.connect(self.book)
        self.contact.returnPressed.connect(self.book)
        body.addLayout(form, 1, 1, Qt.AlignmentFlag.AlignTop)
        list_label = QLabel(self.tr("&Appointments of the day:"), self)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("appointmentList")
        self.table.setAccessibleName(self.tr("Appointments of the day"))
        self.table.setAccessibleDescription(
            self.tr("Appointments booked on the chosen day: time, name, contact, category, status")
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Name"),
                self.tr("Contact"),
                self.tr("Category"),
                self.tr("Status"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        list_label.setBuddy(self.table)
        body.addWidget(list_label, 0, 2)
        body.addWidget(self.table, 1, 2)
        body.setColumnStretch(0, 2)
        body.setColumnStretch(1, 3)
        body.setColumnStretch(2, 5)
        root.addLayout(body, 1)
        actions = QHBoxLayout()
        self.check_in_button = self._button(
            self.tr("Check &in now"), "checkInAppointment", self.check_in
        )
        self.move_button = self._button(
            self.tr("&Move to the chosen slot"), "moveAppointment", self.move_appointment
        )
        self.cancel_button = self._button(
            self.tr("&Cancel appointment"), "cancelAppointment", self.cancel
        )
        self.no_show_button = self._button(self.tr("No-s&how"), "noShowAppointment", self.no_show)
        for b in (self.check_in_button, self.move_button, self.cancel_button, self.no_show_button):
            actions.addWidget(b)
        actions.addStretch(1)
        close = self._button(self.tr("C&lose"), "closeAppointments", self.reject)
        actions.addWidget(close)
        root.addLayout(actions)
        self.message = QLabel(self)
        self.message.setObjectName("appointmentMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setWordWrap(True)
        root.addWidget(self.message)

        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()
        self.slot_list.setFocus()

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setAccessibleName(text.replace("&", ""))
        b.setAutoDefault(False)
        b.clicked.connect(slot)
        return b

    # ----- reading -------------------------------------------------------
    def day_text(self) -> str:
        return self.day.date().toString("yyyy-MM-dd")

    def refresh(self) -> None:
        sq, day, letter = self.sq, self.day_text(), str(self.category.currentData() or "")
        self._generation += 1
        generation = self._generation
        self._lane.run(
            lambda: (sq.backend.slots(day, letter), sq.backend.appointments_of_day(day)),
            lambda loaded: self._loaded(generation, loaded),
            self._failed,
        )

    def _loaded(
        self, generation: int, loaded: tuple[list[SlotView], list[AppointmentView]]
    ) -> None:
        if generation != self._generation:
            return  # the day or the category changed meanwhile
        self.slots, self.booked = loaded
        zone = self.sq.settings.zone
        row = self.slot_list.currentRow()
        self.slot_list.clear()
        for slot in self.slots:
            when = slot.at.astimezone(zone).strftime("%H:%M")
            text = (
                self.tr("%1 · %2 of %3 booked")
                .replace("%1", when)
                .replace("%2", str(slot.booked))
                .replace("%3", str(slot.capacity))
            )
            if slot.free == 0:
                text += " · " + self.tr("full")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot.at)
            self.slot_list.addItem(item)
        if self.slots:
            self.slot_list.setCurrentRow(max(0, min(row, len(self.slots) - 1)))
        names = {c.letter: c.name for c in self.sq.settings.categories}
        self.table.setRowCount(len(self.booked))
        for r, a in enumerate(self.booked):
            cells = (
                a.at.astimezone(zone).strftime("%H:%M"),
                a.visitor_name,
                a.contact,
                names.get(a.category, a.category),
                _tr(STATUS_WORDS.get(a.status, a.status)),
            )
            for c, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                if c == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, a.id)
                self.table.setItem(r, c, cell)

    # ----- acting --------------------------------------------------------
    def _chosen_slot(self) -> datetime | None:
        item = self.slot_list.currentItem()
        if item is None:
            self.say(self.tr("Choose a slot first."), error=True)
            return None
        at: datetime = item.data(Qt.ItemDataRole.UserRole)
        return at

    def _chosen_appointment(self) -> AppointmentView | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.booked):
            self.say(self.tr("Select an appointment in the list first."), error=True)
            return None
        return self.booked[row]

    def _act(self, what: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self._busy:
            return
        self._busy = True
        self._lane.run(
            what,
            lambda r: self._finished(done, r),
            self._failed,
            changes=changes(Change.WALK_IN_QUEUE),
        )

    def _finished(self, done: Callable[[Any], None], result: Any) -> None:
        self._busy = False
        done(result)
        self.refresh()

    def book(self) -> None:
        at = self._chosen_slot()
        if at is None:
            return
        name, contact = self.name.text().strip(), self.contact.text().strip()
        if not name:
            self.say(self.tr("Type the visitor's name."), error=True)
            self.name.setFocus()
            return
        sq, actor, letter = self.sq, self.sq.actor(self.staff), str(self.category.currentData())
        when = at.astimezone(sq.settings.zone).strftime("%Y-%m-%d %H:%M")

        def booked(_id: str) -> None:
            self.name.clear()
            self.contact.clear()
            self.say(self.tr("Booked %1 for %2.").replace("%1", name).replace("%2", when))

        self._act(
            lambda: sq.backend.book_appointment(
                actor, at=at, category=letter, visitor_name=name, contact=contact
            ),
            booked,
        )

    def move_appointment(self) -> None:
        appt, at = self._chosen_appointment(), None
        if appt is None:
            return
        at = self._chosen_slot()
        if at is None:
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        when = at.astimezone(sq.settings.zone).strftime("%Y-%m-%d %H:%M")
        self._act(
            lambda: sq.backend.move_appointment(actor, appt.id, at),
            lambda _r: self.say(
                self.tr("%1 moved to %2.").replace("%1", appt.visitor_name).replace("%2", when)
            ),
        )

    def cancel(self) -> None:
        appt = self._chosen_appointment()
        if appt is None:
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._act(
            lambda: sq.backend.cancel_appointment(actor, appt.id),
            lambda _r: self.say(
                self.tr("%1's appointment cancelled.").replace("%1", appt.visitor_name)
            ),
        )

    def no_show(self) -> None:
        appt = self._chosen_appointment()
        if appt is None:
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._act(
            lambda: sq.backend.appointment_no_show(actor, appt.id),
            lambda _r: self.say(
                self.tr("%1 recorded as a no-show.").replace("%1", appt.visitor_name)
            ),
        )

    def check_in(self) -> None:
        appt = self._chosen_appointment()
        if appt is None:
            return
        zone = self.sq.settings.zone
        if appt.at.astimezone(zone).date() != datetime.now(zone).date():
            self.say(self.tr("Only today's appointments are checked in."), error=True)
            return
        sq, actor, request_id = self.sq, self.sq.actor(self.staff), uuid7()

        def issued(ticket: IssuedTicket) -> None:
            self.say(
                self.tr("%1 checked in: ticket %2, served in their slot.")
                .replace("%1", appt.visitor_name)
                .replace("%2", ticket.ticket.label)
            )
            if self._checked_in is not None:
                self._checked_in(ticket)  # the greeter prints the ticket

        self._act(
            lambda: sq.backend.check_in(actor, appointment_id=appt.id, request_id=request_id),
            issued,
        )

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.say(error_text(exc), error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")


class Appointments:
    """The action in a window's menu; the queue comes from ``station_queue``."""

    def __init__(
        self,
        window: QMainWindow,
        menu: QMenu,
        staff: Any,
        station_queue: Callable[[], Any],
        *,
        say: Callable[..., None],
        checked_in: Callable[[IssuedTicket], None] | None = None,
    ) -> None:
        self.window = window
        self.staff = staff
        self.station_queue = station_queue
        self._say = say
        self._checked_in = checked_in
        self.dialog: AppointmentsDialog | None = None
        self.action = QAction(_tr("&Appointments: book, move, cancel, check in…"), window)
        self.action.setObjectName("openAppointments")
        self.action.setShortcut(QKeySequence(KEY))
        self.action.triggered.connect(self.open)
        menu.addAction(self.action)
        window.addAction(self.action)

    def open(self) -> None:
        sq = self.station_queue()
        if sq is None:
            self._say(_tr("The queue is not available yet; try again in a moment."), error=True)
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        dialog = AppointmentsDialog(sq, self.staff, self.window, checked_in=self._checked_in)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: AppointmentsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()


def install_station_appointments(window: Any, menu: QMenu) -> Appointments:
    return Appointments(
        window,
        menu,
        window.staff,
        lambda: getattr(getattr(window, "queue_panel", None), "sq", None),
        say=window.say,
    )


def install_greeter_appointments(window: Any) -> Appointments:
    """The greeter's window: its own *Appointments* menu (Alt+M); a check-in
    prints the ticket as the greeter's own check-in does."""
    menu = window.menuBar().addMenu(_tr("Appoint&ments"))
    issued = getattr(window, "_issued", None)
    return Appointments(
        window,
        menu,
        window.staff,
        lambda: getattr(window, "sq", None),
        say=window.say,
        checked_in=issued if callable(issued) else None,
    )
