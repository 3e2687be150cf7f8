"""The greeter's window at the entrance: a ticket in two key-presses, the
lobby at a glance, appointments checked in, "need backup".

Press a category's letter, then Enter: the ticket is issued and printed
(Ctrl+P prints the last one again). The ticket is a stored job in the
station's device job queue: the ticket printer is asked first, a ticket it
cannot print (out of paper, cover open) is refused before a byte is sent, and
the greeter is told — the ticket stays in the print queue to send again.
Priority (Alt+P), language line (Alt+L), a name (Alt+N) and extra services
(Alt+E) are optional. Every waiting visitor is listed with the wait so far,
red past the site's in-person standard. A ticket printer that is off never
stops a ticket: the ticket exists and the greeter is told to say the number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QCloseEvent
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
from counterapp.domain.devices import DeviceStatus
from counterapp.ids import uuid7
from counterapp.queue.station import StationQueue, station_queue
from counterapp.queue.views import IssuedTicket, QueueSnapshot
from counterapp.services.auth import StaffIdentity
from counterapp.services.changes import Change, changes
from counterapp.services.device_jobs import JobInfo, JobState
from ui.appointments import install_greeter_appointments
from ui.context import StationContext
from ui.devices_hook import DeviceLanesBridge, device_status_line, started_device_lanes
from ui.display import install_display_menu
from ui.fit import ElidedLabel, add_status_part, fit_to_screen, refilling, scrollable
from ui.keys import ShortcutsDialog, add_action
from ui.knowledge import install_greeter_knowledge
from ui.language import current_language
from ui.language_menu import install_language_menu, switch_greeter_language, visitor_language_box
from ui.messages import error_text
from ui.ops import OpRunner, database_lane, queue_lane, queue_read_lane
from ui.queue_bridge import QueueBridge
from ui.queue_marks import (
    CLOCK_MS,
    OVER_STANDARD,
    is_over,
    mark_words,
    standard_note,
    wait_text,
)

LOCAL_REFRESH_MS = 5_000  # a local queue has no event stream; the file is cheap to read


def _tr(text: str) -> str:
    return QCoreApplication.translate("GreeterWindow", text)


class GreeterWindow(QMainWindow):
    def __init__(self, ctx: StationContext, staff: StaffIdentity) -> None:
        super().__init__()
        self.ctx = ctx
        self.staff = staff
        self.sq: StationQueue | None = None
        self.bridge: QueueBridge | None = None
        self.snapshot: QueueSnapshot | None = None
        self.last_issued: IssuedTicket | None = None
        self.last_job: JobInfo | None = None  # the last ticket's print job, as last heard
        self._ticket_jobs: dict[str, str] = {}  # job id → ticket label, until it ends
        # Ticket jobs are database work; the walk-in queue's calls run where the queue is
        # (the site server's over the network on the queue lane, the station's own on the
        # database lane).
        self._printing = database_lane()
        self.device_lanes = started_device_lanes(ctx)
        self.device_bridge = DeviceLanesBridge(self.device_lanes, self)
        self.device_bridge.job_changed.connect(self._job_changed)
        self.device_bridge.status_changed.connect(self._printer_status_changed)
        self._issuing = False
        self._ticket_language: str | None = None  # the visitor's, for the ticket being issued
        self._refreshing = False
        self._stale = False
        self._category: str | None = None

        self.switch_user = False
        self._backup_pending = False
        self.shortcuts_dialog: ShortcutsDialog | None = None

        self.setWindowTitle(self.tr("counterapp greeter — %1").replace("%1", staff.display_name))
        self.setAccessibleName(self.tr("Greeter station"))
        fit_to_screen(self, 1280, 760)  # the font is the application's (ui.app)

        central = QWidget(self)
        self.setCentralWidget(central)
        root = QVBoxLayout(central)
        root.addWidget(self._build_header())
        body = QHBoxLayout()
        root.addLayout(body, 1)
        body.addWidget(scrollable(self._build_issue(), self), 4)
        body.addWidget(self._build_lobby(), 5)
        body.addWidget(self._build_appointments(), 3)
        self.message = QLabel(self)
        self.message.setObjectName("greeterMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumSize(1, 48)  # wraps; never widens the window
        self.message.setAccessibleName(self.tr("Message"))
        root.addWidget(self.message)
        self.queue_status = QLabel(self)
        self.queue_status.setObjectName("queueStatus")
        self.queue_status.setAccessibleName(self.tr("Queue status"))
        add_status_part(self.statusBar(), self.queue_status)
        self.printer_status = QLabel(self)
        self.printer_status.setObjectName("ticketPrinterStatus")
        self.printer_status.setAccessibleName(self.tr("Ticket printer status"))
        add_status_part(self.statusBar(), self.printer_status)
        self._install_shortcuts()
        self.next_identity: StaffIdentity | None = None  # the same person, in another language
        # Counter ▸ Language and Display, as at the station (issue 13), remembered per user.
        self.language_menu = install_language_menu(self, switch_greeter_language)
        self.display_menu = install_display_menu(self, self.counter_menu)
        self.knowledge = install_greeter_knowledge(self)  # Questions menu (issue 16)
        self.appointment_book = install_greeter_appointments(self)  # book, move, cancel (16)

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
        self.site_label = ElidedLabel("", w)
        self.site_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        h.addWidget(self.site_label, 2)  # elides; never widens the window
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
        self.backup_status = QLabel(w)
        self.backup_status.setObjectName("backupStatus")
        self.backup_status.setAccessibleName(self.tr("Backup request status"))
        self.backup_status.setWordWrap(True)
        self.backup_status.hide()
        h.addWidget(self.backup_status, 1)
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
        self.visitor_language = visitor_language_box(box, ticket=True)  # issue 13
        opts.addWidget(self.visitor_language, 3, 0, 1, 2)
        opts.addWidget(name_label, 2, 0)
        opts.addWidget(self.name, 2, 1)
        v.addLayout(opts)
        extra_label = QLabel(self.tr("&Extra services for the same visit:"), box)
        self.extras = QListWidget(box)
        self.extras.setObjectName("extraServices")
        self.extras.setAccessibleName(self.tr("Extra services for the same visit"))
        self.extras.setAccessibleDescription(
            self.tr(
                "Tick the other services this visitor needs; they are printed on the same ticket"
            )
        )
        extra_label.setBuddy(self.extras)
        v.addWidget(extra_label)
        v.addWidget(self.extras, 1)
        self.issue_button = QPushButton(self.tr("Issue ticket (Enter)"), box)
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
        self.waiting.setAccessibleDescription(
            self.tr("One row per ticket: its number, category, wait so far, notes and name")
        )
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
        self.appointments.setAccessibleDescription(
            self.tr("Today's appointments: time, name, category and whether they checked in")
        )
        self.appointments.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Name"), self.tr("Category"), self.tr("Status")]
        )
        self.appointments.verticalHeader().setVisible(False)
        self.appointments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.appointments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.appointments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The columns share the box's width and elide, so a narrow screen shows every
        # column (the name was squeezed to three letters behind a sideways scroll bar).
        header = self.appointments.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        v.addWidget(self.appointments, 1)
        self.check_in_button = QPushButton(self.tr("Check &in the selected appointment"), box)
        self.check_in_button.setObjectName("checkIn")
        self.check_in_button.setAccessibleName(self.tr("Check in the selected appointment"))
        self.check_in_button.clicked.connect(self.check_in)
        v.addWidget(self.check_in_button)
        return box

    def _install_shortcuts(self) -> None:
        """Every key is an action declared here once (F1 reads them back)."""
        menu = self.menuBar().addMenu(self.tr("&Counter"))
        menu.setObjectName("counterMenu")
        self.counter_menu = menu
        add_action(self, self.tr("Issue and print the ticket"), self.issue_ticket,
                   ("Return", "Enter"), name="issueAction")  # fmt: skip
        add_action(self, self.tr("Print the last ticket again"), self.reprint_last, "Ctrl+P",
                   menu=menu, name="reprintTicket")  # fmt: skip
        add_action(self, self.tr("Need backup: alert supervisors and associates"),
                   self.need_backup, "F12", menu=menu, name="backupAction")  # fmt: skip
        add_action(self, self.tr("Go to the visitors waiting"), self.waiting.setFocus, "F4",
                   name="focusWaiting")  # fmt: skip
        menu.addSeparator()
        add_action(self, self.tr("Sign out / switch user"), self.sign_out, "Ctrl+L", menu=menu,
                   name="signOut")  # fmt: skip
        add_action(self, self.tr("Keyboard shortcuts"), self.show_shortcuts, "F1", menu=menu,
                   name="shortcuts")  # fmt: skip

    def show_shortcuts(self) -> None:
        names = ", ".join(c.letter for c in self.sq.settings.categories) if self.sq else ""
        dialog = ShortcutsDialog(
            self, extra=[(names or self.tr("letter"), self.tr("Choose the ticket's category"))]
        )
        dialog.setObjectName("shortcutsDialog")
        self.shortcuts_dialog = dialog
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    @property
    def _queue(self) -> OpRunner:
        """The lane for the walk-in queue's calls (opening it is database work)."""
        return queue_lane(self.sq is not None and self.sq.shared)

    def sign_out(self) -> None:
        """Ctrl+L: the next person signs in at this station (nothing is open here)."""
        from counterapp.services.auth import record_session

        staff, uow = self.staff, self.ctx.uow
        database_lane().run(lambda: record_session(uow(), staff, "logout"), lambda _r: None,
                            lambda _e: None, changes=changes(Change.SESSION))  # fmt: skip
        self.switch_user = True
        self.close()

    # ----- opening ------------------------------------------------------
    def _opened(self, sq: StationQueue) -> None:
        self.sq = sq
        self.site_label.setText(f"{sq.site_name} · {self.tr('Greeter')} {self.staff.display_name}")
        for cat in sq.settings.categories:
            name = cat.name_in(current_language())
            button = QPushButton(f"{cat.letter}  {name}", self)
            button.setObjectName(f"category{cat.letter}")
            button.setAccessibleName(self.tr("Category %1").replace("%1", name))
            button.setCheckable(True)
            button.setStyleSheet("text-align: left; font-size: 14pt; padding: 6px;")
            button.clicked.connect(lambda _c=False, letter=cat.letter: self.choose(letter))
            # A plain letter: it chooses wherever the focus is not in a text field
            # (in the name box it is part of the name; Enter there comes back here).
            chooser: Callable[[], None] = partial(self.choose, cat.letter)
            add_action(self, self.tr("Category: %1").replace("%1", name), chooser,
                       cat.letter, name=f"categoryAction{cat.letter}")  # fmt: skip
            self.categories.addButton(button)
            self.category_box.addWidget(button)
        names = sq.names_in(current_language())  # head office's, in the window's language
        for code, name in sorted(names.items(), key=lambda kv: kv[1]):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.extras.addItem(item)
        if sq.ticket_printer:
            status = self.device_lanes.statuses().get(sq.ticket_printer)
            if status is not None:
                self._printer_status_changed(sq.ticket_printer, status)
            self.device_lanes.check_status(sq.ticket_printer)
        else:
            self.printer_status.setText(self.tr("No ticket printer"))
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
            buttons = self.categories.buttons()
            if buttons:
                buttons[0].setFocus()  # out of the name box, so the letter chooses
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
        self._ticket_language = ticket_language = self.visitor_language.currentData()
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
                language=ticket_language,  # kept with the ticket: its call on the sign
            ),
            self._issued,
            self._issue_failed,
            changes=changes(Change.WALK_IN_QUEUE),
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
        self.visitor_language.setCurrentIndex(0)
        self.name.clear()
        for i in range(self.extras.count()):
            self.extras.item(i).setCheckState(Qt.CheckState.Unchecked)

    def _print(self, issued: IssuedTicket) -> None:
        sq = self.sq
        assert sq is not None
        label = issued.ticket.label
        if not sq.ticket_printer:
            self.printer_status.setText(self.tr("No ticket printer"))
            self.say(
                self.tr(
                    "Ticket %1 issued. No ticket printer is set up: tell the visitor the number."
                ).replace("%1", label)
            )
            return
        staff_id, ticket_language = self.staff.id, self._ticket_language
        self.printer_status.setText(self.tr("Printing %1…").replace("%1", label))
        self._printing.run(
            lambda: sq.print_ticket(issued, staff_id, ticket_language),
            self._ticket_queued,
            lambda exc: self._print_failed(label, error_text(exc)),
            changes=changes(Change.DEVICE_JOBS),
        )

    def _ticket_queued(self, info: JobInfo) -> None:
        self._ticket_jobs[info.id] = info.reference
        self.last_job = info

    def reprint_last(self) -> None:
        """Print the last ticket again (after the printer is back): the same job when it
        failed or was not confirmed, so the print queue does not hold it twice."""
        if self.last_issued is None or self.sq is None:
            self.say(self.tr("No ticket to reprint yet."), error=True)
            return
        job = self.last_job
        if job is not None and job.can_retry and self.sq.ticket_printer:
            label, sq = job.reference, self.sq
            self._ticket_jobs[job.id] = label
            self.printer_status.setText(self.tr("Printing %1 again…").replace("%1", label))
            self._printing.run(
                lambda: sq.reprint_ticket(job.id),
                self._ticket_queued,
                lambda exc: self._print_failed(label, error_text(exc)),
                changes=changes(Change.DEVICE_JOBS),
            )
            return
        self._print(self.last_issued)

    def _job_changed(self, info: JobInfo) -> None:
        label = self._ticket_jobs.get(info.id)
        if label is None:
            return
        if self.last_job is not None and self.last_job.id == info.id:
            self.last_job = info
        if info.state is JobState.DONE:
            del self._ticket_jobs[info.id]
            self.printer_status.setText(self.tr("Printed %1").replace("%1", label))
            self.printer_status.setStyleSheet("color: #1b5e20;")
        elif info.state is JobState.SENT:
            del self._ticket_jobs[info.id]
            self.printer_status.setText(self.tr("Sent %1, not confirmed").replace("%1", label))
            self.printer_status.setStyleSheet("color: #8a5a00;")
            self.say(
                self.tr(
                    "Ticket %1 was sent, but the ticket printer did not confirm it. If no "
                    "ticket came out, press Ctrl+P to print it again."
                ).replace("%1", label)
            )
        elif info.state is JobState.FAILED:
            del self._ticket_jobs[info.id]
            self._print_failed(label, info.reason)

    def _printer_status_changed(self, name: str, status: DeviceStatus) -> None:
        if self.sq is None or name != self.sq.ticket_printer or self._ticket_jobs:
            return  # "Printing …" says more while a ticket is on its way
        self.printer_status.setText(device_status_line(name, status))
        self.printer_status.setToolTip(status.detail)

    def _print_failed(self, label: str, reason: str) -> None:
        self.printer_status.setText(self.tr("Ticket printer problem"))
        self.printer_status.setStyleSheet("color: #b00020; font-weight: bold;")
        self.say(
            self.tr(
                "Ticket %1 is issued, but it did not print: %2. Tell the visitor the number "
                "(Ctrl+P prints it again)."
            )
            .replace("%1", label)
            .replace("%2", reason),
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
            changes=changes(Change.WALK_IN_QUEUE),
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
            changes=changes(Change.WALK_IN_QUEUE),
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
        # Reads on a lane of their own: an issue never queues behind a refresh.
        lane = queue_read_lane(self.sq.shared)
        lane.run(backend.snapshot, self._refreshed, self._refresh_failed)

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
        standard = sq.settings.in_person_standard
        names = {c.letter: c.name_in(current_language()) for c in sq.settings.categories}
        with refilling(self.waiting):
            self.waiting.setRowCount(len(snap.waiting))
            for row, t in enumerate(snap.waiting):
                notes = mark_words(t)
                if t.expert_id:
                    notes.append(
                        self.tr("for %1").replace("%1", sq.staff_names.get(t.expert_id, "?"))
                    )
                over = is_over(t, now, standard)
                if over:
                    notes.append(standard_note(standard))
                cells = [
                    t.label,
                    names.get(t.category, t.category),
                    wait_text(t, now),
                    ", ".join(notes),
                    t.visitor_name,
                ]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    if over:
                        item.setBackground(QBrush(OVER_STANDARD))
                    self.waiting.setItem(row, col, item)
        self._show_backup(snap)
        loads = [
            f"{c.letter} {names.get(c.letter, c.name)}: "
            + self.tr("%1 waiting, %2 serving")
            .replace("%1", str(c.waiting))
            .replace("%2", str(c.serving))
            for c in snap.categories
        ]
        self.category_load.setText("\n".join(loads))
        counters = len({t.called_by for t in snap.serving})
        self.load_label.setText(self.tr("%n associate(s) serving", "", counters))
        with refilling(self.appointments):
            self.appointments.setRowCount(len(snap.appointments))
            zone = sq.settings.zone
            for row, a in enumerate(snap.appointments):
                time_item = QTableWidgetItem(format_site_time(a.at, TIME, zone))
                time_item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.appointments.setItem(row, 0, time_item)
                self.appointments.setItem(row, 1, QTableWidgetItem(a.visitor_name))
                self.appointments.setItem(
                    row, 2, QTableWidgetItem(names.get(a.category, a.category))
                )
                status = self.tr("checked in") if a.status == "checked_in" else self.tr("expected")
                self.appointments.setItem(row, 3, QTableWidgetItem(status))

    def _show_backup(self, snap: QueueSnapshot) -> None:
        """The call for backup stays on screen until a supervisor acknowledges it."""
        if snap.backup_requests:
            at = datetime.fromisoformat(snap.backup_requests[-1]["at"])
            self.backup_status.setText(
                self.tr("Backup asked at %1: waiting for a supervisor.").replace(
                    "%1", format_site_time(at, TIME)
                )
            )
            self.backup_status.setStyleSheet("color: #b00020; font-weight: bold;")
            self.backup_status.show()
            self._backup_pending = True
        elif self._backup_pending:
            self._backup_pending = False
            self.backup_status.setText(self.tr("A supervisor acknowledged the backup request."))
            self.backup_status.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self.backup_status.show()

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
        queue_read_lane(self.sq is not None and self.sq.shared).wait(5_000)
        database_lane().wait(2_000)
        self.device_bridge.detach()
        super().closeEvent(event)
