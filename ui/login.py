"""The sign-in dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counterapp.services.auth import LoginError, StaffIdentity, login
from counterapp.services.changes import Change, changes
from ui.context import StationContext
from ui.ops import database_lane


class LoginDialog(QDialog):
    def __init__(self, ctx: StationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._ops = database_lane()
        self.identity: StaffIdentity | None = None
        self.setWindowTitle(self.tr("counterapp — sign in"))
        self.setAccessibleName(self.tr("Sign in"))

        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setAccessibleName(self.tr("Sign-in message"))

        form = QFormLayout()
        user_label = QLabel(self.tr("&User name:"), self)
        user_label.setBuddy(self.username)
        pass_label = QLabel(self.tr("&Password:"), self)
        pass_label.setBuddy(self.password)
        form.addRow(user_label, self.username)
        form.addRow(pass_label, self.password)

        self.buttons = QDialogButtonBox(self)
        self.sign_in = self.buttons.addButton(
            self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in.setObjectName("signIn")
        self.sign_in.setAccessibleName(self.tr("Sign in"))
        self.sign_in.setDefault(True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Sign in to this counter"), self)
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.sign_in.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        self._ops.run(
            lambda: login(self._ctx.uow(), username, password),
            self._signed_in,
            self._failed,
            changes=changes(Change.SESSION),
        )

    def _signed_in(self, identity: StaffIdentity) -> None:
        self.identity = identity
        self.password.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.sign_in.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, LoginError):
            self.message.setText(self.tr("Wrong user name or password. Check both and try again."))
        else:
            self.message.setText(self.tr("Could not sign in: %1").replace("%1", str(exc)))
