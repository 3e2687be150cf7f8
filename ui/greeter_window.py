"""The greeter's window at the entrance: a ticket in two key-presses, the
lobby at a glance, appointments checked in, "need backup".

Press a category's letter, then Enter: the ticket is issued and printed
(Ctrl+P prints the last one again).
Priority (Alt+P), language line (Alt+L), a name (Alt+N) and extra services
(Alt+E) are optional. Every waiting visitor is listed with the wait so far,
red past the site's in-person standard. A ticket printer that is off never
stops a ticket: the ticket exists and the greeter is told to say the number.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.clock import TIME, format_site_time
from counterapp.ids import uuid7
from counterapp.queue.views import IssuedTicket, QueueSnapshot
from counterapp.services.auth import StaffIdentity
from printing.escpos_ticket import render_ticket, ticket_from_issue
from ui.context import StationContext
from ui.messages import error_text
from ui.ops import OpRunner
from ui.queue_bridge import QueueBridge
from ui.queue_context import StationQueue, station_queue

OVER_STANDARD = QColor("#ffcdd2")
LOCAL_REFRESH_MS = 5_000  # a local queue has no event stream; the file is cheap to read
CLOCK_MS = 15_000  # waits shown are recomputed on screen (no I/O)


def _tr(text: str) -> str:
    return QCoreApplication.translate("GreeterWindow", text)


def minutes_since(then: datetime, now: datetime) -> int:
    return max(0, int((now - then).total_seconds() // 60))


class GreeterWindow(QMainWindow):
    def __init__(self, ctx: StationContext, staff: StaffIdentity) -> None:
        super().__init__()
        self.ctx = ctx
        self.staff = staff
        self.sq: StationQueue | None = None
        self.bridge: QueueBridge | None = None
        self.snapshot: QueueSnapshot | None = None
        self.last_issued: IssuedTicket | None = None
        self._queue = OpRunner("queue", self)
        self._printing = OpRunner("ticket printer", self)
        self._issuing = False
        self._refreshing = False
        self._stale = False
        self._category: str | None = None

        self.setWindowTitle(self.tr("counterapp greeter — %1").replace("%1", staff.display_name))
        self.setAccessibleName(self.tr("Greeter station"))
        self.resize(1200, 760)
        font = self.font()
        font.setPointSize(max(font.pointSize(), 12))
        self.setFont(font)

        central = QWidget(self)
        self.setCentralWidget(central)
        root = QVBoxLayout(central)
        root.addWidget(self._build_header())
        body = QHBoxLayout()
        root.addLayout(body, 1)
        body.addWidget(self._build_issue(), 4)
        body.addWidget(self._build_lobby(), 5)
        body.addWidget(self._build_appointments(), 3)
        self.message = QLabel(self)
        self.message.setObjectName("greeterMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(48)
        self.message.setAccessibleName(self.tr("Message"))
        root.addWidget(self.message)
        self.queue_status = QLabel(self)
        self.queue_status.setObjectName("queueStatus")
        self.queue_status.setAccessibleName(self.tr("Queue status"))
        self.statusBar().addPermanentWidget(self.queue_status)
        self.printer_status = QLabel(self)
        self.printer_status.setObjectName("ticketPrinterStatus")
        self.printer_status.setAccessibleName(self.tr("Ticket printer status"))
        self.statusBar().addPermanentWidget(self.printer_status)
        self._install_shortcuts()

        self._clock = QTimer(self)
        self._clock.timeout.connect(self._render)
        self._clock.start(CLOCK_MS)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh)
        self.queue_status.setText(self.tr("Connecting to the queue…"))
        self._queue.run(lambda: station_queue(ctx), self._opened, self._open_failed)

    # ----- layout -------------------------------------------------------
    def _build_header(self) -> QWidget:
        w = QFrame(self)
        w.setFrameShape(QFrame.Shape.StyledPanel)
        h = QHBoxLayout(w)
        self.site_label = QLabel(w)
        self.site_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        h.addWidget(self.site_label)
        h.addStretch(1)
        self.load_label = QLabel(w)
        self.load_label.setObjectName("serving")
        self.load_label.setAccessibleName(self.tr("Associates serving"))
        h.addWidget(self.load_label)
        self.backup_button = QPushButton(self.tr("Need &backup (F12)"), w)
        self.backup_button.setObjectName("needBackup")
        self.backup_button.setAccessibleName(
            self.tr("Need backup: alert supervisors and associates")
        )
        self.backup_button.setStyleSheet("font-weight: bold;")
        self.backup_button.clicked.connect(self.need_backup)
        h.addWidget(self.backup_button)
        return w

    def _build_issue(self) -> QWidget:
        box = QGroupBox(self.tr("Issue a ticket: press the letter, then Enter"), self)
        v = QVBoxLayout(box)
        self.categories = QButtonGroup(box)
        self.categories.setExclusive(True)
        self.category_box = QVBoxLayout()
        v.addLayout(self.category_box)
        opts = QGridLayout()
        self.priority = QCheckBox(self.tr("&Priority (accessibility needs)"), box)
        self.priority.setObjectName("priority")
        self.priority.setAccessibleName(self.tr("Priority for accessibility needs"))
        self.language = QCheckBox(self.tr("&Language line (interpreter)"), box)
        self.language.setObjectName("languageLine")
        self.language.setAccessibleName(self.tr("Language line needed"))
        name_label = QLabel(self.tr("&Name (optional):"), box)
        self.name = QLineEdit(box)
        self.name.setObjectName("visitorName")
        self.name.setAccessibleName(self.tr("Visitor name, optional"))
        self.name.setMaxLength(80)
        self.name.returnPressed.connect(self.issue_ticket)
        name_label.setBuddy(self.name)
        opts.addWidget(self.priority, 0, 0, 1, 2)
        opts.addWidget(self.language, 1, 0, 1, 2)
        opts.addWidget(name_label, 2, 0)
        opts.addWidget(self.name, 2, 1)
        v.addLayout(opts)
        extra_label = QLabel(self.tr("&Extra services for the same visit:"), box)
        self.extras = QListWidget(box)
        self.extras.setObjectName("extraServices")
        self.extras.setAccessibleName(self.tr("Extra services for the same visit"))
        extra_label.setBuddy(self.extras)
        v.addWidget(extra_label)
        v.addWidget(self.extras, 1)
        self.issue_button = QPushButton(self.tr("&Issue ticket (Enter)"), box)
        self.issue_button.setObjectName("issueTicket")
        self.issue_button.setAccessibleName(self.tr("Issue and print the ticket"))
        self.issue_button.clicked.connect(self.issue_ticket)
        v.addWidget(self.issue_button)
        self.issued_label = QLabel(box)
        self.issued_label.setObjectName("issuedTicket")
        self.issued_label.setAccessibleName(self.tr("Last ticket issued"))
        self.issued_label.setStyleSheet("font-size: 28pt; font-weight: bold;")
        self.issued_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.issued_detail = QLabel(box)
        self.issued_detail.setObjectName("issuedDetail")
        self.issued_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        v.addWidget(self.issued_label)
        v.addWidget(self.issued_detail)
        return box

    def _build_lobby(self) -> QWidget:
        box = QGroupBox(self.tr("Waiting (F4)"), self)
        v = QVBoxLayout(box)
        self.waiting = QTableWidget(0, 5, box)
        self.waiting.setObjectName("waitingList")
        self.waiting.setAccessibleName(self.tr("Visitors waiting, with their wait so far"))
        self.waiting.setHorizontalHeaderLabels(
            [
                self.tr("Ticket"),
                self.tr("Category"),
                self.tr("Waiting"),
                self.tr("Notes"),
                self.tr("Name"),
            ]
        )
        self.waiting.verticalHeader().setVisible(False)
        self.waiting.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.waiting.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.waiting.horizontalHeader()
        for col in (0, 1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.waiting, 1)
        self.category_load = QLabel(box)
        self.category_load.setObjectName("categoryLoad")
        self.category_load.setAccessibleName(self.tr("Waiting and serving by category"))
        self.category_load.setWordWrap(True)
        v.addWidget(self.category_load)
        return box

    def _build_appointments(self) -> QWidget:
        box = QGroupBox(self.tr("Appointments today"), self)
        v = QVBoxLayout(box)
        self.appointments = QTableWidget(0, 4, box)
        self.appointments.setObjectName("appointments")
        self.appointments.setAccessibleName(self.tr("Today's appointments"))
        self.appointments.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Name"), self.tr("Category"), self.tr("Status")]
        )
        self.appointments.verticalHeader().setVisible(False)
        self.appointments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.appointments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.appointments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.appointments.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.appointments, 1)
        self.check_in_button = QPushButton(self.tr("Check &in the selected appointment"), box)
        self.check_in_button.setObjectName("checkIn")
        self.check_in_button.setAccessibleName(self.tr("Check in the selected appointment"))
        self.check_in_button.clicked.connect(self.check_in)
        v.addWidget(self.check_in_button)
        return box

    def _install_shortcuts(self) -> None:
        for keys in ("Return", "Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.issue_ticket)
        QShortcut(QKeySequence("F12"), self).activated.connect(self.need_backup)
        QShortcut(QKeySequence("Ctrl+P"), self).activated.connect(self.reprint_last)
        QShortcut(QKeySequence("F4"), self).activated.connect(self.waiting.setFocus)
        QShortcut(QKeySequence("Alt+E"), self).activated.connect(self.extras.setFocus)

    # ----- opening ------------------------------------------------------
    def _opened(self, sq: StationQueue) -> None:
        self.sq = sq
        self.site_label.setText(f"{sq.site_name} · {self.tr('Greeter')} {self.staff.display_name}")
        for cat in sq.settings.categories:
            button = QPushButton(f"{cat.letter}  {cat.name}", self)
            button.setObjectName(f"category{cat.letter}")
            button.setAccessibleName(self.tr("Category %1").replace("%1", cat.name))
            button.setCheckable(True)
            button.setStyleSheet("text-align: left; font-size: 14pt; padding: 6px;")
            button.clicked.connect(lambda _c=False, letter=cat.letter: self.choose(letter))
            QShortcut(QKeySequence(cat.letter), self).activated.connect(
                lambda letter=cat.letter: self.choose(letter)
            )
            self.categories.addButton(button)
            self.category_box.addWidget(button)
        for code, name in sorted(sq.service_names.items(), key=lambda kv: kv[1]):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.extras.addItem(item)
        if sq.device_problem:
            self.say(sq.device_problem, error=True)
        self.printer_status.setText(
            self.tr("Ticket printer ready") if sq.ticket_printer else self.tr("No ticket printer")
        )
        self.bridge = QueueBridge(sq, self)
        self.bridge.changed.connect(lambda _c: self.refresh())
        self.bridge.availability.connect(self._availability)
        self.bridge.start()
        if sq.shared:
            self.queue_status.setText(self.tr("Queue: site server"))
        else:
            self.queue_status.setText(self.tr("Queue: this counter (no site server)"))
            self._poll.start(LOCAL_REFRESH_MS)
        self.refresh()

    def _open_failed(self, exc: Exception) -> None:
        self.queue_status.setText(self.tr("Queue unavailable"))
        self.say(error_text(exc), error=True)

    def _availability(self, up: bool) -> None:
        if up:
            self.queue_status.setText(self.tr("Queue: site server"))
            self.queue_status.setStyleSheet("")
            self.refresh()
        else:
            self.queue_status.setText(self.tr("Queue unavailable — reconnecting by itself"))
            self.queue_status.setStyleSheet("color: #b00020; font-weight: bold;")

    # ----- issuing ------------------------------------------------------
    def choose(self, letter: str) -> None:
        for button in self.categories.buttons():
            button.setChecked(button.objectName() == f"category{letter}")
        self._category = letter
        self.issue_button.setFocus()

    def issue_ticket(self) -> None:
        if self._issuing:
            return  # a double press while the first is on its way
        if self.sq is None:
            self.say(self.tr("The queue is not ready yet."), error=True)
            return
        if self._category is None:
            self.say(self.tr("Choose a category first: press its letter."), error=True)
            return
        sq = self.sq
        actor = sq.actor(self.staff)
        request_id = uuid7()  # made at the press: a retry of this press is the same ticket
        category = self._category
        extras = [
            str(self.extras.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.extras.count())
            if self.extras.item(i).checkState() == Qt.CheckState.Checked
        ]
        priority, language = self.priority.isChecked(), self.language.isChecked()
        name = self.name.text()
        self._issuing = True
        self.issue_button.setEnabled(False)
        self.say(self.tr("Issuing…"))
        self._queue.run(
            lambda: sq.backend.issue(
                actor,
                request_id=request_id,
                category=category,
                services=extras,
                priority=priority,
                language_line=language,
                visitor_name=name,
            ),
            self._issued,
            self._issue_failed,
        )

    def _issued(self, issued: IssuedTicket) -> None:
        self._issuing = False
        self.issue_button.setEnabled(True)
        self.last_issued = issued
        self._reset_form()
        t = issued.ticket
        self.issued_label.setText(t.label)
        ahead = issued.people_ahead
        self.issued_detail.setText(
            self.tr("%n ahead", "", ahead)
            + " · "
            + self.tr("about %1 min").replace("%1", str(issued.estimated_wait_minutes))
        )
        self.say(self.tr("Ticket %1 issued.").replace("%1", t.label))
        self._print(issued)
        self.refresh()

    def _issue_failed(self, exc: Exception) -> None:
        self._issuing = False
        self.issue_button.setEnabled(True)
        self.say(error_text(exc), error=True)

    def _reset_form(self) -> None:
        self.categories.setExclusive(False)
        for button in self.categories.buttons():
            button.setChecked(False)
        self.categories.setExclusive(True)
        self._category = None
        self.priority.setChecked(False)
        self.language.setChecked(False)
        self.name.clear()
        for i in range(self.extras.count()):
            self.extras.item(i).setCheckState(Qt.CheckState.Unchecked)

    def _print(self, issued: IssuedTicket) -> None:
        sq = self.sq
        assert sq is not None
        label = issued.ticket.label
        printer = sq.ticket_printer
        if printer is None:
            self.printer_status.setText(self.tr("No ticket printer"))
            self.say(
                self.tr(
                    "Ticket %1 issued. No ticket printer is set up: tell the visitor the number."
                ).replace("%1", label)
            )
            return
        if not issued.site_name:
            issued = issued.model_copy(update={"site_name": sq.site_name})
        ticket = ticket_from_issue(issued, sq.service_names, sq.settings.zone)
        columns = int(sq.settings.ticket_printer.get("columns", 32))
        data = render_ticket(ticket, columns=columns)
        self.printer_status.setText(self.tr("Printing %1…").replace("%1", label))
        self._printing.run(
            lambda: printer.print_bytes(data),
            lambda _r: self.printer_status.setText(self.tr("Printed %1").replace("%1", label)),
            lambda exc: self._print_failed(label, exc),
        )

    def reprint_last(self) -> None:
        """Print the last ticket again (after the printer is back)."""
        if self.last_issued is None:
            self.say(self.tr("No ticket to reprint yet."), error=True)
            return
        self._print(self.last_issued)

    def _print_failed(self, label: str, exc: Exception) -> None:
        self.printer_status.setText(self.tr("Ticket printer problem"))
        self.say(
            self.tr(
                "Ticket %1 is issued, but it did not print: %2. Tell the visitor the number "
                "(Ctrl+P prints it again)."
            )
            .replace("%1", label)
            .replace("%2", error_text(exc)),
            error=True,
        )

    # ----- appointments and backup -------------------------------------
    def check_in(self) -> None:
        if self.sq is None or self.snapshot is None or self._issuing:
            return
        row = self.appointments.currentRow()
        if row < 0:
            self.say(self.tr("Select the appointment to check in."), error=True)
            return
        item = self.appointments.item(row, 0)
        if item is None:
            return
        appointment_id = str(item.data(Qt.ItemDataRole.UserRole))
        sq, actor, request_id = self.sq, self.sq.actor(self.staff), uuid7()
        self._issuing = True
        self._queue.run(
            lambda: sq.backend.check_in(
                actor, appointment_id=appointment_id, request_id=request_id
            ),
            self._issued,
            self._issue_failed,
        )

    def need_backup(self) -> None:
        if self.sq is None:
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._queue.run(
            lambda: sq.backend.need_backup(actor),
            lambda _v: self.say(
                self.tr("Backup requested: supervisors and associates are alerted.")
            ),
            lambda exc: self.say(error_text(exc), error=True),
        )

    # ----- the lobby ----------------------------------------------------
    def refresh(self) -> None:
        """Read the queue again (coalesced: one read in flight, one more if asked meanwhile)."""
        if self.sq is None:
            return
        if self._refreshing:
            self._stale = True
            return
        self._refreshing = True
        backend = self.sq.backend
        self._queue.run(backend.snapshot, self._refreshed, self._refresh_failed)

    def _refreshed(self, snapshot: QueueSnapshot) -> None:
        self._refreshing = False
        self.snapshot = snapshot
        self._render()
        if self._stale:
            self._stale = False
            self.refresh()

    def _refresh_failed(self, exc: Exception) -> None:
        self._refreshing = False
        self._stale = False
        self.queue_status.setText(self.tr("Queue unavailable — reconnecting by itself"))
        self.queue_status.setStyleSheet("color: #b00020; font-weight: bold;")

    def _render(self) -> None:
        snap, sq = self.snapshot, self.sq
        if snap is None or sq is None:
            return
        now = datetime.now(UTC)
        standard = int(sq.settings.in_person_standard.total_seconds() // 60)
        names = {c.letter: c.name for c in sq.settings.categories}
        self.waiting.setRowCount(len(snap.waiting))
        for row, t in enumerate(snap.waiting):
            waited = minutes_since(t.waiting_since, now)
            notes = []
            if t.appointment_at is not None:
                notes.append(self.tr("appointment"))
            if t.priority:
                notes.append(self.tr("priority"))
            if t.language_line:
                notes.append(self.tr("language line"))
            if t.expert_id:
                notes.append(self.tr("for %1").replace("%1", sq.staff_names.get(t.expert_id, "?")))
            over = waited >= standard
            if over:
                notes.append(self.tr("over the %1-minute standard").replace("%1", str(standard)))
            cells = [
                t.label,
                names.get(t.category, t.category),
                self.tr("%n min", "", waited),
                ", ".join(notes),
                t.visitor_name,
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if over:
                    item.setBackground(QBrush(OVER_STANDARD))
                self.waiting.setItem(row, col, item)
        loads = [
            f"{c.letter} {c.name}: "
            + self.tr("%1 waiting, %2 serving")
            .replace("%1", str(c.waiting))
            .replace("%2", str(c.serving))
            for c in snap.categories
        ]
        self.category_load.setText("\n".join(loads))
        counters = len({t.called_by for t in snap.serving})
        self.load_label.setText(self.tr("%n associate(s) serving", "", counters))
        self.appointments.setRowCount(len(snap.appointments))
        zone = sq.settings.zone
        for row, a in enumerate(snap.appointments):
            time_item = QTableWidgetItem(format_site_time(a.at, TIME, zone))
            time_item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.appointments.setItem(row, 0, time_item)
            self.appointments.setItem(row, 1, QTableWidgetItem(a.visitor_name))
            self.appointments.setItem(row, 2, QTableWidgetItem(names.get(a.category, a.category)))
            status = self.tr("checked in") if a.status == "checked_in" else self.tr("expected")
            self.appointments.setItem(row, 3, QTableWidgetItem(status))

    # ----- messages and closing ----------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("isError", error)
        self.message.setStyleSheet(
            "font-size: 14pt; padding: 6px;"
            + ("color: #b00020; font-weight: bold;" if error else "color: #1b5e20;")
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._clock.stop()
        self._poll.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self._queue.wait(5_000)
        self._printing.wait(2_000)
        super().closeEvent(event)
