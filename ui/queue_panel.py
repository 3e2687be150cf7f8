"""The associate's side of the walk-in queue: a dock on the station window.

"Call next" (F11) picks by the associate's cross-training and the site's rule
and opens the visit with the ticket's services already chosen; finishing the
sale closes the ticket. Recall (F12), no-show (after the site's recalls),
transfer to another category or a named expert, park and resume, call a
chosen ticket. A supervisor also sees today's figures, live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.clock import TIME, format_site_time
from counterapp.queue.measures import DaySummary, summarise
from counterapp.queue.station import StationQueue, station_queue
from counterapp.queue.views import QueueSnapshot, TicketView
from counterapp.queue.waits import minutes_since
from counterapp.services.auth import Role
from counterapp.services.changes import Change, changes
from counterapp.services.sales import SaleResult
from ui.fit import scrollable
from ui.keys import add_action
from ui.language import current_language
from ui.messages import error_text
from ui.ops import OpRunner, database_lane, on_changes, queue_lane
from ui.queue_bridge import QueueBridge
from ui.queue_marks import CLOCK_MS, OVER_STANDARD, is_over, mark_words, wait_text

if TYPE_CHECKING:
    from ui.station_window import StationWindow

LOCAL_REFRESH_MS = 5_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueuePanel", text)


class QueuePanel(QDockWidget):
    def __init__(self, window: StationWindow) -> None:
        super().__init__(_tr("Walk-in queue"), window)
        self.setObjectName("queuePanel")
        self.setAccessibleName(_tr("Walk-in queue"))
        self.window_ = window
        self.staff = window.staff
        self.sq: StationQueue | None = None
        self.bridge: QueueBridge | None = None
        self.current: TicketView | None = None
        self.snapshot: QueueSnapshot | None = None
        self._busy = False
        self._refreshing = False
        self._stale = False
        self._build()
        self._set_enabled(False)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh)
        self._clock = QTimer(self)  # waits tick on screen, as on the greeter's
        self._clock.timeout.connect(self._render)
        self._clock.start(CLOCK_MS)
        window.sale_completed.connect(self._sale_completed)
        window.installEventFilter(self)  # to stop the event stream when the window closes
        # A walk-in served, a visit handed on, an appointment checked in, an answer
        # counted: whatever changed the queue on a lane shows in the list.
        on_changes(self, (Change.WALK_IN_QUEUE,), lambda _c: self.refresh())
        self._lane.run(lambda: station_queue(window.ctx), self._opened, self._open_failed)

    @property
    def _lane(self) -> OpRunner:
        """Where the walk-in queue's calls run (opening it is database work)."""
        return queue_lane(self.sq is not None and self.sq.shared)

    # ----- layout -------------------------------------------------------
    def _button(self, text: object, name: str, accessible: object, slot: object) -> QPushButton:
        # text and accessible come marked QT_TRANSLATE_NOOP (typed object) for lupdate
        b = QPushButton(_tr(str(text)), self)
        b.setObjectName(name)
        b.setAccessibleName(_tr(str(accessible)))
        b.clicked.connect(slot)
        return b

    def _build(self) -> None:
        body = QWidget(self)
        v = QVBoxLayout(body)
        self.status = QLabel(_tr("Connecting to the queue…"), body)
        self.status.setObjectName("queuePanelStatus")
        self.status.setAccessibleName(_tr("Queue status"))
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        self.sign_status = QLabel(body)
        self.sign_status.setObjectName("signStatus")
        self.sign_status.setAccessibleName(_tr("Now-serving sign status"))
        self.sign_status.setWordWrap(True)
        self.sign_status.setStyleSheet("color: #b00020;")
        self.sign_status.hide()
        v.addWidget(self.sign_status)
        self.alert = QLabel(body)
        self.alert.setObjectName("backupAlert")
        self.alert.setAccessibleName(_tr("Backup requested"))
        self.alert.setStyleSheet("color: #ffffff; background: #b00020; font-weight: bold;")
        self.alert.setWordWrap(True)
        self.alert.hide()
        v.addWidget(self.alert)
        self.ack_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Acknowled&ge backup"),
            "ackBackup",
            QT_TRANSLATE_NOOP(
                "QueuePanel", "Acknowledge the backup request; it clears on every screen"
            ),
            self.acknowledge_backup,
        )
        self.ack_button.hide()
        v.addWidget(self.ack_button)
        self.serving = QLabel(_tr("No visitor called"), body)
        self.serving.setObjectName("nowServing")
        self.serving.setAccessibleName(_tr("Visitor being served"))
        self.serving.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.serving.setWordWrap(True)
        v.addWidget(self.serving)
        g = QGridLayout()
        self.call_next_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Call next (F11)"),
            "callNext",
            QT_TRANSLATE_NOOP("QueuePanel", "Call the next visitor"),
            self.call_next,
        )
        self.recall_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Recall (F12)"),
            "recall",
            QT_TRANSLATE_NOOP("QueuePanel", "Call again"),
            self.recall,
        )
        self.no_show_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "No-s&how"),
            "noShow",
            QT_TRANSLATE_NOOP("QueuePanel", "Mark as no-show"),
            self.no_show,
        )
        self.park_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "&Park"),
            "park",
            QT_TRANSLATE_NOOP("QueuePanel", "Park the visitor"),
            self.park,
        )
        self.done_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Done, &no sale"),
            "doneNoSale",
            QT_TRANSLATE_NOOP("QueuePanel", "Close the ticket without a sale"),
            self.done,
        )
        g.addWidget(self.call_next_button, 0, 0, 1, 2)
        g.addWidget(self.recall_button, 1, 0)
        g.addWidget(self.no_show_button, 1, 1)
        g.addWidget(self.park_button, 2, 0)
        g.addWidget(self.done_button, 2, 1)
        v.addLayout(g)
        self.transfer_to = QComboBox(body)
        self.transfer_to.setObjectName("transferTo")
        self.transfer_to.setAccessibleName(_tr("Transfer to a category or an expert"))
        self.transfer_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Tran&sfer"),
            "transfer",
            QT_TRANSLATE_NOOP("QueuePanel", "Transfer the visitor"),
            self.transfer,
        )
        t = QGridLayout()
        label = QLabel(_tr("Transfer t&o:"), body)
        label.setBuddy(self.transfer_to)
        self.transfer_to.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.transfer_to.setMinimumContentsLength(10)
        t.addWidget(label, 0, 0, 1, 2)
        t.addWidget(self.transfer_to, 1, 0)
        t.addWidget(self.transfer_button, 1, 1)
        t.setColumnStretch(0, 1)
        v.addLayout(t)
        waiting_label = QLabel(_tr("&Waiting:"), body)
        self.waiting = QListWidget(body)
        self.waiting.setObjectName("queueWaiting")
        self.waiting.setAccessibleName(_tr("Tickets waiting"))
        self.waiting.setAccessibleDescription(
            _tr("Visitors in the lobby, in the order they will be called, with their wait")
        )
        self.waiting.setWordWrap(True)  # long marks wrap; no sideways scrolling
        self.waiting.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        waiting_label.setBuddy(self.waiting)
        v.addWidget(waiting_label)
        v.addWidget(self.waiting, 2)
        self.call_selected_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Call se&lected"),
            "callSelected",
            QT_TRANSLATE_NOOP("QueuePanel", "Call the selected ticket"),
            self.call_selected,
        )
        v.addWidget(self.call_selected_button)
        parked_label = QLabel(_tr("Parked:"), body)
        self.parked = QListWidget(body)
        self.parked.setObjectName("queueParked")
        self.parked.setAccessibleName(_tr("Parked visitors"))
        self.parked.setAccessibleDescription(
            _tr("Visitors set aside at this desk, to be resumed later")
        )
        parked_label.setBuddy(self.parked)
        v.addWidget(parked_label)
        v.addWidget(self.parked, 1)
        self.resume_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Res&ume parked"),
            "resume",
            QT_TRANSLATE_NOOP("QueuePanel", "Resume the selected parked visitor"),
            self.resume,
        )
        v.addWidget(self.resume_button)
        supervisor = self.staff.role in (Role.SUPERVISOR, Role.ADMIN)
        desks_label = QLabel(_tr("At the desks (supervisor):"), body)
        self.desks = QListWidget(body)
        self.desks.setObjectName("queueDesks")
        self.desks.setAccessibleName(_tr("Visitors being served at every desk"))
        self.desks.setAccessibleDescription(
            _tr("Each desk and the ticket it serves; a supervisor can send one back")
        )
        desks_label.setBuddy(self.desks)
        self.send_back_button = self._button(
            QT_TRANSLATE_NOOP("QueuePanel", "Send &back to the lobby"),
            "sendBack",
            QT_TRANSLATE_NOOP("QueuePanel", "Send the selected desk's visitor back to the lobby"),
            self.send_back,
        )
        for w in (desks_label, self.desks, self.send_back_button):
            w.setVisible(supervisor)
            v.addWidget(w)
        self.figures = QLabel(body)
        self.figures.setObjectName("queueFigures")
        self.figures.setAccessibleName(_tr("Today's queue figures"))
        self.figures.setWordWrap(True)
        self.figures.setVisible(self.staff.role in (Role.SUPERVISOR, Role.ADMIN))
        v.addWidget(self.figures)
        # Tall content scrolls in the dock, so the dock never makes the window taller
        # than the screen; Ctrl+Shift+Q hides or shows the whole dock.
        self.setWidget(scrollable(body, self))
        add_action(self.window_, _tr("Walk-in queue: call the next visitor"), self.call_next,
                   "F11", name="callNextAction")  # fmt: skip
        add_action(self.window_, _tr("Walk-in queue: call the same visitor again"), self.recall,
                   "F12", name="recallAction")  # fmt: skip

    def _set_enabled(self, ready: bool) -> None:
        has = ready and self.current is not None and not self._busy
        free = ready and self.current is None and not self._busy
        self.call_next_button.setEnabled(free)
        self.send_back_button.setEnabled(ready and not self._busy)
        self.call_selected_button.setEnabled(free)
        self.resume_button.setEnabled(free)
        for b in (
            self.recall_button,
            self.no_show_button,
            self.park_button,
            self.done_button,
            self.transfer_button,
        ):
            b.setEnabled(has)

    # ----- opening ------------------------------------------------------
    def _opened(self, sq: StationQueue) -> None:
        self.sq = sq
        for cat in sq.settings.categories:
            self.transfer_to.addItem(
                f"{cat.letter} {cat.name_in(current_language())}", ("category", cat.letter)
            )
        for staff_id, name in sorted(sq.staff_names.items(), key=lambda kv: kv[1]):
            if staff_id != self.staff.id:
                self.transfer_to.addItem(
                    _tr("Expert: %1").replace("%1", name), ("expert", staff_id)
                )
        self.bridge = QueueBridge(sq, self)
        self.bridge.changed.connect(lambda _c: self.refresh())
        self.bridge.availability.connect(self._availability)
        self.bridge.sign_problem.connect(self._sign_problem)
        self.bridge.start()
        self.status.setText(
            _tr("Queue: site server") if sq.shared else _tr("Queue: this counter (no site server)")
        )
        if not sq.shared:
            self._poll.start(LOCAL_REFRESH_MS)
        self._set_enabled(True)
        self.refresh()

    def _open_failed(self, exc: Exception) -> None:
        self.status.setText(_tr("Queue unavailable: %1").replace("%1", error_text(exc)))

    def _availability(self, up: bool) -> None:
        if up:
            self.status.setText(_tr("Queue: site server"))
            self.status.setStyleSheet("")
            self.refresh()
        else:
            self.status.setText(_tr("Queue unavailable — selling goes on; reconnecting by itself"))
            self.status.setStyleSheet("color: #b00020; font-weight: bold;")

    def _sign_problem(self, reason: str) -> None:
        # In the dock, not the window's message line: the call's own message
        # arrives at about the same moment and must not hide this one.
        self.sign_status.setText(
            _tr("The now-serving sign did not show the call: %1 — say the number aloud.").replace(
                "%1", reason
            )
        )
        self.sign_status.setVisible(bool(reason))

    # ----- actions --------------------------------------------------------
    def _run(self, what: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        if self.sq is None or self._busy:
            return
        self._busy = True
        self._set_enabled(True)
        self._lane.run(
            what,
            lambda r: self._finished(on_done, r),
            self._failed,
            changes=changes(Change.WALK_IN_QUEUE),
        )

    def _finished(self, on_done: Callable[[Any], None], result: Any) -> None:
        self._busy = False
        on_done(result)
        self._set_enabled(True)
        self.refresh()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._set_enabled(True)
        self.window_.say(error_text(exc), error=True)
        self.refresh()

    def call_next(self) -> None:
        if self.sq is None or self.current is not None:
            if self.current is not None:
                self.window_.say(
                    _tr("Finish, park or transfer %1 first.").replace("%1", self.current.label),
                    error=True,
                )
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._run(lambda: sq.backend.call_next(actor), self._called)

    def call_selected(self) -> None:
        item = self.waiting.currentItem()
        if self.sq is None or item is None:
            self.window_.say(_tr("Select a waiting ticket first."), error=True)
            return
        ticket_id = str(item.data(Qt.ItemDataRole.UserRole))
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._run(lambda: sq.backend.call_ticket(actor, ticket_id), self._called)

    def _called(self, ticket: TicketView) -> None:
        self.current = ticket
        self._show_current()
        self._visit_language_from(ticket)
        missing = self.window_.add_services_by_code(ticket.services)
        text = (
            _tr("Called %1 to %2.").replace("%1", ticket.label).replace("%2", ticket.counter or "")
        )
        if missing:
            text += " " + _tr("Not in the catalogue: %1").replace("%1", ", ".join(missing))
        if ticket.notes:  # a warm transfer's notes (issue 16)
            text += "\n" + _tr("Notes: %1").replace("%1", ticket.notes)
        self.window_.say(text)

    def _visit_language_from(self, ticket: TicketView) -> None:
        """The visit's visitor language from the ticket (issue 13: the greeter asked), so
        the receipt and the pole display follow it; the associate can still change it.
        A ticket without one (an older server) leaves the associate's choice alone."""
        box = getattr(self.window_, "visitor_language", None)
        if ticket.language is None or box is None:
            return
        index = box.findData(ticket.language)
        if index >= 0:
            box.setCurrentIndex(index)

    def _on_current(self, action: str) -> None:
        if self.sq is None or self.current is None:
            return
        sq, actor, ticket_id = self.sq, self.sq.actor(self.staff), self.current.id
        backend = sq.backend
        calls = {
            "recall": lambda: backend.recall(actor, ticket_id),
            "no_show": lambda: backend.no_show(actor, ticket_id),
            "park": lambda: backend.park(actor, ticket_id),
            "done": lambda: backend.close(actor, ticket_id, outcome="resolved"),
        }
        self._run(calls[action], lambda t: self._after(action, t))

    def _after(self, action: str, ticket: TicketView) -> None:
        if action == "recall":
            self.current = ticket
            self.window_.say(
                _tr("Recalled %1 (%2 times).")
                .replace("%1", ticket.label)
                .replace("%2", str(ticket.recalls))
            )
        else:
            self.current = None
            words = {
                "no_show": _tr("%1 marked as a no-show."),
                "park": _tr("%1 parked; resume it from the parked list."),
                "done": _tr("%1 closed."),
                "transfer": _tr("%1 transferred; the visitor keeps their place."),
            }
            self.window_.say(words[action].replace("%1", ticket.label))
        self._show_current()

    def recall(self) -> None:
        self._on_current("recall")

    def no_show(self) -> None:
        self._on_current("no_show")

    def park(self) -> None:
        self._on_current("park")

    def done(self) -> None:
        self._on_current("done")

    def transfer(self) -> None:
        if self.sq is None or self.current is None:
            return
        target = self.transfer_to.currentData()
        if target is None:
            return
        kind, value = target
        sq, actor, ticket_id = self.sq, self.sq.actor(self.staff), self.current.id
        if kind == "category":
            self._run(
                lambda: sq.backend.transfer(actor, ticket_id, category=value),
                lambda t: self._after("transfer", t),
            )
        else:
            self._run(
                lambda: sq.backend.transfer(actor, ticket_id, expert_id=value),
                lambda t: self._after("transfer", t),
            )

    def resume(self) -> None:
        item = self.parked.currentItem()
        if self.sq is None or item is None:
            self.window_.say(_tr("Select a parked visitor first."), error=True)
            return
        ticket_id = str(item.data(Qt.ItemDataRole.UserRole))
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._run(lambda: sq.backend.resume(actor, ticket_id), self._called)

    def send_back(self) -> None:
        """A supervisor returns a visitor left called at another desk to the lobby,
        in the same category, keeping their place."""
        item = self.desks.currentItem()
        if self.sq is None or item is None:
            self.window_.say(_tr("Select a desk's visitor first."), error=True)
            return
        ticket_id, category = item.data(Qt.ItemDataRole.UserRole)
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._run(
            lambda: sq.backend.transfer(actor, ticket_id, category=category),
            lambda t: self.window_.say(
                _tr("%1 is back in the lobby, in its place.").replace("%1", t.label)
            ),
        )

    def acknowledge_backup(self) -> None:
        """A supervisor answers the greeter's call; every screen sees it cleared."""
        if self.sq is None:
            return
        sq, actor = self.sq, self.sq.actor(self.staff)
        self._run(lambda: sq.backend.acknowledge_backup(actor), lambda _v: self.refresh())

    def _sale_completed(self, result: SaleResult) -> None:
        """Finishing the sale closes the ticket it served."""
        if self.sq is None or self.current is None:
            return
        sq, actor, ticket_id = self.sq, self.sq.actor(self.staff), self.current.id
        label = self.current.label
        self.current = None
        self._show_current()
        self._lane.run(
            lambda: sq.backend.close(actor, ticket_id, outcome="resolved", sale_id=result.sale_id),
            lambda _t: self.refresh(),
            lambda exc: self.window_.say(
                _tr("The sale is saved, but ticket %1 could not be closed: %2")
                .replace("%1", label)
                .replace("%2", error_text(exc)),
                error=True,
            ),
        )

    # ----- the list -------------------------------------------------------
    def _show_current(self) -> None:
        t = self.current
        if t is None:
            self.serving.setText(_tr("No visitor called"))
        else:
            language = current_language()
            cats = (
                {c.letter: c.name_in(language) for c in self.sq.settings.categories}
                if self.sq
                else {}
            )
            self.serving.setText(
                _tr("Serving %1 · %2")
                .replace("%1", t.label)
                .replace("%2", cats.get(t.category, t.category))
                + (f" · {t.visitor_name}" if t.visitor_name else "")
            )
        self._set_enabled(self.sq is not None)

    def refresh(self) -> None:
        if self.sq is None:
            return
        if self._refreshing:
            self._stale = True
            return
        self._refreshing = True
        sq = self.sq
        supervisor = self.figures.isVisible() or self.staff.role in (Role.SUPERVISOR, Role.ADMIN)

        def read() -> tuple[QueueSnapshot, DaySummary | None]:
            snap = sq.backend.snapshot()
            figures = None
            if supervisor:
                day = snap.at.astimezone(sq.settings.zone).date().isoformat()
                figures = summarise(
                    sq.backend.events_of_day(day),
                    day=day,
                    zone=sq.settings.zone,
                    standard=sq.settings.in_person_standard,
                )
            return snap, figures

        self._lane.run(read, self._refreshed, self._refresh_failed)

    def _refreshed(self, loaded: tuple[QueueSnapshot, DaySummary | None]) -> None:
        snap, figures = loaded
        self._refreshing = False
        self.snapshot = snap
        mine = [t for t in snap.serving if t.called_by == self.staff.id]
        if not self._busy:
            self.current = mine[0] if mine else None
            self._show_current()
        self._render()
        self.parked.clear()
        for t in snap.parked:
            item = QListWidgetItem(t.label)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.parked.addItem(item)
        if snap.backup_requests:
            last = snap.backup_requests[-1]
            self.alert.setText(
                _tr("Backup needed at the front desk (asked at %1).").replace(
                    "%1", format_site_time(datetime.fromisoformat(last["at"]), TIME)
                )
            )
            self.alert.show()
            self.ack_button.setVisible(self.staff.role in (Role.SUPERVISOR, Role.ADMIN))
        else:
            self.alert.hide()
            self.ack_button.hide()
        if figures is not None:
            lines = [
                _tr("Today: first-time resolution %1, abandonment %2")
                .replace("%1", f"{figures.first_time_resolution:.0%}")
                .replace("%2", f"{figures.total.abandonment_rate:.0%}")
            ]
            for f in figures.by_category:
                lines.append(
                    f"{f.category}: "
                    + _tr("%1 issued, %2 served, wait %3 min avg, service %4 min avg, %5 no-shows")
                    .replace("%1", str(f.issued))
                    .replace("%2", str(f.served))
                    .replace("%3", str(round(f.avg_wait_s / 60)))
                    .replace("%4", str(round(f.avg_service_s / 60)))
                    .replace("%5", str(f.no_shows))
                )
            self.figures.setText("\n".join(lines))
        if self._stale:
            self._stale = False
            self.refresh()

    def _render(self) -> None:
        """The waiting and desk lists, with waits computed as on the greeter's screen."""
        snap = self.snapshot
        if snap is None:
            return
        now = datetime.now(UTC)
        standard = self.sq.settings.in_person_standard if self.sq is not None else None
        selected = self.waiting.currentItem()
        keep = selected.data(Qt.ItemDataRole.UserRole) if selected is not None else None
        self.waiting.clear()
        for t in snap.waiting:
            notes = mark_words(t)
            over = standard is not None and is_over(t, now, standard)
            text = f"{t.label}  {wait_text(t, now)}"
            if notes:
                text += "  (" + ", ".join(notes) + ")"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(text)
            if over:
                item.setBackground(QBrush(OVER_STANDARD))
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, _tr("over the standard"))
            self.waiting.addItem(item)
            if t.id == keep:
                self.waiting.setCurrentItem(item)
        self.desks.clear()
        for t in snap.serving:
            if t.called_by == self.staff.id:
                continue
            since = t.called_at or t.waiting_since
            minutes = QCoreApplication.translate(
                "QueuePanel", "%n min", "", minutes_since(since, now)
            )
            item = QListWidgetItem(f"{t.label} → {t.counter or '?'}  {minutes}")
            item.setData(Qt.ItemDataRole.UserRole, (t.id, t.category))
            self.desks.addItem(item)

    def _refresh_failed(self, exc: Exception) -> None:
        self._refreshing = False
        self._stale = False
        self.status.setText(_tr("Queue unavailable — selling goes on; reconnecting by itself"))
        self.status.setStyleSheet("color: #b00020; font-weight: bold;")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.window_ and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        self._poll.stop()
        self._clock.stop()
        if self.bridge is not None:
            self.bridge.stop()
        self._lane.wait(5_000)
        database_lane().wait(5_000)


def install_queue_panel(window: StationWindow) -> QueuePanel | None:
    """The station window's hook: associates and supervisors get the queue dock."""
    if window.staff.role not in (Role.ASSOCIATE, Role.SUPERVISOR, Role.ADMIN):
        return None
    panel = QueuePanel(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    return panel
