"""Handing over the desk: park a visit, sign out or switch user, lock.

An open visit is never lost silently: before the user changes (Ctrl+L), or the
window closes, the associate chooses to park it (any user recalls it with
Shift+F5), discard it, or go back and finish it. The station locks after the
site's idle time (``idle_lock_minutes``) or on Ctrl+Shift+L; the lock keeps
the window and its visit as they are: the same user's password unlocks, a
different user signing in parks the visit (recallable) and takes the station
(the switch-user path). Sign-in, sign-out, lock and unlock are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counterapp.domain.clock import TIME, format_site_time
from counterapp.services.auth import (
    LoginError,
    StaffIdentity,
    idle_lock_minutes,
    login,
    record_session,
)
from counterapp.services.changes import Change, changes
from ui.language import format_cents
from ui.ops import database_lane
from ui.visit_model import VisitLine

if TYPE_CHECKING:
    from ui.context import StationContext
    from ui.station_window import StationWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("Desk", text)


@dataclass
class ParkedVisit:
    """A visit set aside at this station: its lines, who parked it and when."""

    lines: list[VisitLine]
    parked_by: str
    at: datetime
    ticket: str = ""

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents + line.tax_cents for line in self.lines)  # as the visit

    def label(self) -> str:
        what = ", ".join(line.description for line in self.lines[:3])
        if len(self.lines) > 3:
            what += ", …"
        return (
            _tr("%1 — %2, parked by %3 at %4")
            .replace("%1", format_cents(self.total_cents))
            .replace("%2", what)
            .replace("%3", self.parked_by)
            .replace("%4", format_site_time(self.at, TIME))
        )


def parked_visits(ctx: StationContext) -> list[ParkedVisit]:
    return ctx.parked


class OpenVisit(Enum):
    PARK = "park"
    DISCARD = "discard"
    BACK = "back"


class OpenVisitDialog(QDialog):
    """The visit is not finished: park it, discard it, or go back to it."""

    def __init__(self, why: str, summary: str, parent: QWidget, *, can_park: bool) -> None:
        super().__init__(parent)
        self.choice = OpenVisit.BACK
        self.setWindowTitle(_tr("The visit is not finished"))
        self.setAccessibleName(_tr("The visit is not finished"))
        v = QVBoxLayout(self)
        text = QLabel(why + "\n" + summary, self)
        text.setWordWrap(True)
        v.addWidget(text)
        if not can_park:
            note = QLabel(
                _tr("Tenders are taken: finish the sale, or discard and hand the money back."),
                self,
            )
            note.setWordWrap(True)
            v.addWidget(note)
        buttons = QDialogButtonBox(self)
        self.back = buttons.addButton(
            _tr("&Go back to the visit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.back.setAccessibleName(_tr("Go back to the visit"))
        self.park = buttons.addButton(_tr("&Park it"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.park.setAccessibleName(_tr("Park the visit; anyone recalls it with Shift+F5"))
        self.park.setEnabled(can_park)
        self.discard = buttons.addButton(
            _tr("&Discard it"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.discard.setAccessibleName(_tr("Discard the visit"))
        self.park.clicked.connect(lambda: self._choose(OpenVisit.PARK))
        self.discard.clicked.connect(lambda: self._choose(OpenVisit.DISCARD))
        self.back.clicked.connect(self.reject)
        (self.park if can_park else self.back).setDefault(True)
        v.addWidget(buttons)
        (self.park if can_park else self.back).setFocus()

    def _choose(self, choice: OpenVisit) -> None:
        self.choice = choice
        self.accept()


class RecallDialog(QDialog):
    """Shift+F5: the visits parked at this station; Enter recalls one."""

    def __init__(self, parked: list[ParkedVisit], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Recall a parked visit"))
        self.setAccessibleName(_tr("Recall a parked visit"))
        v = QVBoxLayout(self)
        label = QLabel(_tr("&Parked visits:"), self)
        self.list = QListWidget(self)
        self.list.setObjectName("parkedVisits")
        self.list.setAccessibleName(_tr("Parked visits"))
        self.list.setAccessibleDescription(
            _tr("Visits set aside at this station, with their total; Enter recalls one")
        )
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        label.setBuddy(self.list)
        for i, visit in enumerate(parked):
            item = QListWidgetItem(visit.label())
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _i: self.accept())
        v.addWidget(label)
        v.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_tr("&Recall"))
        self.ok.setAccessibleName(_tr("Recall the selected visit"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(_tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.list.setFocus()

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


class LockDialog(QDialog):
    """The station is locked: the same user's password continues; someone else
    signing in takes over (the visit is parked for them or its owner)."""

    escape_cancels = False  # a lock is not a question: only a password ends it

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.identity: StaffIdentity | None = None
        self._ops = database_lane()
        self.setWindowTitle(_tr("Station locked"))
        self.setAccessibleName(_tr("Station locked"))
        v = QVBoxLayout(self)
        title = QLabel(
            _tr("Locked. %1, type your password to continue.").replace(
                "%1", window.staff.display_name
            ),
            self,
        )
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        v.addWidget(title)
        note = QLabel(
            _tr("Someone else may sign in with their own user name; an open visit is parked."),
            self,
        )
        note.setWordWrap(True)
        v.addWidget(note)
        form = QFormLayout()
        self.username = QLineEdit(window.staff.username, self)
        self.username.setObjectName("lockUser")
        self.username.setAccessibleName(_tr("User name"))
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setAccessibleName(_tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        user_label = QLabel(_tr("&User name:"), self)
        user_label.setBuddy(self.username)
        pw_label = QLabel(_tr("&Password:"), self)
        pw_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(pw_label, self.password)
        v.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        v.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.unlock = buttons.addButton(_tr("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock.setObjectName("unlock")
        self.unlock.setAccessibleName(_tr("Unlock"))
        self.unlock.setDefault(True)
        buttons.accepted.connect(self._submit)
        v.addWidget(buttons)
        self.password.setFocus()

    def reject(self) -> None:
        """Escape does not unlock; the lock stays until a password is typed."""
        self.password.setFocus()

    def closeEvent(self, event: object) -> None:  # noqa: N802
        if self.identity is None and not self.window_.is_closing:
            event.ignore()  # type: ignore[attr-defined]
            return
        super().closeEvent(event)  # type: ignore[arg-type]

    def _submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.message.setText(_tr("Type your password."))
            return
        self.unlock.setEnabled(False)
        uow = self.window_.ctx.uow

        def check() -> StaffIdentity:
            who = login(uow(), username, password)
            if who.id == self.window_.staff.id:
                record_session(uow(), who, "unlock")
            return who

        self._ops.run(check, self._done, self._failed, changes=changes(Change.SESSION))

    def _done(self, identity: StaffIdentity) -> None:
        self.identity = identity
        self.password.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.unlock.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, LoginError):
            self.message.setText(_tr("Wrong user name or password. Check both and try again."))
        else:
            self.message.setText(_tr("Could not check the password: %1").replace("%1", str(exc)))


class IdleLock(QObject):
    """Locks the station window after the site's idle minutes without a key or click."""

    def __init__(self, window: StationWindow) -> None:
        super().__init__(window)
        self.window = window
        self.minutes = 0
        self.dialog: LockDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._ops = database_lane()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._ops.run(
            lambda: idle_lock_minutes(window.ctx.uow()), self._configured, lambda _e: None
        )

    def _configured(self, minutes: int) -> None:
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self._timer.stop()
        if minutes > 0:
            self._timer.start(minutes * 60_000)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        busy = event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
        if busy and self.minutes > 0 and not self.locked:
            self._timer.start(self.minutes * 60_000)
        return False

    def lock(self) -> None:
        if self.locked or self.window.is_closing:
            return
        self._timer.stop()
        staff = self.window.staff
        self._ops.run(lambda: record_session(self.window.ctx.uow(), staff, "lock"),
                      lambda _r: None, lambda _e: None,
                      changes=changes(Change.SESSION))  # fmt: skip
        dialog = LockDialog(self.window)
        dialog.setObjectName("lockDialog")
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._unlocked(dialog))
        self.window.lock_screen(True)
        dialog.open()

    def _unlocked(self, dialog: LockDialog) -> None:
        self.dialog = None
        dialog.deleteLater()
        who = dialog.identity
        self.window.lock_screen(False)
        if who is None:
            return
        if who.id == self.window.staff.id:
            self.window.say(_tr("Welcome back; the visit is as you left it."))
            if self.minutes > 0:
                self._timer.start(self.minutes * 60_000)
            return
        self.window.hand_over_to(who)

    def shutdown(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def settle_open_visit(window: StationWindow, why: str, then: Callable[[], None]) -> bool:
    """Ask what happens to the open visit; park or discard it as chosen, then
    call ``then``. Going back to the visit calls nothing. Returns True when
    nothing was open (``then`` has run already)."""
    if not window.model.lines and not window.has_tenders:
        then()
        return True
    if window.open_visit_dialog is not None:
        window.open_visit_dialog.raise_()
        return False
    summary = QCoreApplication.translate(
        "Desk", "%n line(s), total %1.", "", len(window.model.lines)
    ).replace("%1", format_cents(window.model.total_cents()))
    dialog = OpenVisitDialog(why, summary, window, can_park=not window.has_tenders)
    dialog.setObjectName("openVisitDialog")
    window.open_visit_dialog = dialog

    def done(result: int) -> None:
        window.open_visit_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            window.say(_tr("The visit is still open."))
            return
        if dialog.choice is OpenVisit.PARK:
            window.park_visit()
        elif dialog.choice is OpenVisit.DISCARD:
            window.discard_visit()
            window.say(_tr("The visit was discarded."))
        then()

    dialog.finished.connect(done)
    dialog.open()
    return False
